import type { Tx } from "~/db/client.ts";
import type { OnboardingPath } from "~/db/tables/advocacy.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";

/** Records that the member finished an onboarding path; finishing the same path again changes nothing. */
export async function completeOnboarding(tx: Tx, member: Member, path: OnboardingPath): Promise<void> {
  await tx
    .insertInto("onboarding_completions")
    .values({ tenant_id: member.tenantId, membership_id: member.id, path })
    .onConflict((oc) => oc.columns(["tenant_id", "membership_id", "path"]).doNothing())
    .execute();
}
