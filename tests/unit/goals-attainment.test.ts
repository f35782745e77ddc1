import { describe, expect, it } from "vitest";
import { computeAttainment, round2 } from "~/app/modules/goals/attainment.ts";
import { ProposeAgreementInput, weightSum } from "~/app/modules/goals/schemas.ts";

describe("round2", () => {
  it("rounds half up at two decimals, also where binary floats fall short", () => {
    expect(round2(1.005)).toBe(1.01);
    expect(round2(66.665)).toBe(66.67);
    expect(round2(33.333333)).toBe(33.33);
    expect(round2(2.675)).toBe(2.68);
    expect(round2(10)).toBe(10);
  });
});

describe("computeAttainment", () => {
  it("weights each objective and sums them (hand-computed)", () => {
    // shares 8/10 = 80 % × 50 = 40; unique clicks 30/40 = 75 % × 30 = 22.5; manual 90 % × 20 = 18 → 80.5
    const result = computeAttainment(
      [
        { metric: "shares", target: 10, weight: 50, actual: 8 },
        { metric: "unique_clicks", target: 40, weight: 30, actual: 30 },
        { metric: "manual", target: 100, weight: 20, actual: 90 },
      ],
      150,
    );
    expect(result.objectives).toEqual([
      { attainmentPercent: 80, weightedPercent: 40 },
      { attainmentPercent: 75, weightedPercent: 22.5 },
      { attainmentPercent: 90, weightedPercent: 18 },
    ]);
    expect(result.overallPercent).toBe(80.5);
  });

  it("caps each objective before weighting, and the overall figure", () => {
    // points 500/100 = 500 % → capped 150 → × 60 = 90; shares 1/3 = 33.33 % × 40 = 13.33 → 103.33
    const result = computeAttainment(
      [
        { metric: "points", target: 100, weight: 60, actual: 500 },
        { metric: "shares", target: 3, weight: 40, actual: 1 },
      ],
      150,
    );
    expect(result.objectives[0]).toEqual({ attainmentPercent: 150, weightedPercent: 90 });
    expect(result.objectives[1]).toEqual({ attainmentPercent: 33.33, weightedPercent: 13.33 });
    expect(result.overallPercent).toBe(103.33);
    // everything far over target: the overall figure stops at the cap
    const over = computeAttainment([{ metric: "shares", target: 1, weight: 100, actual: 50 }], 120);
    expect(over.overallPercent).toBe(120);
  });

  it("caps a manual judgement and counts an unjudged manual objective as 0", () => {
    const result = computeAttainment(
      [
        { metric: "manual", target: 100, weight: 50, actual: 200 },
        { metric: "manual", target: 100, weight: 50, actual: null },
      ],
      150,
    );
    expect(result.objectives).toEqual([
      { attainmentPercent: 150, weightedPercent: 75 },
      { attainmentPercent: 0, weightedPercent: 0 },
    ]);
    expect(result.overallPercent).toBe(75);
  });
});

describe("ProposeAgreementInput", () => {
  const base = { employeeId: "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f", period: "2026-Q4" };
  it("refuses weights that do not sum to 100, on the objectives field", () => {
    const result = ProposeAgreementInput.safeParse({
      ...base,
      objectives: [
        { metric: "shares", title: "Share", target: 10, weight: 50 },
        { metric: "points", title: "Points", target: 100, weight: 40 },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((i) => i.path.join(".") === "objectives")?.message).toBe("weights_sum");
    expect(weightSum([{ weight: 50 }, { weight: "40" }])).toBe(90);
  });

  it("accepts 100 % and a manual objective without a target, refuses a measured one without", () => {
    expect(
      ProposeAgreementInput.safeParse({
        ...base,
        objectives: [{ metric: "manual", title: "Talk", weight: 100 }],
      }).success,
    ).toBe(true);
    const missing = ProposeAgreementInput.safeParse({
      ...base,
      objectives: [{ metric: "shares", title: "Share", weight: 100 }],
    });
    expect(missing.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["objectives.0.target", "target_positive"],
    ]);
  });

  it("refuses more than eight objectives, a bad period and a reversed custom range", () => {
    const nine = Array.from({ length: 9 }, (_, i) => ({
      metric: "shares" as const,
      title: `S${i}`,
      target: 1,
      weight: i === 0 ? 20 : 10,
    }));
    expect(ProposeAgreementInput.safeParse({ ...base, objectives: nine }).error?.issues[0]?.message).toBe(
      "objectives_count",
    );
    const one = [{ metric: "shares" as const, title: "S", target: 1, weight: 100 }];
    expect(
      ProposeAgreementInput.safeParse({ ...base, period: "2026-Q5", objectives: one }).error?.issues[0]
        ?.message,
    ).toBe("period");
    expect(
      ProposeAgreementInput.safeParse({
        ...base,
        period: "custom",
        from: "2026-05-01",
        to: "2026-04-01",
        objectives: one,
      }).error?.issues[0]?.message,
    ).toBe("custom_range");
    expect(
      ProposeAgreementInput.safeParse({
        ...base,
        period: "custom",
        from: "2026-04-01",
        to: "2026-05-01",
        objectives: one,
      }).success,
    ).toBe(true);
  });
});
