import { z } from "zod";
import { Checkbox, safeString, safeText } from "~/app/lib/validation.ts";

/**
 * The forms of the Teams and Slack admin page (admin/chat); browser-safe. Messages are keys under
 * "validation." or, for what only this page says, under "chat.channels.errors." (the page's error
 * area, app/ui/error-notice.tsx).
 */

/** The most cards a channel may get a tenant-local day; the database checks the same range. */
export const CHAT_DAILY_LIMIT_MAX = 50;

/** The admin's label of a channel ("Marketing · General"); the database allows 1–100 characters. */
export const ChatChannelName = safeText({ max: 100 });

export const ChatChannelIdInput = z.object({ channelId: z.uuid({ error: "required" }) });
export type ChatChannelIdInput = z.infer<typeof ChatChannelIdInput>;

/** "HH:MM" on a 24-hour clock, as <input type="time"> sends it (seconds, if any, are dropped). */
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?$/;
const ClockTime = safeString({ error: "quietTime" }).trim().regex(CLOCK, "quietTime").optional();

/** Minutes after midnight of an "HH:MM" the schema accepted. */
export function clockMinutes(value: string): number {
  const [, h, m] = CLOCK.exec(value) ?? [];
  return Number(h) * 60 + Number(m);
}

/** Minutes after midnight as "HH:MM". */
export function clockText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * The settings of one channel. Quiet hours are wall-clock times in the tenant's time zone and may
 * wrap midnight (22:00–07:00); both empty is none. `topics: "chosen"` needs at least one topic (a
 * channel with no topic would get nothing but the digest: say "all" or pick some).
 */
export const UpdateChatChannelFields = ChatChannelIdInput.extend({
  name: ChatChannelName,
  topics: z.enum(["all", "chosen"], { error: "required" }),
  topicIds: z
    .array(z.uuid({ error: "topicUnknown" }))
    .max(500, "tooLong")
    .default([]),
  quietFrom: ClockTime,
  quietUntil: ClockTime,
  dailyLimit: z
    .number({ error: "dailyLimit" })
    .int("dailyLimit")
    .min(1, "dailyLimit")
    .max(CHAT_DAILY_LIMIT_MAX, "dailyLimit"),
  weeklyDigest: Checkbox.default(false),
});

type ChannelFields = z.infer<typeof UpdateChatChannelFields>;

/** The rules across fields: quiet hours both or neither and not empty, chosen topics not none. */
export function chatChannelRules(value: ChannelFields, ctx: z.RefinementCtx): void {
  if (value.topics === "chosen" && value.topicIds.length === 0)
    ctx.addIssue({ code: "custom", path: ["topicIds"], message: "topicsRequired" });
  const from = value.quietFrom || undefined;
  const until = value.quietUntil || undefined;
  if (from && !until) ctx.addIssue({ code: "custom", path: ["quietUntil"], message: "quietBoth" });
  if (until && !from) ctx.addIssue({ code: "custom", path: ["quietFrom"], message: "quietBoth" });
  if (from && until && clockMinutes(from) === clockMinutes(until))
    ctx.addIssue({ code: "custom", path: ["quietUntil"], message: "quietSame" });
}

export const UpdateChatChannelInput = UpdateChatChannelFields.superRefine(chatChannelRules);
export type UpdateChatChannelInput = z.input<typeof UpdateChatChannelInput>;

/** "Add a Teams channel": the URL is checked by parseTeamsWebhookUrl (teams-webhook.server.ts). */
export const AddTeamsChannelForm = z.object({
  name: ChatChannelName,
  webhookUrl: safeString({ error: "required" }).trim().min(1, "required").max(2048, "tooLong"),
});

/** "Add a Slack channel": the id as Slack shows it under the channel's details (C…, G…). */
export const AddSlackChannelForm = z.object({
  name: ChatChannelName,
  channelId: safeString({ error: "required" })
    .trim()
    .toUpperCase()
    .regex(/^[CG][A-Z0-9]{2,31}$/, "slack_channel_invalid"),
});
