import { z } from "zod";
import { database } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { renderEmail, type RenderedEmail } from "~/emails/render.ts";
import { mintInvitationLink, mintSignInLink } from "~/app/modules/auth/mint-link.server.ts";
import { hashToken } from "~/app/modules/auth/tokens.server.ts";
import { EmailRejectedError, sendRenderedEmail } from "~/emails/send.ts";
import { sendEmailContract, type SendEmailPayload } from "~/jobs/contracts/send-email.ts";
import { defineHandler, PermanentJobError } from "~/jobs/define.ts";

export const sendEmailJob = defineHandler(sendEmailContract, async (payload, { log }) => {
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
});

/** The rendered mail, minting the secret link first where the template has one; null when that link is gone. */
async function render(
  payload: z.output<typeof SendEmailPayload>,
): Promise<{ rendered: RenderedEmail; linkKey: string } | null> {
  if (payload.template !== "magic-link" && payload.template !== "invitation") {
    return { rendered: await renderEmail(payload.template, payload.locale, payload.props), linkKey: "" };
  }
  const { db } = await database();
  const link = payload.link;
  const url =
    link.kind === "sign-in"
      ? await mintSignInLink(db, link)
      : await withTenant(db, link.tenantId, (tx) => mintInvitationLink(tx, link));
  if (!url) return null;
  const linkKey = `/${hashToken(url).slice(0, 16)}`;
  if (payload.template === "magic-link")
    return { rendered: await renderEmail("magic-link", payload.locale, { ...payload.props, url }), linkKey };
  return { rendered: await renderEmail("invitation", payload.locale, { ...payload.props, url }), linkKey };
}
