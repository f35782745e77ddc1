import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ipKey, key128, networkKey, visitorHash } from "~/app/modules/tracking/visitor-hash.server.ts";

// Old and new processes hash side by side during a deploy (and the day's keys are compared across
// them): the faster hashing must give exactly the keys createHash gave.
const SALT = "a".repeat(64);
const createHashKey = (data: string) =>
  createHash("sha256").update(data).digest().toString("base64url", 0, 16);

describe("visitor hash and credit keys", () => {
  it("key128 is the first 16 bytes of the sha256, base64url, for any input", () => {
    for (let i = 0; i < 5_000; i++) {
      const data = `${SALT}\nip\n${i % 256}.${(i * 7) % 256}.${(i * 13) % 256}.${i}`;
      expect(key128(data)).toBe(createHashKey(data));
    }
  });

  it("keeps the stored formats (fixed vectors)", () => {
    expect(visitorHash(SALT, "203.0.113.7", "Mozilla/5.0")).toBe(
      "31ae9e4d2f99ab2981c091d7e7970c096cbc90bbf1f451a394c4d418cc0244cd",
    );
    expect(ipKey(SALT, "203.0.113.7")).toBe("6Z52tw5lNU6DwxtM7a97DA");
    expect(networkKey(SALT, "203.0.113.7")).toBe("KCj4OobmZMCI2XvrjxQYWQ");
  });
});
