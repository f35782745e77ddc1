import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { LEGACY_KEY_ID, type Keyring } from "~/app/lib/secrets-keyring.server.ts";

/**
 * AES-256-GCM for secrets kept at rest (OAuth tokens, a tenant's client secret) and for the
 * short-lived OAuth cookie. The associated data binds a ciphertext to its place (table, tenant,
 * member): copied into another row, it no longer decrypts.
 *
 * Formats:
 *   "v2.<key id>." + base64url(iv[12] ‖ tag[16] ‖ ciphertext)   what seal() writes
 *   "v1." + base64url(iv[12] ‖ tag[16] ‖ ciphertext)             written before key ids existed;
 *                                                                read with key "k0" (SECRETS_KEY)
 * The key id is not secret, and it is not in the associated data: GCM fails with any other key
 * anyway, and leaving it out lets `chorus secrets rotate` tell which rows still need a new key
 * without trying to decrypt them.
 */
const V1 = "v1.";
const V2 = "v2.";

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

/** A bare key (the pre-keyring call style) is treated as the legacy key "k0". */
function ring(keys: Keyring | Buffer): Keyring {
  return Buffer.isBuffer(keys) ? { currentId: LEGACY_KEY_ID, keys: new Map([[LEGACY_KEY_ID, keys]]) } : keys;
}

export function seal(keys: Keyring | Buffer, plaintext: string, context: string): string {
  const { currentId, keys: byId } = ring(keys);
  const key = byId.get(currentId);
  if (!key) throw new SecretBoxError(`the current key "${currentId}" is not in the keyring`);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${V2}${currentId}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url")}`;
}

/** The id of the key a sealed value was written with ("k0" for the id-less v1 format). */
export function keyIdOf(sealed: string): string {
  return parse(sealed).keyId;
}

/** Whether the value is already in the current format under the current key (rotation skips it). */
export function isSealedWithCurrentKey(keys: Keyring, sealed: string): boolean {
  return sealed.startsWith(V2) && parse(sealed).keyId === keys.currentId;
}

export function open(keys: Keyring | Buffer, sealed: string, context: string): string {
  const { keyId, raw } = parse(sealed);
  const byId = ring(keys).keys;
  const key = byId.get(keyId);
  if (!key) {
    throw new SecretBoxError(
      `secret was encrypted with key id "${keyId}", which is not configured (configured: ${[...byId.keys()].join(", ")}); add it to SECRETS_KEYS`,
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError(`secret does not decrypt with key "${keyId}" (wrong key or context)`);
  }
}

function parse(sealed: string): { keyId: string; raw: Buffer } {
  let keyId: string;
  let body: string;
  if (sealed.startsWith(V1)) {
    keyId = LEGACY_KEY_ID;
    body = sealed.slice(V1.length);
  } else if (sealed.startsWith(V2)) {
    const dot = sealed.indexOf(".", V2.length);
    if (dot === -1) throw new SecretBoxError("secret has no key id");
    keyId = sealed.slice(V2.length, dot);
    body = sealed.slice(dot + 1);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(keyId)) throw new SecretBoxError("secret has an invalid key id");
  } else {
    throw new SecretBoxError("unknown secret format");
  }
  const raw = Buffer.from(body, "base64url");
  if (raw.length < 28) throw new SecretBoxError("secret too short");
  return { keyId, raw };
}
