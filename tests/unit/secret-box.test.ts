import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/app/lib/env.server.ts";
import { keyringFrom, KeyringError, type Keyring } from "~/app/lib/secrets-keyring.server.ts";
import {
  isSealedWithCurrentKey,
  keyIdOf,
  open,
  seal,
  SecretBoxError,
} from "~/app/modules/profiles/secret-box.server.ts";
import { legacySeal } from "~/tests/support/legacy-seal.ts";

const k0 = randomBytes(32);
const k1 = randomBytes(32);
const k2 = randomBytes(32);
const b64 = (key: Buffer) => key.toString("base64");
const CONTEXT = "linkedin_connections.access_token:t:m";

function ring(spec: { SECRETS_KEYS?: string; SECRETS_KEY?: string }): Keyring {
  const keyring = keyringFrom(spec);
  if (!keyring) throw new Error("expected a keyring");
  return keyring;
}

function problemsOf(spec: { SECRETS_KEYS?: string; SECRETS_KEY?: string }): string[] {
  try {
    keyringFrom(spec);
  } catch (error) {
    if (error instanceof KeyringError) return error.problems.map((p) => `${p.variable}: ${p.message}`);
    throw error;
  }
  throw new Error("expected the keyring to be refused");
}

describe("keyring from SECRETS_KEYS / SECRETS_KEY", () => {
  it("has no keyring when neither is set (LinkedIn stays off)", () => {
    expect(keyringFrom({})).toBeUndefined();
    expect(keyringFrom({ SECRETS_KEYS: "", SECRETS_KEY: "" })).toBeUndefined();
  });

  it("takes the single SECRETS_KEY as key k0, the current one", () => {
    const keyring = ring({ SECRETS_KEY: b64(k0) });
    expect(keyring.currentId).toBe("k0");
    expect([...keyring.keys.keys()]).toEqual(["k0"]);
  });

  it("encrypts with the first of SECRETS_KEYS and keeps SECRETS_KEY as k0 behind them", () => {
    const keyring = ring({ SECRETS_KEYS: ` k2:${b64(k2)} , k1:${b64(k1)}`, SECRETS_KEY: b64(k0) });
    expect(keyring.currentId).toBe("k2");
    expect([...keyring.keys.keys()]).toEqual(["k2", "k1", "k0"]);
    expect(keyring.keys.get("k1")?.equals(k1)).toBe(true);
  });

  it("names every problem without echoing key material", () => {
    const problems = problemsOf({
      SECRETS_KEYS: `k1:${b64(k1)},k1:${b64(k2)},nokey,bad id:${b64(k1)},k3:c2hvcnQ=`,
      SECRETS_KEY: "not base64!",
    });
    expect(problems).toEqual([
      'SECRETS_KEYS: names key id "k1" twice',
      `SECRETS_KEYS: entry 3 must be "<id>:<base64 key>" with an id of 1–32 letters, digits, '-' or '_'`,
      `SECRETS_KEYS: entry 4 must be "<id>:<base64 key>" with an id of 1–32 letters, digits, '-' or '_'`,
      'SECRETS_KEYS: key "k3" must be 32 bytes, base64 (openssl rand -base64 32)',
      "SECRETS_KEY: must be 32 bytes, base64 (openssl rand -base64 32)",
    ]);
    for (const problem of problems) expect(problem).not.toContain(b64(k1));
  });

  it("refuses a SECRETS_KEY that contradicts a listed k0", () => {
    expect(problemsOf({ SECRETS_KEYS: `k1:${b64(k1)},k0:${b64(k2)}`, SECRETS_KEY: b64(k0) })).toEqual([
      'SECRETS_KEY: differs from SECRETS_KEYS key "k0" (SECRETS_KEY is key "k0")',
    ]);
    expect(ring({ SECRETS_KEYS: `k1:${b64(k1)},k0:${b64(k0)}`, SECRETS_KEY: b64(k0) }).currentId).toBe("k1");
  });

  it("fails the boot environment with the variable named", () => {
    try {
      parseEnv({ SECRETS_KEYS: `k1:${b64(k1)},k1:${b64(k1)}` });
      expect.unreachable("parseEnv accepted a duplicate key id");
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).issues).toEqual(['SECRETS_KEYS: names key id "k1" twice']);
    }
    expect(parseEnv({ SECRETS_KEYS: `k1:${b64(k1)}`, SECRETS_KEY: b64(k0) }).SECRETS_KEYS).toBe(
      `k1:${b64(k1)}`,
    );
  });
});

