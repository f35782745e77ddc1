import { createCipheriv, randomBytes } from "node:crypto";

/**
 * A ciphertext exactly as Chorus wrote it before key ids existed ("v1." + base64url(iv ‖ tag ‖
 * ciphertext), with SECRETS_KEY): what databases in the field still hold.
 */
export function legacySeal(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return "v1." + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url");
}
