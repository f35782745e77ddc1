import { z } from "zod";
import { LOCALES } from "~/db/schema.ts";
import { templates } from "~/emails/render.ts";
import { defineJob } from "~/jobs/define.ts";

/**
 * Sign-in and invitation mails carry a secret link, which a payload must not hold: the payload names
 * the row and the handler mints the link when it sends (app/modules/auth/mint-link.server.ts says why).
 */
export const SignInLinkRef = z.object({ kind: z.literal("sign-in"), id: z.uuid() });
export type SignInLinkRef = z.infer<typeof SignInLinkRef>;

/**
 * An invitation row is re-issued in place ("send again" renews it); its expiry identifies the
 * issue, so a job queued for an earlier issue finds nothing to mint once the invitation was renewed.
 */
export const InvitationLinkRef = z.object({
  kind: z.literal("invitation"),
  tenantId: z.uuid(),
  id: z.uuid(),
  expiresAt: z.iso.datetime(),
});
export type InvitationLinkRef = z.infer<typeof InvitationLinkRef>;

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

/** Renders and sends one mail; the handler is jobs/definitions/send-email.ts. */
export const sendEmailContract = defineJob({ name: "send-email", payload: SendEmailPayload });
