import { describe, expect, it } from "vitest";
import { CONSENT_VERSION, consentText } from "~/app/modules/advocacy/consent-text.ts";

describe("the consent texts", () => {
  it("v2 says what it added and asks those on v1 to confirm, instead of claiming v1 stays valid", () => {
    for (const locale of ["en", "de"] as const) {
      const text = consentText(locale);
      expect(text.version).toBe(CONSENT_VERSION);
      expect(text.changes).not.toMatch(/stays valid|bleibt gültig|does not allow anything|erlaubt nichts/);
      // the v1 "what is recorded" promise ("only as counts") is gone; the IP-derived keys are named
      expect(text.sections[0]!.points.join(" ")).toMatch(/IP/);
      expect(text.sections[0]!.points).not.toContain(
        consentText(locale, "2026-11-v1").sections[0]!.points[1],
      );
    }
    expect(consentText("en").changes).toContain("please confirm it before you share again");
    expect(consentText("de").changes).toContain("bestätige ihn bitte, bevor du wieder teilst");
  });

  it("says in both languages that comms leads see held-back clicks with your name", () => {
    expect(consentText("en").sections[1]!.points.join(" ")).toContain(
      "Comms leads see the clicks held back from your shares with your name",
    );
    expect(consentText("de").sections[1]!.points.join(" ")).toContain(
      "zurückgehaltenen Klicks mit deinem Namen",
    );
  });

  it("keeps v1 as people agreed to it (history), in both languages with the same shape", () => {
    const v1 = consentText("en", "2026-11-v1");
    expect(v1.version).toBe("2026-11-v1");
    expect(v1.changes).toBeUndefined();
    expect(v1.sections[0]!.points[1]).toBe(
      "Clicks on the links in your shares, only as counts. Chorus never stores who clicked: no names, no IP addresses, no visitor profiles.",
    );
    for (const version of ["2026-11-v1", CONSENT_VERSION]) {
      const [de, en] = [consentText("de", version), consentText("en", version)];
      expect(de.sections.map((s) => s.points.length)).toEqual(en.sections.map((s) => s.points.length));
    }
  });
});
