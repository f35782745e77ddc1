import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { DB } from "~/db/client.ts";
import { LOCALES } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { ConflictError, DomainError } from "~/app/lib/errors.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { parseInput, safeString, safeText } from "~/app/lib/validation.ts";
import type { SendOutcome } from "~/app/modules/chat/chat-message.ts";
import { openSlackBotToken } from "~/app/modules/chat/slack-installation.server.ts";
import { postToSlack } from "~/app/modules/chat/slack-send.server.ts";
import { recordChannelAdded } from "~/app/modules/chat/chat-channel-records.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";

/** A Slack channel id: C… (public), G… (private, older workspaces); as Slack shows it in the channel's details. */
export const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{2,31}$/;

export const AddSlackChannelInput = z.object({
  /** the admin's label, e.g. "#marketing" (the database allows 1–100 characters) */
  name: safeText({ max: 100 }),
  // not upper-cased: "general" is a channel's name, not its id, and must be told so
  channelId: safeString({ error: "required" }).trim().regex(SLACK_CHANNEL_ID, "slackChannelId"),
  /** the test message's language; default the company's */
  locale: z.enum(LOCALES).optional(),
});
export type AddSlackChannelInput = z.input<typeof AddSlackChannelInput>;

/** The test message did not arrive; the code says what the admin can do about it. */
export class SlackTestMessageError extends DomainError {
  constructor(readonly outcome: Extract<SendOutcome, { ok: false }>) {
    super(
      `the Slack test message did not arrive: ${outcome.error}`,
      outcome.error === "not_in_channel"
        ? "slack_not_in_channel"
        : outcome.error === "channel_not_found" || outcome.error === "is_archived"
          ? "slack_channel_not_found"
          : "slack_send_failed",
    );
  }
}

/**
 * Adds a channel of the company's Slack workspace by its id. A test message goes first
 * (chat.postMessage: the bot must be in the channel, `/invite @Chorus`), and only when Slack took it
 * is the channel saved, with the test as a sent delivery and an audit event.
 *
 * Takes `db`, not a transaction: the test message is sent between transactions, never inside one,
 * and nothing is written when it fails.
 */
export async function addSlackChannel(
  db: DB,
  actor: Member,
  input: AddSlackChannelInput,
  opts: { now?: Date } = {},
): Promise<{ id: string }> {
  requirePermission(actor, "integrations.manage");
  const fields = z.safeParse(AddSlackChannelInput, input);
  if (
    !fields.success &&
    fields.error.issues.some((i) => i.path[0] === "channelId" && i.message === "slackChannelId")
  )
    throw new DomainError("not a Slack channel id", "slack_channel_invalid");
  const value = parseInput(AddSlackChannelInput, input, "invalid Slack channel");

  const { tenant, installation } = await withTenant(db, actor.tenantId, async (tx) => {
    const taken = await tx
      .selectFrom("chat_channels")
      .select("id")
      .where("tenant_id", "=", actor.tenantId)
      .where("provider", "=", "slack")
      .where("slack_channel_id", "=", value.channelId)
      .executeTakeFirst();
    if (taken) throw new ConflictError("the Slack channel is already added", "slack_channel_exists");
    return {
      tenant: await tx
        .selectFrom("tenants")
        .select(["name", "default_locale", "time_zone"])
        .where("id", "=", actor.tenantId)
        .executeTakeFirstOrThrow(),
      installation: await openSlackBotToken(tx, actor.tenantId),
    };
  });
  if (!installation) throw new ConflictError("Slack is not installed", "slack_not_installed");

  const outcome = await postToSlack(installation.botToken, value.channelId, {
    kind: "test",
    locale: value.locale ?? tenant.default_locale,
    tenantName: tenant.name,
    channelName: value.name,
  });
  if (!outcome.ok) throw new SlackTestMessageError(outcome);

  const now = opts.now ?? new Date();
  const id = randomUUID();
  await withTenant(db, actor.tenantId, async (tx) => {
    const inserted = await tx
      .insertInto("chat_channels")
      .values({
        tenant_id: actor.tenantId,
        id,
        provider: "slack",
        name: value.name,
        slack_channel_id: value.channelId,
        created_by: actor.id,
        last_success_at: now,
      })
      // two admins adding the same channel at once: the second is told, not given a 500
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) throw new ConflictError("the Slack channel is already added", "slack_channel_exists");
    await recordChannelAdded(tx, {
      tenantId: actor.tenantId,
      channelId: id,
      actorUserId: actor.userId,
      timeZone: tenant.time_zone,
      now,
      data: { provider: "slack", name: value.name, slackChannelId: value.channelId },
    });
  });
  return { id };
}
