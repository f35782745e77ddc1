import { z } from "zod";
import { LOCALES } from "../../db/schema.ts";
import { renderEmail, templates } from "../../emails/render.ts";
import { EmailRejectedError, sendRenderedEmail } from "../../emails/send.ts";
import { defineJob, PermanentJobError } from "../define.ts";

const envelope = {
  to: z.email(),
  locale: z.enum(LOCALES),
  /** One key per logical email (e.g. "magic-link/<token id>"): a retried or re-enqueued job sends once. */
  idempotencyKey: z.string().min(1).max(200),
};

export const SendEmailPayload = z.discriminatedUnion("template", [
  z.object({ ...envelope, template: z.literal("magic-link"), props: templates["magic-link"].props }),
  z.object({ ...envelope, template: z.literal("invitation"), props: templates.invitation.props }),
  z.object({ ...envelope, template: z.literal("review-requested"), props: templates["review-requested"].props }),
  z.object({ ...envelope, template: z.literal("post-decision"), props: templates["post-decision"].props }),
  z.object({ ...envelope, template: z.literal("suggestion-decision"), props: templates["suggestion-decision"].props }),
  z.object({ ...envelope, template: z.literal("suggestion-received"), props: templates["suggestion-received"].props }),
  z.object({ ...envelope, template: z.literal("escalation-reported"), props: templates["escalation-reported"].props }),
  z.object({ ...envelope, template: z.literal("goal-agreement"), props: templates["goal-agreement"].props }),
  z.object({ ...envelope, template: z.literal("weekly-digest"), props: templates["weekly-digest"].props }),
  z.object({ ...envelope, template: z.literal("programme-digest"), props: templates["programme-digest"].props }),
]);
export type SendEmailPayload = z.input<typeof SendEmailPayload>;

export const sendEmailJob = defineJob({
  name: "send-email",
  payload: SendEmailPayload,
  async handler(payload, { log }) {
    const rendered = await renderEmail(payload.template, payload.locale, payload.props);
    try {
      const sent = await sendRenderedEmail(
        { to: payload.to, ...rendered },
        // Namespaced so a key chosen by one job type can never suppress another's request at Resend.
        { idempotencyKey: `send-email/${payload.idempotencyKey}` },
      );
      log.info({ template: payload.template, transport: sent.transport, emailId: sent.id }, "email sent");
    } catch (err) {
      if (err instanceof EmailRejectedError && err.permanent) throw new PermanentJobError(err.message, { cause: err });
      throw err;
    }
  },
});
