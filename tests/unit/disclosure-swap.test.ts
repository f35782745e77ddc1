import { describe, expect, it } from "vitest";
import {
  labelFor,
  marksAdvertising,
  resolveAll,
  swapLabel,
  unmarkedWhileRewarded,
} from "~/app/modules/sharing/disclosure.ts";

// Issue 13 review: the share page replaces the label it put in when the language or network changes,
// and rewarded shares whose label says nothing of advertising are found.

describe("swapLabel", () => {
  it("replaces the label the page put in, never appending the new one after it", () => {
    expect(swapLabel("Lesenswert! #Mitarbeiter", "#Mitarbeiter", "#employee")).toBe("Lesenswert! #employee");
    expect(swapLabel("Lesenswert!\n\n#Mitarbeiter", "#Mitarbeiter", "#employee")).toBe(
      "Lesenswert! #employee",
    );
    // there and back again
    expect(
      swapLabel(swapLabel("Gut #Mitarbeiter", "#Mitarbeiter", "#employee"), "#employee", "#Mitarbeiter"),
    ).toBe("Gut #Mitarbeiter");
    // only the label itself: the new one alone
    expect(swapLabel("#Mitarbeiter", "#Mitarbeiter", "#employee")).toBe("#employee");
    // in the middle (the person wrote after it): taken out there, the new one appended
    expect(swapLabel("Gut #Mitarbeiter und wahr", "#Mitarbeiter", "#employee")).toBe(
      "Gut und wahr #employee",
    );
    // a new network without a label: the old one goes, nothing comes
    expect(swapLabel("Gut #Mitarbeiter", "#Mitarbeiter", null)).toBe("Gut");
  });

  it("takes the old label out only as a whole word, only when the page put it in, and leaves the same label alone", () => {
    expect(swapLabel("Gut #Mitarbeiterin", "#Mitarbeiter", "#employee")).toBe("Gut #Mitarbeiterin #employee");
    expect(swapLabel("Gut #Mitarbeiter", null, "#employee")).toBe("Gut #Mitarbeiter #employee");
    expect(swapLabel("Gut #werbung", "#Werbung", "#WERBUNG")).toBe("Gut #werbung");
    // the person deleted it: the new one goes in, once
    expect(swapLabel("Gut", "#Mitarbeiter", "#employee")).toBe("Gut #employee");
    expect(swapLabel("Gut #employee #Mitarbeiter", "#Mitarbeiter", "#employee")).toBe("Gut #employee");
  });
});

describe("labelFor", () => {
  const d = resolveAll({
    labels: [
      { network: "x", language: "de", label: "#Werbung" },
      { network: "x", language: "en", label: "#ad" },
    ],
    fallback: "#firma",
  });
  it("a chosen caption's language decides; own words the chosen language", () => {
    const captions = [{ id: "c1", language: "en" as const }];
    expect(labelFor(d, captions, "x", "c1", "de")).toBe("#ad");
    expect(labelFor(d, captions, "x", "", "de")).toBe("#Werbung");
    expect(labelFor(d, captions, "linkedin", "", "en")).toBe("#firma");
  });
});

describe("advertising markers", () => {
  it("accepts #Werbung, #Anzeige, #ad, #advertisement as whole words (any case, # optional); not #Mitarbeiter, #adidas or no label", () => {
    for (const l of [
      "#Werbung",
      "#werbung",
      "#Anzeige",
      "#ad",
      "#AD",
      "#advertisement",
      "Anzeige: #Mitarbeiter",
      "#Mitarbeiter #Werbung",
    ])
      expect({ l, ad: marksAdvertising(l) }).toEqual({ l, ad: true });
    for (const l of ["#Mitarbeiter", "#employee", "#adidas", "#Werbungsfrei", "#road", "  ", null])
      expect({ l, ad: marksAdvertising(l) }).toEqual({ l, ad: false });
  });

  it("lists every network and language without a marker while shares are rewarded, none when they are not", () => {
    const d = resolveAll({
      labels: [{ network: "x", language: "de", label: "#Werbung" }],
      fallback: "#Mitarbeiter",
    });
    const unmarked = unmarkedWhileRewarded(d, true);
    expect(unmarked).toHaveLength(13);
    expect(unmarked).toContainEqual({ network: "x", language: "en", label: "#Mitarbeiter" });
    expect(unmarked.find((u) => u.network === "x" && u.language === "de")).toBeUndefined();
    expect(unmarkedWhileRewarded(resolveAll({ labels: [], fallback: null }), true)).toHaveLength(14);
    expect(unmarkedWhileRewarded(d, false)).toEqual([]);
  });
});
