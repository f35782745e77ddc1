import type { Conn } from "~/db/client.ts";
import type { User } from "~/db/schema.ts";
import { generateToken, hashToken } from "~/app/modules/auth/tokens.server.ts";

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 30 * DAY;
export const SESSION_ABSOLUTE_MS = 90 * DAY;
/** Extend the idle expiry only when half of it is used up: one write per ~15 days, not per request. */
const REFRESH_WHEN_LEFT_MS = SESSION_IDLE_MS / 2;

export interface ValidSession {
  id: string;
  user: User;
  expiresAt: Date;
  absoluteExpiresAt: Date;
}

/** A new session for every sign-in; returns the token for the cookie (only its hash is stored). */
export async function createSession(
  db: Conn,
  userId: string,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateToken();
  const absolute = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await db
    .insertInto("sessions")
    .values({
      id: hashToken(token),
      user_id: userId,
      created_at: now,
      expires_at: new Date(now.getTime() + SESSION_IDLE_MS),
      absolute_expires_at: absolute,
    })
    .execute();
  return { token, expiresAt: absolute };
}

/** Resolves a cookie token to its session and user, sliding the idle expiry; null when invalid or expired. */
export async function validateSessionToken(
  db: Conn,
  token: string,
  now = new Date(),
): Promise<ValidSession | null> {
  const id = hashToken(token);
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id",
      "sessions.expires_at",
      "sessions.absolute_expires_at",
      "users.id as user_id",
      "users.email",
      "users.name",
      "users.locale",
      "users.created_at",
    ])
    .where("sessions.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  if (now >= row.expires_at || now >= row.absolute_expires_at) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }
  let expiresAt = row.expires_at;
  if (expiresAt.getTime() - now.getTime() < REFRESH_WHEN_LEFT_MS) {
    expiresAt = new Date(Math.min(now.getTime() + SESSION_IDLE_MS, row.absolute_expires_at.getTime()));
    await db.updateTable("sessions").set({ expires_at: expiresAt }).where("id", "=", id).execute();
  }
  return {
    id,
    expiresAt,
    absoluteExpiresAt: row.absolute_expires_at,
    user: {
      id: row.user_id,
      email: row.email,
      name: row.name,
      locale: row.locale,
      created_at: row.created_at,
    },
  };
}

export async function invalidateSession(db: Conn, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

/** "Sign out everywhere", and what deactivating a member does. */
export async function invalidateAllSessions(db: Conn, userId: string): Promise<number> {
  const result = await db.deleteFrom("sessions").where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
