import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * AES-256-GCM for secrets kept at rest (OAuth tokens, a tenant's client secret) and for the
 * short-lived OAuth cookie. The associated data binds a ciphertext to its place (table, tenant,
 * member): copied into another row, it no longer decrypts.
 * Format: "v1." + base64url(iv[12] ‖ tag[16] ‖ ciphertext).
 */
const VERSION = "v1.";

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

export function seal(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url");
}

export function open(key: Buffer, sealed: string, context: string): string {
  if (!sealed.startsWith(VERSION)) throw new SecretBoxError("unknown secret format");
  const raw = Buffer.from(sealed.slice(VERSION.length), "base64url");
  if (raw.length < 28) throw new SecretBoxError("secret too short");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("secret does not decrypt (wrong key or context)");
  }
}
