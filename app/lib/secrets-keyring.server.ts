/**
 * The keys that encrypt secrets at rest (app/modules/profiles/secret-box.server.ts), from the
 * environment:
 *
 *   SECRETS_KEYS="k2:<base64>,k1:<base64>"   several keys, each with an id; the FIRST encrypts
 *   SECRETS_KEY="<base64>"                     the original single key; it is key id "k0"
 *
 * Both may be set during a rotation: SECRETS_KEY then joins the ring as "k0" after the listed keys
 * (it encrypts only when SECRETS_KEYS is unset). Ciphertexts written before key ids existed carry
 * no id and are read with "k0", so a database filled under SECRETS_KEY stays readable as long as
 * that key is configured under either name.
 */

/** The id ciphertexts without a key id (format v1) were written with: the old SECRETS_KEY. */
export const LEGACY_KEY_ID = "k0";

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface Keyring {
  /** the key new ciphertexts are written with */
  currentId: string;
  /** every configured key by id, the current one included */
  keys: ReadonlyMap<string, Buffer>;
}

export interface KeyringProblem {
  variable: "SECRETS_KEYS" | "SECRETS_KEY";
  message: string;
}

export class KeyringError extends Error {
  constructor(readonly problems: KeyringProblem[]) {
    super(problems.map((p) => `${p.variable}: ${p.message}`).join("; "));
    this.name = "KeyringError";
  }
}

const KEY_FORMAT = "must be 32 bytes, base64 (openssl rand -base64 32)";

function decodeKey(value: string): Buffer | undefined {
  const trimmed = value.trim();
  // Buffer.from(…, "base64") silently skips junk; insist on the alphabet so a typo is not a new key.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || Buffer.from(trimmed, "base64").length !== 32)
    return undefined;
  return Buffer.from(trimmed, "base64");
}

/**
 * The problems with SECRETS_KEYS / SECRETS_KEY (empty when they are fine or unset); the env schema
 * reports these at boot. Never echoes key material.
 */
export function keyringProblems(source: {
  SECRETS_KEYS?: string | undefined;
  SECRETS_KEY?: string | undefined;
}): KeyringProblem[] {
  try {
    keyringFrom(source);
    return [];
  } catch (error) {
    if (error instanceof KeyringError) return error.problems;
    throw error;
  }
}

/** The configured keyring, or undefined when no key is set (secrets storage is then off). */
export function keyringFrom(source: {
  SECRETS_KEYS?: string | undefined;
  SECRETS_KEY?: string | undefined;
}): Keyring | undefined {
  const problems: KeyringProblem[] = [];
  const keys = new Map<string, Buffer>();
  const listed = source.SECRETS_KEYS?.trim() ?? "";
  if (listed) {
    for (const [i, entry] of listed.split(",").entries()) {
      const colon = entry.indexOf(":");
      const id = colon === -1 ? "" : entry.slice(0, colon).trim();
      if (!KEY_ID.test(id)) {
        problems.push({
          variable: "SECRETS_KEYS",
          message: `entry ${i + 1} must be "<id>:<base64 key>" with an id of 1–32 letters, digits, '-' or '_'`,
        });
        continue;
      }
      if (keys.has(id)) {
        problems.push({ variable: "SECRETS_KEYS", message: `names key id "${id}" twice` });
        continue;
      }
      const key = decodeKey(entry.slice(colon + 1));
      if (key) keys.set(id, key);
      else problems.push({ variable: "SECRETS_KEYS", message: `key "${id}" ${KEY_FORMAT}` });
    }
  }
  const single = source.SECRETS_KEY?.trim() ?? "";
  if (single) {
    const key = decodeKey(single);
    if (!key) problems.push({ variable: "SECRETS_KEY", message: KEY_FORMAT });
    else {
      const listedLegacy = keys.get(LEGACY_KEY_ID);
      if (listedLegacy && !listedLegacy.equals(key))
        problems.push({
          variable: "SECRETS_KEY",
          message: `differs from SECRETS_KEYS key "${LEGACY_KEY_ID}" (SECRETS_KEY is key "${LEGACY_KEY_ID}")`,
        });
      else if (!listedLegacy) keys.set(LEGACY_KEY_ID, key);
    }
  }
  if (problems.length > 0) throw new KeyringError(problems);
  const currentId = keys.keys().next().value;
  if (currentId === undefined) return undefined;
  return { currentId, keys };
}

/** The keyring of this process's environment; parsed on every call (cheap), so tests and restarts see changes. */
export function secretsKeyring(source: NodeJS.ProcessEnv = process.env): Keyring | undefined {
  return keyringFrom({ SECRETS_KEYS: source.SECRETS_KEYS, SECRETS_KEY: source.SECRETS_KEY });
}
