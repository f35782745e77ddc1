import type { z } from "zod";
import type { Tx } from "../../../db/client.ts";
import { recordAudit } from "../tenancy/audit.server.ts";
import type { Member } from "../tenancy/member.ts";
import { parseInput } from "../tenancy/member-rules.server.ts";
import { SuggestionInput } from "./schemas.ts";

/** Any member suggests a link for the comms team, with a reason why it is worth sharing. */
export async function createSuggestion(tx: Tx, actor: Member, raw: z.input<typeof SuggestionInput>): Promise<{ id: string }> {
  // Validated again here: the API and the form both end up in this function.
  const input = parseInput(SuggestionInput, raw);
  const row = await tx
    .insertInto("suggestions")
    .values({ tenant_id: actor.tenantId, suggester_id: actor.id, url: input.url, reason: input.reason })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(tx, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "suggestion.created", subject: row.id, data: { url: input.url } });
  return { id: row.id };
}
