import { describe, expect, it } from "vitest";
import {
  acceptedDisclosures,
  carriesDisclosure,
  insertDisclosure,
  resolveAll,
  resolveDisclosure,
  suggestedLabel,
  type DisclosureLabels,
} from "~/app/modules/sharing/disclosure.ts";

const set: DisclosureLabels = {
  labels: [
    { network: "x", language: "de", label: "#Werbung" },
    { network: "x", language: "en", label: "#ad" },
    { network: "linkedin", language: "en", label: "  #employee " },
  ],
  fallback: "#firma",
};

describe("resolving a disclosure label", () => {
  it("takes the network and language's own label, else the tenant's fallback", () => {
    expect(resolveDisclosure(set, "x", "de")).toBe("#Werbung");
    expect(resolveDisclosure(set, "x", "en")).toBe("#ad");
    expect(resolveDisclosure(set, "linkedin", "en")).toBe("#employee");
    expect(resolveDisclosure(set, "linkedin", "de")).toBe("#firma");
    expect(resolveDisclosure(set, "mastodon", "en")).toBe("#firma");
  });

  it("is null when neither is set (a blank fallback is none)", () => {
    expect(resolveDisclosure({ labels: [], fallback: null }, "x", "de")).toBeNull();
    expect(resolveDisclosure({ labels: [], fallback: "  " }, "x", "de")).toBeNull();
  });

  it("resolves every network and language at once for the share page", () => {
    const all = resolveAll(set);
    expect(all.x).toEqual({ de: "#Werbung", en: "#ad" });
    expect(all.threads).toEqual({ de: "#firma", en: "#firma" });
    expect(Object.keys(all).sort()).toEqual([
      "bluesky",
      "facebook",
      "linkedin",
      "mastodon",
      "threads",
      "x",
      "xing",
    ]);
  });

  it("suggests #Mitarbeiter/#employee, and #Werbung/#ad when shares are rewarded", () => {
    expect([suggestedLabel("de", false), suggestedLabel("en", false)]).toEqual(["#Mitarbeiter", "#employee"]);
    expect([suggestedLabel("de", true), suggestedLabel("en", true)]).toEqual(["#Werbung", "#ad"]);
  });
});

describe("inserting and checking a label", () => {
  it("appends the label once, never twice, whatever its case", () => {
    expect(insertDisclosure("Unser Sommerfest", "#Werbung")).toBe("Unser Sommerfest #Werbung");
    expect(insertDisclosure("Unser Sommerfest  \n", "#Werbung")).toBe("Unser Sommerfest #Werbung");
    expect(insertDisclosure("Unser #WERBUNG Sommerfest", "#Werbung")).toBe("Unser #WERBUNG Sommerfest");
    expect(insertDisclosure(insertDisclosure("Text", "#ad"), "#ad")).toBe("Text #ad");
    expect(insertDisclosure("", "#ad")).toBe("#ad");
    expect(insertDisclosure("Text", null)).toBe("Text");
  });

  it("accepts the language's label, or for unknown language any of the network's", () => {
    expect(acceptedDisclosures(set, "x", "de")).toEqual(["#Werbung"]);
    expect(acceptedDisclosures(set, "x", null)).toEqual(["#Werbung", "#ad"]);
    expect(acceptedDisclosures(set, "linkedin", null)).toEqual(["#firma", "#employee"]);
    expect(acceptedDisclosures({ labels: [], fallback: null }, "x", null)).toEqual([]);
    expect(carriesDisclosure("Text #ad", ["#Werbung"])).toBe(false);
    expect(carriesDisclosure("Text #AD", ["#Werbung", "#ad"])).toBe(true);
    expect(carriesDisclosure("Text", [])).toBe(true);
  });
});

describe("a label counts only as a word of its own", () => {
  it("is not carried by a longer hashtag or word that merely starts or ends with it", () => {
    expect(carriesDisclosure("Unser Fest #Werbungsfrei", ["#Werbung"])).toBe(false);
    expect(carriesDisclosure("Our #adventure", ["#ad"])).toBe(false);
    expect(carriesDisclosure("Wir #Mitarbeiterinnen", ["#Mitarbeiter"])).toBe(false);
    expect(carriesDisclosure("Text #Werbung_2026", ["#Werbung"])).toBe(false);
    expect(carriesDisclosure("Text x#ad", ["#ad"])).toBe(false);
    expect(carriesDisclosure("Stellenanzeige", ["Anzeige"])).toBe(false);
  });

  it("is carried at the end, before punctuation, on its own line, in any case", () => {
    expect(carriesDisclosure("Text #Werbung", ["#Werbung"])).toBe(true);
    expect(carriesDisclosure("Text #werbung.", ["#Werbung"])).toBe(true);
    expect(carriesDisclosure("Go #AD!", ["#ad"])).toBe(true);
    expect(carriesDisclosure("#Werbung\nUnser Fest", ["#Werbung"])).toBe(true);
    expect(carriesDisclosure("Unser Fest (Anzeige)", ["(Anzeige)"])).toBe(true);
    expect(carriesDisclosure("Anzeige: Unser Fest", ["Anzeige"])).toBe(true);
  });

  it("is not carried through invisible characters or lookalike letters, and is compared composed (NFC)", () => {
    expect(carriesDisclosure("Text #Wer\u200Bbung", ["#Werbung"])).toBe(false);
    expect(carriesDisclosure("Text #Werbung\u200Bsfrei", ["#Werbung"])).toBe(false);
    expect(carriesDisclosure("Text #W\u0435rbung", ["#Werbung"])).toBe(false); // Cyrillic е
    expect(carriesDisclosure("Text #Fo\u0308rderung", ["#Förderung"])).toBe(true);
    expect(carriesDisclosure("Text #Förderung", ["#Fo\u0308rderung"])).toBe(true);
  });

  it("appends the label to a text that only seems to carry it, and a label with regex characters is taken literally", () => {
    expect(insertDisclosure("Fest #Werbungsfrei", "#Werbung")).toBe("Fest #Werbungsfrei #Werbung");
    expect(insertDisclosure("Our #adventure", "#ad")).toBe("Our #adventure #ad");
    expect(carriesDisclosure("Text [Ad]", ["[Ad]"])).toBe(true);
    expect(carriesDisclosure("Text Ad", ["[Ad]"])).toBe(false);
    expect(carriesDisclosure("Text #a.d", ["#a.d"])).toBe(true);
    expect(carriesDisclosure("Text #abd", ["#a.d"])).toBe(false);
  });
});
