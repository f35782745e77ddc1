import { describe, expect, it } from "vitest";
import { erasureTerms, mentions, replaceInJson, replaceTerms } from "../../app/modules/privacy/erase-text.ts";

/** The JavaScript side of the erasure's patterns (statements' JSON, queued jobs, outbox mails); the SQL side is tested in tests/integration/member-erase.test.ts. */
describe("erasureTerms", () => {
  const P = "Erased member 7f3a9c";

  it("finds the full name in any spacing, slug or encoding, the surname alone, and the address with its local part", () => {
    const terms = erasureTerms("zerline.quastenhuber+chorus@firma.example", "Zerline Quastenhuber");
    for (const text of ["Zerline Quastenhuber", "zerline  quastenhuber", "zerline-quastenhuber", "Zerline%20Quastenhuber", "Zerline+Quastenhuber", "Frau Quastenhuber", "ZERLINE", "zerline.quastenhuber+chorus@firma.example", "ping zerline.quastenhuber+chorus"]) {
      const out = replaceTerms(`<${text}>`, terms, P);
      expect(out, text).toContain(P);
      expect(out.toLowerCase(), text).not.toMatch(/zerline|quastenhuber/);
    }
  });

  it("replaces whole words only, a single word only capitalised as a name is, and keeps words another member shares", () => {
    const terms = erasureTerms("wolf.li@firma.example", "Wolf Li", { sharedWords: ["li"] });
    expect(replaceTerms("Wolfgang und der wolf danken Wolf und Li Wu", terms, P)).toBe(`Wolfgang und der wolf danken ${P} und Li Wu`);
    expect(replaceTerms("Wolf Li", terms, P)).toBe(P);
    expect(mentions("Wolfsburg", terms)).toBe(false);
  });

  it("reads letters beyond ASCII as part of a word", () => {
    const terms = erasureTerms("z@firma.example", "Zoë Müller");
    expect(replaceTerms("Müllerstraße, Müller, Zoë, Zoëlla", terms, P)).toBe(`Müllerstraße, ${P}, ${P}, Zoëlla`);
  });

  it("escapes what a name or address may contain, so the pattern compiles and matches literally", () => {
    const terms = erasureTerms("o'neil+x@firma.example", "Dr. Eva-Maria O'Neil (Ops) [DE] a|b");
    expect(() => mentions("x", terms)).not.toThrow();
    expect(replaceTerms("von Dr. Eva-Maria O'Neil (Ops) [DE] a|b!", terms, P)).toBe(`von ${P}!`);
    expect(mentions("Dr Eva Maria", terms)).toBe(true);
    expect(mentions("o'neil+x@firma.example", terms)).toBe(true);
    expect(mentions("oXneil", terms)).toBe(false);
  });

  it("rewrites keys and values of a JSON value", () => {
    const terms = erasureTerms("li.wu@firma.example", "Li Wu");
    expect(replaceInJson({ "Li Wu": ["li wu", { note: "li.wu@firma.example", n: 3 }] }, terms, P)).toEqual({ [P]: [P, { note: P, n: 3 }] });
  });
});
