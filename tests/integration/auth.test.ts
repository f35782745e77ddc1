import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { database } from "~/db/client.ts";
import { drainInProcessJobs } from "~/jobs/queue.ts";
import { RateLimitedError } from "~/app/lib/errors.ts";
import { resetRateLimits } from "~/app/lib/rate-limit.server.ts";
import { consumeSignInLink } from "~/app/modules/auth/consume-sign-in-link.server.ts";
import { requestSignInLink } from "~/app/modules/auth/request-sign-in-link.server.ts";
import {
  createSession,
  invalidateAllSessions,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  validateSessionToken,
} from "~/app/modules/auth/session.server.ts";
import { hashToken } from "~/app/modules/auth/tokens.server.ts";
import { createUser, uniqueId } from "~/tests/support/factories.ts";

// Mail goes to a file outbox of this test file; Redis unset → jobs run in-process.
const outbox = mkdtempSync(join(tmpdir(), "chorus-auth-mail-"));
process.env.MAIL_DIR = outbox;
delete process.env.RESEND_API_KEY;
delete process.env.REDIS_URL;

const DAY = 24 * 3600_000;

/** The token from the newest sign-in mail to `email`, read from the outbox like a person would. */
function tokenFromLatestMail(email: string): string {
  const mails = readdirSync(outbox)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(outbox, f), "utf8")) as { to: string; text: string });
  const mail = mails.filter((m) => m.to === email).at(-1);
  const token = mail?.text.match(/\/login\/verify\?token=([a-z2-7]+)/)?.[1];
  if (!token) throw new Error(`no sign-in link mailed to ${email}`);
  return token;
}

describe("magic links", () => {
  beforeEach(() => resetRateLimits());

  it("mails a link that signs in exactly once and stores only its hash", async () => {
    const { db } = await database();
    const user = await createUser(db);
    await requestSignInLink(db, { email: user.email.toUpperCase(), ip: "10.0.0.1", locale: "de" });
    await drainInProcessJobs();
    const token = tokenFromLatestMail(user.email);

    const stored = await db
      .selectFrom("sign_in_tokens")
      .selectAll()
      .where("email", "=", user.email)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toBe(hashToken(token));
    expect(stored.some((row) => row.token_hash === token)).toBe(false);

    const first = await consumeSignInLink(db, token);
    expect(first.ok).toBe(true);
    const second = await consumeSignInLink(db, token);
    expect(second).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a link after 10 minutes", async () => {
    const { db } = await database();
    const user = await createUser(db);
    const issued = new Date();
    await requestSignInLink(db, { email: user.email, ip: "10.0.0.2", locale: "en" }, issued);
    await drainInProcessJobs();
    const token = tokenFromLatestMail(user.email);
    expect((await consumeSignInLink(db, token, new Date(issued.getTime() + 10 * 60_000 + 1))).ok).toBe(false);
    // and a minute before expiry it still works
    expect((await consumeSignInLink(db, token, new Date(issued.getTime() + 9 * 60_000))).ok).toBe(true);
  });

  it("sends nothing for an unknown address but answers the same", async () => {
    const { db } = await database();
    const email = `nobody-${uniqueId()}@example.test`;
    await expect(requestSignInLink(db, { email, ip: "10.0.0.3", locale: "de" })).resolves.toBeUndefined();
    await drainInProcessJobs();
    expect(() => tokenFromLatestMail(email)).toThrow(/no sign-in link/);
    expect(
      await db.selectFrom("sign_in_tokens").select("email").where("email", "=", email).execute(),
    ).toEqual([]);
  });

  it("rate-limits requests per address and IP, per address and hour, and per IP", async () => {
    const { db } = await database();
    const user = await createUser(db);
    for (let i = 0; i < 5; i++)
      await requestSignInLink(db, { email: user.email, ip: "10.1.0.1", locale: "de" });
    await expect(
      requestSignInLink(db, { email: user.email, ip: "10.1.0.1", locale: "de" }),
    ).rejects.toBeInstanceOf(RateLimitedError);
    // one network using up its bucket does not lock the address out elsewhere …
    for (let i = 0; i < 15; i++)
      await requestSignInLink(db, { email: user.email, ip: `10.1.1.${i}`, locale: "de" });
    // … but 20 links an hour (4 × SIGN_IN_LIMIT_PER_EMAIL) is all one mailbox gets
    await expect(
      requestSignInLink(db, { email: user.email, ip: "10.1.2.1", locale: "de" }),
    ).rejects.toBeInstanceOf(RateLimitedError);

    for (let i = 0; i < 30; i++)
      await requestSignInLink(db, {
        email: `x${i}-${uniqueId()}@example.test`,
        ip: "10.2.0.1",
        locale: "de",
      });
    const blocked = await requestSignInLink(db, {
      email: `y-${uniqueId()}@example.test`,
      ip: "10.2.0.1",
      locale: "de",
    }).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(RateLimitedError);
    expect((blocked as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    await drainInProcessJobs();
  });
});

describe("sessions", () => {
  it("creates a new session on every sign-in", async () => {
    const { db } = await database();
    const user = await createUser(db);
    const a = await createSession(db, user.id);
    const b = await createSession(db, user.id);
    expect(a.token).not.toBe(b.token);
    expect(a.token).toMatch(/^[a-z2-7]{32}$/); // 160 bits
    const rows = await db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute();
    expect(rows.map((r) => r.id).sort()).toEqual([hashToken(a.token), hashToken(b.token)].sort());
  });

  it("expires after 30 idle days and slides forward with use", async () => {
    const { db } = await database();
    const user = await createUser(db);
    const t0 = new Date();
    const { token } = await createSession(db, user.id, t0);
    // used on day 20: more than half of the idle window is gone, so it is extended to day 50
    const used = await validateSessionToken(db, token, new Date(t0.getTime() + 20 * DAY));
    expect(used?.user.id).toBe(user.id);
    expect(used!.expiresAt.getTime()).toBe(t0.getTime() + 20 * DAY + SESSION_IDLE_MS);
    // day 45 is past the original 30 days but within the slid window
    expect(await validateSessionToken(db, token, new Date(t0.getTime() + 45 * DAY))).not.toBeNull();
    // then 31 idle days later it is gone, and deleted
    expect(await validateSessionToken(db, token, new Date(t0.getTime() + 76 * DAY + 1))).toBeNull();
    expect(await db.selectFrom("sessions").select("id").where("id", "=", hashToken(token)).execute()).toEqual(
      [],
    );
  });

  it("ends after 90 days however often it is used", async () => {
    const { db } = await database();
    const user = await createUser(db);
    const t0 = new Date();
    const { token } = await createSession(db, user.id, t0);
    for (let day = 10; day < 90; day += 10) {
      expect(
        await validateSessionToken(db, token, new Date(t0.getTime() + day * DAY)),
        `day ${day}`,
      ).not.toBeNull();
    }
    expect(await validateSessionToken(db, token, new Date(t0.getTime() + SESSION_ABSOLUTE_MS))).toBeNull();
  });

  it("signs out everywhere", async () => {
    const { db } = await database();
    const user = await createUser(db);
    const other = await createUser(db);
    const a = await createSession(db, user.id);
    const b = await createSession(db, user.id);
    const keep = await createSession(db, other.id);
    expect(await invalidateAllSessions(db, user.id)).toBe(2);
    expect(await validateSessionToken(db, a.token)).toBeNull();
    expect(await validateSessionToken(db, b.token)).toBeNull();
    expect(await validateSessionToken(db, keep.token)).not.toBeNull();
  });
});
