import { describe, expect, it } from "vitest";
import {
  containsAddress,
  erasureTerms,
  literalTerms,
  mentions,
  replaceInJson,
  replaceTerms,
  urlTokenFor,
} from "~/app/modules/privacy/erase-text.ts";

/** The JavaScript side of the erasure's patterns (statements' JSON, queued jobs, outbox mails); the SQL side is tested in tests/integration/member-erase.test.ts. */
describe("erasureTerms", () => {
  const P = "Erased member 7f3a9c";

  it("finds the full name in any spacing, slug or encoding, the surname alone, and the address with its local part", () => {
    const terms = erasureTerms("zerline.quastenhuber+chorus@firma.example", "Zerline Quastenhuber");
    for (const text of [
      "Zerline Quastenhuber",
      "zerline  quastenhuber",
      "zerline-quastenhuber",
      "Zerline%20Quastenhuber",
      "Zerline+Quastenhuber",
      "Frau Quastenhuber",
      "ZERLINE",
      "zerline.quastenhuber+chorus@firma.example",
      "ping zerline.quastenhuber+chorus",
    ]) {
      const out = replaceTerms(`<${text}>`, terms, P);
      expect(out, text).toContain(P);
      expect(out.toLowerCase(), text).not.toMatch(/zerline|quastenhuber/);
    }
  });

  it("replaces whole words only, a single word only capitalised as a name is, and keeps words another member shares", () => {
    const terms = erasureTerms("wolf.li@firma.example", "Wolf Li", { sharedWords: ["li"] });
    expect(replaceTerms("Wolfgang und der wolf danken Wolf und Li Wu", terms, P)).toBe(
      `Wolfgang und der wolf danken ${P} und Li Wu`,
    );
    expect(replaceTerms("Wolf Li", terms, P)).toBe(P);
    expect(mentions("Wolfsburg", terms)).toBe(false);
  });

  it("reads letters beyond ASCII as part of a word", () => {
    const terms = erasureTerms("z@firma.example", "Zoë Müller");
    expect(replaceTerms("Müllerstraße, Müller, Zoë, Zoëlla", terms, P)).toBe(
      `Müllerstraße, ${P}, ${P}, Zoëlla`,
    );
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
    expect(replaceInJson({ "Li Wu": ["li wu", { note: "li.wu@firma.example", n: 3 }] }, terms, P)).toEqual({
      [P]: [P, { note: P, n: 3 }],
    });
  });

  it("adds the address's local part only when it is more than one word of the name: koch@ or max@ would replace any Koch or max", () => {
    const koch = erasureTerms("koch@firma.example", "Jonas Koch", { sharedWords: ["jonas"] });
    // a company text keeps its cook (content tables use the case-insensitive patterns only)
    expect(mentions("Unser Koch empfiehlt", { ...koch, cs: null })).toBe(false);
    expect(mentions("unser koch empfiehlt", koch)).toBe(false);
    // and the other Jonas keeps his kudos
    const jonas = erasureTerms("jonas@firma.example", "Jonas Koch", { sharedWords: ["jonas"] });
    expect(replaceTerms("Danke, jonas! Danke, Jonas!", jonas, P)).toBe("Danke, jonas! Danke, Jonas!");
    const max = erasureTerms("max@firma.example", "Max Mustermann");
    expect(mentions("max. 280 Zeichen", { ...max, cs: null })).toBe(false);
    expect(replaceTerms("schreib max@firma.example", max, P)).toBe(`schreib ${P}`);
    // more than one word: still found
    for (const local of ["jonas.koch", "jkoch", "jonas_koch"])
      expect(
        mentions(`frag ${local} morgen`, erasureTerms(`${local}@firma.example`, "Jonas Koch")),
        local,
      ).toBe(true);
  });

  it("finds a name with a quote or a backslash as JSON text writes it", () => {
    for (const name of ['Eva O"Neil', "Eva O\\Neil"]) {
      const terms = erasureTerms("eva@firma.example", name);
      const json = JSON.stringify({ by: name });
      expect(json, name).not.toContain(name);
      expect(replaceTerms(json, terms, P), name).toBe(JSON.stringify({ by: P }));
      expect(replaceTerms(`von ${name}!`, terms, P), name).toBe(`von ${P}!`);
      expect(mentions(JSON.stringify({ x: name }), literalTerms([name])!), name).toBe(true);
    }
    expect(literalTerms([" ", ""])).toBeNull();
  });

  it("finds an address itself only, and gives a URL-safe token", () => {
    expect(
      containsAddress("Resend refused the email to li.wu@firma.example (422)", "Li.Wu@firma.example"),
    ).toBe(true);
    expect(containsAddress('{"to":"li.wu@firma.example"}', "li.wu@firma.example")).toBe(true);
    expect(containsAddress("xli.wu@firma.example", "li.wu@firma.example")).toBe(false);
    expect(containsAddress("li.wu@firma.example.org", "li.wu@firma.example")).toBe(false);
    expect(containsAddress("Li Wu", "li.wu@firma.example")).toBe(false);
    const token = urlTokenFor("7f3a9c00-0000-4000-8000-000000000000");
    expect(token).toBe("erased-7f3a9c");
    expect(new URL(`https://firma.example/team/${token}`).pathname).toBe(`/team/${token}`);
  });
});
