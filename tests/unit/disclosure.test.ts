import { describe, expect, it } from "vitest";
import {
  acceptedDisclosures,
  carriesDisclosure,
  insertDisclosure,
  resolveAll,
  resolveDisclosure,
  suggestedLabel,
  type DisclosureLabels,
} from "../../app/modules/sharing/disclosure.ts";

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
    expect(Object.keys(all).sort()).toEqual(["bluesky", "facebook", "linkedin", "mastodon", "threads", "x", "xing"]);
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
