import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { DB } from "~/db/client.ts";
import { LOCALES } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { DomainError } from "~/app/lib/errors.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import type { Keyring } from "~/app/lib/secrets-keyring.server.ts";
import { parseInput, safeString, safeText } from "~/app/lib/validation.ts";
import { requireChatKeyring, teamsWebhookContext } from "~/app/modules/chat/chat-secrets.server.ts";
import {
  parseTeamsWebhookUrl,
  postToTeams,
  TEAMS_WEBHOOK_MAX_URL_LENGTH,
  type TeamsSendOutcome,
} from "~/app/modules/chat/teams-webhook.server.ts";
import { open, seal } from "~/app/modules/profiles/secret-box.server.ts";
import { recordChannelAdded } from "~/app/modules/chat/chat-channel-records.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";

export const AddTeamsChannelInput = z.object({
  /** the admin's label, e.g. "Marketing · General" (the database allows 1–100 characters) */
  name: safeText({ max: 100 }),
  /** the Workflows webhook URL; parseTeamsWebhookUrl checks the host */
  webhookUrl: safeString({ error: "required" })
    .trim()
    .min(1, "required")
    .max(TEAMS_WEBHOOK_MAX_URL_LENGTH, "tooLong"),
  /** the test card's language; default the company's */
  locale: z.enum(LOCALES).optional(),
});
export type AddTeamsChannelInput = z.input<typeof AddTeamsChannelInput>;

/**
 * The test card did not arrive. The code says why in words an admin can act on (teams_webhook_not_found:
 * 404/410, the workflow is gone or the URL incomplete; teams_webhook_refused: any other refusal;
 * teams_webhook_unreachable: timeout, network, 429 or 5xx, try later); `outcome` keeps the HTTP status
 * and Workflows' error code for the log and the page, never the URL.
 */
export class TeamsTestCardError extends DomainError {
  constructor(readonly outcome: Extract<TeamsSendOutcome, { ok: false }>) {
    super(
      `the Teams test card did not arrive: ${outcome.error}`,
      !outcome.permanent
        ? "teams_webhook_unreachable"
        : outcome.status === 404 || outcome.status === 410
          ? "teams_webhook_not_found"
          : "teams_webhook_refused",
    );
  }
}

/**
 * Adds a Teams channel by its Workflows webhook URL. The URL is checked (parseTeamsWebhookUrl), then
 * a test card is sent to it, and only when Workflows accepted it is the channel saved: the URL sealed
 * with the secrets keyring (bound to this tenant and channel id), its host kept in clear for admins,
 * the test as a sent delivery, an audit event that names the host (never the URL).
 *
 * Takes `db`, not a transaction: the test card (up to TEAMS_WEBHOOK_TIMEOUT_MS) is sent between
 * transactions, never inside one, and nothing is written when it fails.
 */
export async function addTeamsChannel(
  db: DB,
  actor: Member,
  input: AddTeamsChannelInput,
  opts: { now?: Date } = {},
): Promise<{ id: string; webhookHost: string }> {
  requirePermission(actor, "integrations.manage");
  const value = parseInput(AddTeamsChannelInput, input, "invalid Teams channel");
  const url = parseTeamsWebhookUrl(value.webhookUrl);
  const keys = requireChatKeyring();

  const tenant = await withTenant(db, actor.tenantId, (tx) =>
    tx
      .selectFrom("tenants")
      .select(["name", "default_locale", "time_zone"])
      .where("id", "=", actor.tenantId)
      .executeTakeFirstOrThrow(),
  );
  const outcome = await postToTeams(url.href, {
    kind: "test",
    locale: value.locale ?? tenant.default_locale,
    tenantName: tenant.name,
    channelName: value.name,
  });
  if (!outcome.ok) throw new TeamsTestCardError(outcome);

  const now = opts.now ?? new Date();
  const id = randomUUID();
  const webhookHost = url.host;
  await withTenant(db, actor.tenantId, async (tx) => {
    await tx
      .insertInto("chat_channels")
      .values({
        tenant_id: actor.tenantId,
        id,
        provider: "teams",
        name: value.name,
        webhook_url_encrypted: seal(keys, url.href, teamsWebhookContext(actor.tenantId, id)),
        webhook_host: webhookHost,
        created_by: actor.id,
        last_success_at: now,
      })
      .execute();
    await recordChannelAdded(tx, {
      tenantId: actor.tenantId,
      channelId: id,
      actorUserId: actor.userId,
      timeZone: tenant.time_zone,
      now,
      data: { provider: "teams", name: value.name, webhookHost },
    });
  });
  return { id, webhookHost };
}

/** The webhook URL of a Teams channel, opened for one send (keep it in memory only, never log it). */
export function openTeamsWebhookUrl(
  keys: Keyring,
  tenantId: string,
  channelId: string,
  sealed: string,
): string {
  return open(keys, sealed, teamsWebhookContext(tenantId, channelId));
}
