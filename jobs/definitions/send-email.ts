import { z } from "zod";
import { database } from "~/db/client.ts";
import { LOCALES } from "~/db/schema.ts";
import { renderEmail, templates, type RenderedEmail } from "~/emails/render.ts";
import {
  InvitationLinkRef,
  mintInvitationLink,
  mintSignInLink,
  SignInLinkRef,
} from "~/app/modules/auth/mint-link.server.ts";
import { hashToken } from "~/app/modules/auth/tokens.server.ts";
import { EmailRejectedError, sendRenderedEmail } from "~/emails/send.ts";
import { defineJob, PermanentJobError } from "~/jobs/define.ts";

const envelope = {
  to: z.email(),
  locale: z.enum(LOCALES),
  /** One key per logical email (e.g. "magic-link/<token id>"): a retried or re-enqueued job sends once. */
  idempotencyKey: z.string().min(1).max(200),
};

export const SendEmailPayload = z.discriminatedUnion("template", [
  // No url in these two: the link holds a secret, and the job mints it from `link` when it sends.
  z.object({
    ...envelope,
    template: z.literal("magic-link"),
    link: SignInLinkRef,
    props: templates["magic-link"].props.omit({ url: true }).strict(),
  }),
  z.object({
    ...envelope,
    template: z.literal("invitation"),
    link: InvitationLinkRef,
    props: templates.invitation.props.omit({ url: true }).strict(),
  }),
  z.object({
    ...envelope,
    template: z.literal("review-requested"),
    props: templates["review-requested"].props,
  }),
  z.object({ ...envelope, template: z.literal("post-decision"), props: templates["post-decision"].props }),
  z.object({
    ...envelope,
    template: z.literal("suggestion-decision"),
    props: templates["suggestion-decision"].props,
  }),
  z.object({
    ...envelope,
    template: z.literal("suggestion-received"),
    props: templates["suggestion-received"].props,
  }),
  z.object({
    ...envelope,
    template: z.literal("escalation-reported"),
    props: templates["escalation-reported"].props,
  }),
  z.object({ ...envelope, template: z.literal("goal-agreement"), props: templates["goal-agreement"].props }),
  z.object({ ...envelope, template: z.literal("weekly-digest"), props: templates["weekly-digest"].props }),
  z.object({
    ...envelope,
    template: z.literal("programme-digest"),
    props: templates["programme-digest"].props,
  }),
  z.object({
    ...envelope,
    template: z.literal("data-export-ready"),
    props: templates["data-export-ready"].props,
  }),
]);
export type SendEmailPayload = z.input<typeof SendEmailPayload>;

export const sendEmailJob = defineJob({
  name: "send-email",
  payload: SendEmailPayload,
  async handler(payload, { log }) {
    const mail = await render(payload);
    if (!mail) {
      log.info({ template: payload.template }, "link superseded, used or expired: nothing to send");
      return;
    }
    try {
      const sent = await sendRenderedEmail(
        { to: payload.to, ...mail.rendered },
        // Namespaced so a key chosen by one job type can never suppress another's request at Resend.
        // A freshly minted link is another message: reusing the key for it would make Resend refuse it.
        { idempotencyKey: `send-email/${payload.idempotencyKey}${mail.linkKey}` },
      );
      log.info({ template: payload.template, transport: sent.transport, emailId: sent.id }, "email sent");
    } catch (err) {
      if (err instanceof EmailRejectedError && err.permanent)
        throw new PermanentJobError(err.message, { cause: err });
      throw err;
    }
  },
});

/** The rendered mail, minting the secret link first where the template has one; null when that link is gone. */
async function render(
  payload: z.output<typeof SendEmailPayload>,
): Promise<{ rendered: RenderedEmail; linkKey: string } | null> {
  if (payload.template !== "magic-link" && payload.template !== "invitation") {
    return { rendered: await renderEmail(payload.template, payload.locale, payload.props), linkKey: "" };
  }
  const { db } = await database();
  const url =
    payload.link.kind === "sign-in"
      ? await mintSignInLink(db, payload.link)
      : await mintInvitationLink(db, payload.link);
  if (!url) return null;
  const linkKey = `/${hashToken(url).slice(0, 16)}`;
  if (payload.template === "magic-link")
    return { rendered: await renderEmail("magic-link", payload.locale, { ...payload.props, url }), linkKey };
  return { rendered: await renderEmail("invitation", payload.locale, { ...payload.props, url }), linkKey };
}
