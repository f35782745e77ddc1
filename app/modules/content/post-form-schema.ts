import { z } from "zod";
import { PostFields } from "~/app/modules/content/schemas.ts";
import { zonedLocalToDate } from "~/app/lib/zoned-time.ts";
import { DateInRange } from "~/app/lib/validation.ts";

/**
 * The post form's schema (browser and server): PostFields, with the `datetime-local` fields read
 * as wall-clock time in the tenant's time zone. Its output is a CreatePostInput.
 */
export function postFormSchema(timeZone: string) {
  const zonedDate = z.preprocess((v) => {
    if (v === "" || v === null || v === undefined) return undefined;
    if (typeof v !== "string") return v;
    return zonedLocalToDate(v, timeZone) ?? v;
  }, DateInRange.optional());
  return PostFields.extend({ publishAt: zonedDate, expiresAt: zonedDate }).superRefine((p, ctx) => {
    if (p.publishAt && p.expiresAt && p.expiresAt <= p.publishAt)
      ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "expiryBeforePublish" });
  });
}
