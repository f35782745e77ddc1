import { describe, expect, it } from "vitest";
import {
  clickPoints,
  DEFAULT_POINTS_RULES,
  effortPoints,
  networkFactor,
  parseStoredRules,
  PointsRules,
  PointsRulesForm,
  rulesFromForm,
  rulesToForm,
  versionInForce,
  type RulesVersion,
} from "~/app/modules/recognition/rules.ts";
import { periodRange } from "~/app/modules/recognition/schemas.ts";

const norm = DEFAULT_POINTS_RULES.normalisation; // reference 1000, floor 10, factor within [0.5, 2]

describe("networkFactor", () => {
  it("is log10(reference) / log10(followers), so 1,000 followers is neutral", () => {
    expect(networkFactor(1000, norm)).toBe(1);
    // log10(1000) / log10(100) = 3 / 2
    expect(networkFactor(100, norm)).toBe(1.5);
    // 3 / log10(10000) = 3 / 4
    expect(networkFactor(10_000, norm)).toBe(0.75);
    // 3 / log10(200) = 3 / 2.30103 = 1.30377… → 1.3038
    expect(networkFactor(200, norm)).toBe(1.3038);
    // 3 / log10(20000) = 3 / 4.30103 = 0.69751… → 0.6975
    expect(networkFactor(20_000, norm)).toBe(0.6975);
  });

  it("is clamped: tiny networks get at most maxFactor, huge ones at least minFactor", () => {
    // below the floor of 10 the network counts as 10: 3 / 1 = 3 → clamped to 2
    expect(networkFactor(0, norm)).toBe(2);
    expect(networkFactor(3, norm)).toBe(2);
    // 3 / log10(1e6) = 0.5 (the minimum); 3 / log10(1e8) = 0.375 → 0.5
    expect(networkFactor(1_000_000, norm)).toBe(0.5);
    expect(networkFactor(100_000_000, norm)).toBe(0.5);
  });

  it("treats an unknown follower count as neutral", () => {
    expect(networkFactor(null, norm)).toBe(1);
  });
});

describe("clickPoints", () => {
  it("caps unique clicks per share and day, then applies the per-click points and the factor", () => {
    const rules: PointsRules = { ...DEFAULT_POINTS_RULES, perUniqueClick: 2, uniqueClickCapPerShareDay: 10 };
    // min(4, 10) × 2 × 1.5 = 12
    expect(clickPoints(4, 100, rules)).toEqual({
      points: 12,
      uniqueClicks: 4,
      counted: 4,
      cap: 10,
      perUniqueClick: 2,
      followers: 100,
      factor: 1.5,
    });
    // min(15, 10) × 2 × 1.5 = 30
    expect(clickPoints(15, 100, rules).points).toBe(30);
    // min(40, 10) × 2 × 0.75 = 15
    expect(clickPoints(40, 10_000, rules)).toMatchObject({ points: 15, counted: 10 });
  });

  it("does not let 20,000 followers outscore 200 just by size", () => {
    // 10 clicks at 200 followers: 10 × 1 × 1.3038 = 13.038 → 13.04
    const small = clickPoints(10, 200, DEFAULT_POINTS_RULES).points;
    expect(small).toBe(13.04);
    // 18 clicks at 20,000: 18 × 0.6975 = 12.555 → 12.56 (fewer points for more clicks)
    expect(clickPoints(18, 20_000, DEFAULT_POINTS_RULES).points).toBe(12.56);
    // 200 clicks at 20,000, capped at 20: 20 × 0.6975 = 13.95 — the cap keeps size from running away
    expect(clickPoints(200, 20_000, DEFAULT_POINTS_RULES).points).toBe(13.95);
  });

  it("rounds to cents and earns nothing for no clicks", () => {
    // 1 × 1 × 1.3038 = 1.3038 → 1.3
    expect(clickPoints(1, 200, DEFAULT_POINTS_RULES).points).toBe(1.3);
    expect(clickPoints(0, 200, DEFAULT_POINTS_RULES).points).toBe(0);
  });
});

describe("effortPoints", () => {
  it("is the fixed points of each activity", () => {
    const rules: PointsRules = {
      ...DEFAULT_POINTS_RULES,
      perShare: 5,
      perApprovedSuggestion: 20,
      perGuidelinesTraining: 15,
      perHandledEscalation: 8,
    };
    expect(effortPoints("share", rules)).toBe(5);
    expect(effortPoints("approved_suggestion", rules)).toBe(20);
    expect(effortPoints("guidelines_training", rules)).toBe(15);
    expect(effortPoints("escalation_handled", rules)).toBe(8);
  });
});

describe("versionInForce", () => {
  const v = (id: string, effectiveFrom: string, perShare: number): RulesVersion => ({
    id,
    effectiveFrom,
    rules: { ...DEFAULT_POINTS_RULES, perShare },
  });
  const versions = [v("b", "2026-09-15", 1), v("a", "2026-09-01", 5)];

  it("is the latest version that started on or before the day", () => {
    expect(versionInForce(versions, "2026-09-01").id).toBe("a");
    expect(versionInForce(versions, "2026-09-14").id).toBe("a");
    expect(versionInForce(versions, "2026-09-15").id).toBe("b");
    expect(versionInForce(versions, "2027-01-01").id).toBe("b");
  });

  it("is the defaults before the first version", () => {
    const before = versionInForce(versions, "2026-08-31");
    expect(before.id).toBe("default");
    expect(before.rules).toEqual(DEFAULT_POINTS_RULES);
  });
});

describe("rules validation and the admin form", () => {
  it("round-trips the form", () => {
    const form = PointsRulesForm.parse(rulesToForm(DEFAULT_POINTS_RULES, "2026-12-01"));
    expect(rulesFromForm(form)).toEqual({ effectiveFrom: "2026-12-01", rules: DEFAULT_POINTS_RULES });
  });

  it("refuses negative points, a fractional cap and a floor above the reference", () => {
    expect(PointsRules.safeParse({ ...DEFAULT_POINTS_RULES, perShare: -1 }).success).toBe(false);
    expect(PointsRules.safeParse({ ...DEFAULT_POINTS_RULES, uniqueClickCapPerShareDay: 2.5 }).success).toBe(
      false,
    );
    const bad = PointsRules.safeParse({
      ...DEFAULT_POINTS_RULES,
      normalisation: { ...norm, followerFloor: 5000 },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe("floor_above_reference");
    const form = PointsRulesForm.safeParse({ ...rulesToForm(DEFAULT_POINTS_RULES, "2026-02-30") });
    expect(form.error?.issues.map((i) => i.path.join("."))).toEqual(["effectiveFrom"]);
  });

  it("reads an older stored version that lacks a newer field with today's default", () => {
    const { perHandledEscalation: _dropped, ...older } = { ...DEFAULT_POINTS_RULES, perShare: 7 };
    expect(parseStoredRules(older)).toEqual({ ...DEFAULT_POINTS_RULES, perShare: 7 });
  });
});

describe("periodRange", () => {
  it("knows this quarter, last quarter (across a year) and this year", () => {
    expect(periodRange("this_quarter", "2026-11-25")).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    expect(periodRange("last_quarter", "2026-11-25")).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(periodRange("last_quarter", "2026-02-10")).toEqual({ from: "2025-10-01", to: "2025-12-31" });
    expect(periodRange("this_quarter", "2024-02-29")).toEqual({ from: "2024-01-01", to: "2024-03-31" });
    expect(periodRange("this_year", "2026-05-05")).toEqual({ from: "2026-01-01", to: "2026-12-31" });
  });
});