describe("secret box format", () => {
  it("writes v2.<key id>.<payload> with the current key, and reads it back", () => {
    const keyring = ring({ SECRETS_KEYS: `k2:${b64(k2)},k1:${b64(k1)}` });
    const sealed = seal(keyring, "token-123", CONTEXT);
    expect(sealed).toMatch(/^v2\.k2\.[A-Za-z0-9_-]+$/);
    expect(keyIdOf(sealed)).toBe("k2");
    expect(open(keyring, sealed, CONTEXT)).toBe("token-123");
    expect(isSealedWithCurrentKey(keyring, sealed)).toBe(true);
    // a random IV each time: equal secrets do not look equal at rest
    expect(seal(keyring, "token-123", CONTEXT)).not.toBe(sealed);
  });

  it("reads an older key's ciphertext as long as that key is configured", () => {
    const sealedWithK1 = seal(ring({ SECRETS_KEYS: `k1:${b64(k1)}` }), "token-123", CONTEXT);
    const rotated = ring({ SECRETS_KEYS: `k2:${b64(k2)},k1:${b64(k1)}` });
    expect(open(rotated, sealedWithK1, CONTEXT)).toBe("token-123");
    expect(isSealedWithCurrentKey(rotated, sealedWithK1)).toBe(false);
  });

  it("reads ciphertexts from before key ids (v1) with SECRETS_KEY, under either name for it", () => {
    const legacy = legacySeal(k0, "client-secret", CONTEXT);
    expect(keyIdOf(legacy)).toBe("k0");
    expect(open(ring({ SECRETS_KEY: b64(k0) }), legacy, CONTEXT)).toBe("client-secret");
    expect(open(ring({ SECRETS_KEYS: `k1:${b64(k1)}`, SECRETS_KEY: b64(k0) }), legacy, CONTEXT)).toBe(
      "client-secret",
    );
    expect(open(ring({ SECRETS_KEYS: `k1:${b64(k1)},k0:${b64(k0)}` }), legacy, CONTEXT)).toBe(
      "client-secret",
    );
    // v1 is never "current": rotation upgrades it even when k0 is still the current key
    expect(isSealedWithCurrentKey(ring({ SECRETS_KEY: b64(k0) }), legacy)).toBe(false);
    // a bare key (the old call style) still reads and writes
    expect(open(k0, seal(k0, "x", CONTEXT), CONTEXT)).toBe("x");
  });

  it("says which key id is missing when a ciphertext's key is not configured", () => {
    const sealedWithK1 = seal(ring({ SECRETS_KEYS: `k1:${b64(k1)}` }), "token-123", CONTEXT);
    const onlyK2 = ring({ SECRETS_KEYS: `k2:${b64(k2)}` });
    expect(() => open(onlyK2, sealedWithK1, CONTEXT)).toThrow(SecretBoxError);
    expect(() => open(onlyK2, sealedWithK1, CONTEXT)).toThrow(
      'secret was encrypted with key id "k1", which is not configured (configured: k2); add it to SECRETS_KEYS',
    );
    expect(() => open(onlyK2, legacySeal(k0, "x", CONTEXT), CONTEXT)).toThrow('key id "k0"');
  });

  it("refuses another place's ciphertext, a wrong key under a known id, and damaged values", () => {
    const keyring = ring({ SECRETS_KEYS: `k1:${b64(k1)}` });
    const sealed = seal(keyring, "token-123", CONTEXT);
    expect(() => open(keyring, sealed, "linkedin_connections.access_token:t:other")).toThrow(
      'secret does not decrypt with key "k1"',
    );
    expect(() => open(ring({ SECRETS_KEYS: `k1:${b64(k2)}` }), sealed, CONTEXT)).toThrow(
      'secret does not decrypt with key "k1"',
    );
    expect(() => open(keyring, "v3.k1.abc", CONTEXT)).toThrow("unknown secret format");
    expect(() => open(keyring, "v2.k1", CONTEXT)).toThrow("secret has no key id");
    expect(() => open(keyring, "v2.k1.abc", CONTEXT)).toThrow("secret too short");
    expect(() => open(keyring, "v2.k/1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", CONTEXT)).toThrow(
      "invalid key id",
    );
  });
});
