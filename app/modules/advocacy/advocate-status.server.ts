import type { Tx } from "~/db/client.ts";
import { ForbiddenError } from "~/app/lib/errors.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { CONSENT_VERSION } from "~/app/modules/advocacy/consent-text.ts";

export interface AdvocateStatus {
  optedIn: boolean;
  /** the consent text version of the current (open) consent; null when not in */
  consentVersion: string | null;
  consentedAt: Date | null;
  /** in, but the open consent is to an earlier text than CONSENT_VERSION: confirm before sharing */
  consentOutdated: boolean;
  /** the newest published guidelines version; null when the tenant has none yet */
  currentGuidelineVersion: number | null;
  /** true when the tenant has no guidelines yet, or the member acknowledged the newest version */
  guidelinesAcknowledged: boolean;
  onboardingDone: boolean;
}

export type AdvocateGateCode = "not_opted_in" | "consent_outdated" | "guidelines_pending";

const GATE_MESSAGES: Record<AdvocateGateCode, string> = {
  not_opted_in: "the member has not joined the advocacy programme",
  consent_outdated: "the member agreed to an earlier consent text and has not confirmed the current one",
  guidelines_pending: "the member has not acknowledged the current guidelines",
};

/** A 403 whose code says what the member still has to do before sharing. */
export class AdvocateRequiredError extends ForbiddenError {
  constructor(override readonly code: AdvocateGateCode) {
    super(GATE_MESSAGES[code], code);
  }
}

/** Where the member stands in the programme; call inside withTenant(member.tenantId). */
export async function getAdvocateStatus(tx: Tx, member: Member): Promise<AdvocateStatus> {
  const consent = await tx
    .selectFrom("advocacy_consents")
    .select(["consent_version", "granted_at"])
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .where("withdrawn_at", "is", null)
    .orderBy("granted_at", "desc")
    .limit(1)
    .executeTakeFirst();
  const current = await tx
    .selectFrom("guidelines")
    .select((eb) => eb.fn.max("version").as("version"))
    .where("tenant_id", "=", member.tenantId)
    .executeTakeFirst();
  const currentGuidelineVersion = current?.version ?? null;
  const acknowledged =
    currentGuidelineVersion === null
      ? true
      : (await tx
          .selectFrom("guideline_acknowledgements")
          .select("id")
          .where("tenant_id", "=", member.tenantId)
          .where("membership_id", "=", member.id)
          .where("version", "=", currentGuidelineVersion)
          .executeTakeFirst()) !== undefined;
  const onboarding = await tx
    .selectFrom("onboarding_completions")
    .select("id")
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .limit(1)
    .executeTakeFirst();
  return {
    optedIn: consent !== undefined,
    consentVersion: consent?.consent_version ?? null,
    consentedAt: consent?.granted_at ?? null,
    consentOutdated: consent !== undefined && consent.consent_version !== CONSENT_VERSION,
    currentGuidelineVersion,
    guidelinesAcknowledged: acknowledged,
    onboardingDone: onboarding !== undefined,
  };
}

/**
 * The gate before any share, tracked link or credit: the member has joined the programme, agreed
 * to the current consent text (a consent to an earlier text does not cover what the current one
 * added) and acknowledged the newest guidelines. Onboarding is recommended, not required.
 */
export async function requireAdvocate(tx: Tx, member: Member): Promise<AdvocateStatus> {
  const status = await getAdvocateStatus(tx, member);
  if (!status.optedIn) throw new AdvocateRequiredError("not_opted_in");
  if (status.consentOutdated) throw new AdvocateRequiredError("consent_outdated");
  if (!status.guidelinesAcknowledged) throw new AdvocateRequiredError("guidelines_pending");
  return status;
}

/**
 * In the programme under the current consent text (one query): what the consent text makes the
 * condition for noting the member's own IP keys (tracking/member-ip.server.ts).
 */
export async function hasCurrentConsent(tx: Tx, member: Member): Promise<boolean> {
  const row = await tx
    .selectFrom("advocacy_consents")
    .select("id")
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .where("withdrawn_at", "is", null)
    .where("consent_version", "=", CONSENT_VERSION)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
