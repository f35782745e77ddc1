import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Resend } from "resend";
import { parseEnv } from "~/app/lib/env.server.ts";

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

export interface SentEmail {
  id: string;
  transport: MailTransport;
}

export interface OutboxMessage extends OutgoingEmail {
  id: string;
  from: string;
  createdAt: string;
}

export type OutboxSummary = Pick<OutboxMessage, "id" | "to" | "subject" | "createdAt">;

export type MailTransport = "resend" | "outbox";

/**
 * The provider said no and retrying the same request cannot change its mind (a 4xx about the
 * message itself). Callers should fail for good instead of retrying.
 */
export class EmailRejectedError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "EmailRejectedError";
  }
}

// Read per call rather than through the cached env(): a process (and the tests) may switch
// transports without a restart, and parsing a handful of variables costs microseconds.
function mailConfig() {
  const e = parseEnv(process.env);
  return { apiKey: e.RESEND_API_KEY, baseUrl: e.RESEND_BASE_URL, from: e.MAIL_FROM, dir: e.MAIL_DIR };
}

export function mailTransport(): MailTransport {
  return mailConfig().apiKey ? "resend" : "outbox";
}

/**
 * Sends one rendered email. The idempotency key makes a retried send (a job that ran twice)
 * deliver once: Resend deduplicates on it, and the file outbox keeps one file per key.
 */
export async function sendRenderedEmail(
  email: OutgoingEmail,
  opts: { idempotencyKey: string },
): Promise<SentEmail> {
  const config = mailConfig();
  if (config.apiKey) {
    // The SDK would read RESEND_BASE_URL itself, but only from the raw environment; pass the validated one.
    const resend = new Resend(
      config.apiKey,
      config.baseUrl ? { baseUrl: config.baseUrl.replace(/\/$/, "") } : undefined,
    );
    const { data, error } = await resend.emails.send(
      { from: config.from, to: email.to, subject: email.subject, html: email.html, text: email.text },
      { idempotencyKey: opts.idempotencyKey },
    );
    if (error) {
      const status = error.statusCode;
      // 400/422 describe the message itself, and reusing a key for a different message is a bug;
      // 401/403/429/5xx and a concurrent request with the same key may pass on a later attempt.
      const permanent = status === 400 || status === 422 || error.name === "invalid_idempotent_request";
      throw new EmailRejectedError(
        `Resend refused the email to ${email.to} (${status ?? "no response"} ${error.name}): ${error.message}`,
        permanent,
      );
    }
    return { id: data.id, transport: "resend" };
  }
  return {
    id: await writeToOutbox(config.dir, config.from, email, opts.idempotencyKey),
    transport: "outbox",
  };
}

const OUTBOX_ID = /^[0-9TZ-]{20,40}-[0-9a-f]{12}$/;

let lastStampMs = 0;
/**
 * The outbox's time stamp, strictly increasing within this process: mails written in the same
 * millisecond (a burst of sign-in links) still list, and sort by name, in the order they were sent,
 * so "the newest mail" is the one with the link that works.
 */
function outboxStamp(): string {
  lastStampMs = Math.max(Date.now(), lastStampMs + 1);
  return new Date(lastStampMs).toISOString();
}

async function writeToOutbox(
  dir: string,
  from: string,
  email: OutgoingEmail,
  idempotencyKey: string,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const keyHash = createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 12);
  const existing = (await readdir(dir)).find((f) => f.endsWith(`-${keyHash}.json`));
  if (existing) return existing.slice(0, -".json".length);

  const createdAt = outboxStamp();
  // ':' and '.' would make awkward file names and URLs; the stamp still sorts chronologically.
  const id = `${createdAt.replace(/[:.]/g, "-")}-${keyHash}`;
  const message: OutboxMessage = {
    id,
    to: email.to,
    from,
    subject: email.subject,
    html: email.html,
    text: email.text,
    createdAt,
  };
  await writeFile(join(dir, `${id}.json`), JSON.stringify(message, null, 2));
  return id;
}

/** The development outbox, newest first. */
export async function listOutbox(limit = 200): Promise<OutboxSummary[]> {
  const dir = mailConfig().dir;
  const files = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [];
    throw err;
  });
  const ids = files
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .filter((id) => OUTBOX_ID.test(id))
    .sort()
    .reverse()
    .slice(0, limit);
  const messages = await Promise.all(ids.map((id) => readOutboxMessage(id)));
  return messages
    .filter((m) => m !== null)
    .map(({ id, to, subject, createdAt }) => ({ id, to, subject, createdAt }));
}

/** One outbox message, or null when the id is malformed (never touches the file system then) or unknown. */
export async function readOutboxMessage(id: string): Promise<OutboxMessage | null> {
  if (!OUTBOX_ID.test(id)) return null;
  try {
    return JSON.parse(await readFile(join(mailConfig().dir, `${id}.json`), "utf8")) as OutboxMessage;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}
