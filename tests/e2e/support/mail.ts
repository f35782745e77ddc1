/**
 * Reading what the app "sent": the fake Resend server (tests/fakes/resend.ts, started by
 * playwright.config.ts on port 4010) records every POST /emails and lists them at /_test/emails.
 */
import type { ReceivedEmail } from "~/tests/fakes/resend.ts";

export const FAKE_RESEND_URL = "http://127.0.0.1:4010";

export type Mail = ReceivedEmail;

/** Every email the fake has received in this run, oldest first. */
export async function allMail(): Promise<Mail[]> {
  const res = await fetch(`${FAKE_RESEND_URL}/_test/emails`);
  if (!res.ok) throw new Error(`GET ${FAKE_RESEND_URL}/_test/emails answered ${res.status}`);
  return (await res.json()) as Mail[];
}

/** "Ada <ADA@example.com>" and "ada@example.com" name the same mailbox. */
function addressOf(recipient: string): string {
  const angle = /<([^>]+)>\s*$/.exec(recipient);
  return (angle?.[1] ?? recipient).trim().toLowerCase();
}

/**
 * The newest email to `email` (optionally with a matching subject), waiting for it to arrive:
 * emails go out from jobs, after the request that caused them has already answered.
 * Pass `after` (e.g. the count from `allMail()` taken before the action) to ignore older mail.
 */
export async function latestMailTo(
  email: string,
  options: { subject?: RegExp; timeoutMs?: number; after?: number } = {},
): Promise<Mail> {
  const { subject, timeoutMs = 10_000, after = 0 } = options;
  const wanted = addressOf(email);
  const deadline = Date.now() + timeoutMs;
  let seen: Mail[];
  for (;;) {
    seen = await allMail();
    const match = seen
      .slice(after)
      .filter((m) => m.to.some((r) => addressOf(r) === wanted) && (!subject || subject.test(m.subject)))
      .at(-1);
    if (match) return match;
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const got =
    seen.map((m) => `  - to ${m.to.join(", ")}: ${JSON.stringify(m.subject)}`).join("\n") || "  (none)";
  throw new Error(
    `No email to ${email}${subject ? ` with a subject matching ${subject}` : ""} within ${timeoutMs} ms. ` +
      `The fake Resend received:\n${got}`,
  );
}

/**
 * The first link in `html` whose href contains `pathPrefix` (e.g. "/login/verify"), with HTML
 * entities in the attribute decoded so it can be passed to page.goto().
 */
export function firstLinkIn(html: string | undefined, pathPrefix: string): string {
  for (const [, , raw] of (html ?? "").matchAll(/<a\b[^>]*?\shref\s*=\s*(["'])(.*?)\1/gis)) {
    const href = decodeEntities(raw ?? "");
    if (href.includes(pathPrefix)) return href;
  }
  throw new Error(
    `No link containing ${JSON.stringify(pathPrefix)} in the email:\n${html ?? "(no html part)"}`,
  );
}

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
