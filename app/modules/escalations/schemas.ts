import { z } from "zod";
import { safeString, safeText } from "~/app/lib/validation.ts";

/**
 * Escalation schemas shared by the forms (browser) and the use cases (server). Messages are i18n
 * keys under "validation.".
 */

/** An absolute http(s) URL without credentials; anything unparsable is a field error, never a throw. */
function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === "http:" || url.protocol === "https:") &&
      url.hostname !== "" &&
      url.username === "" &&
      url.password === ""
    );
  } catch {
    return false;
  }
}

/**
 * Where the discussion is: http(s) only, it becomes a link in the comms team's inbox. (Not content's
 * HttpUrl: its credentials refinement throws on an unparsable string instead of reporting it.)
 */
export const DiscussionUrl = safeString({ error: "required" })
  .trim()
  .min(1, "required")
  .max(2048, "tooLong")
  .refine(isHttpUrl, "httpUrl");

export const ReportEscalationInput = z.object({
  url: DiscussionUrl,
  note: safeText({ max: 2000 }),
});
export type ReportEscalationInput = z.infer<typeof ReportEscalationInput>;

export const MarkHandledInput = z.object({
  escalationId: z.uuid(),
  /** optional: what the comms team did; blank counts as none */
  note: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    safeString().trim().max(2000, "tooLong").optional(),
  ),
});
export type MarkHandledInput = z.infer<typeof MarkHandledInput>;

export const ReopenEscalationInput = z.object({ escalationId: z.uuid() });
export type ReopenEscalationInput = z.infer<typeof ReopenEscalationInput>;
