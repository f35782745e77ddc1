import { describe, expect, it } from "vitest";
import { parsePeriod } from "~/app/modules/goals/period.ts";
import { periodChoices, quarterOf } from "~/app/modules/goals/schemas.ts";

describe("parsePeriod", () => {
  it("reads quarters, halves and years as inclusive days", () => {
    expect(parsePeriod({ period: "2026-Q4" })).toEqual({
      kind: "quarter",
      label: "2026-Q4",
      startsOn: "2026-10-01",
      endsOn: "2026-12-31",
    });
    expect(parsePeriod({ period: "2026-Q1" })).toEqual({
      kind: "quarter",
      label: "2026-Q1",
      startsOn: "2026-01-01",
      endsOn: "2026-03-31",
    });
    expect(parsePeriod({ period: "2024-Q2" })?.endsOn).toBe("2024-06-30");
    expect(parsePeriod({ period: "2026-H1" })).toEqual({
      kind: "half",
      label: "2026-H1",
      startsOn: "2026-01-01",
      endsOn: "2026-06-30",
    });
    expect(parsePeriod({ period: "2026-H2" })).toEqual({
      kind: "half",
      label: "2026-H2",
      startsOn: "2026-07-01",
      endsOn: "2026-12-31",
    });
    expect(parsePeriod({ period: "2027" })).toEqual({
      kind: "year",
      label: "2027",
      startsOn: "2027-01-01",
      endsOn: "2027-12-31",
    });
  });

  it("reads a custom range, including leap days", () => {
    expect(parsePeriod({ from: "2028-02-01", to: "2028-02-29" })).toEqual({
      kind: "custom",
      label: "2028-02-01..2028-02-29",
      startsOn: "2028-02-01",
      endsOn: "2028-02-29",
    });
    expect(parsePeriod({ from: "2026-03-05", to: "2026-03-05" })?.kind).toBe("custom");
  });

  it("refuses anything else", () => {
    for (const period of ["2026-Q0", "2026-Q5", "2026-H3", "26", "2026-q4", "Q4-2026", "2026-Q4 "])
      expect(parsePeriod({ period })).toBeNull();
    expect(parsePeriod({ from: "2026-02-30", to: "2026-03-01" })).toBeNull();
    expect(parsePeriod({ from: "2026-04-02", to: "2026-04-01" })).toBeNull();
    expect(parsePeriod({ from: "2026-04-01" })).toBeNull();
    expect(parsePeriod({})).toBeNull();
  });

  it("offers this and next year's periods in the proposal form, each one parseable", () => {
    const choices = periodChoices("2026-11-25");
    expect(choices).toContain("2026-Q4");
    expect(choices).toContain("2027-H1");
    expect(choices).toContain("2027");
    expect(choices.every((p) => parsePeriod({ period: p }) !== null)).toBe(true);
    expect([
      quarterOf("2026-01-01"),
      quarterOf("2026-03-31"),
      quarterOf("2026-04-01"),
      quarterOf("2026-11-25"),
    ]).toEqual(["2026-Q1", "2026-Q1", "2026-Q2", "2026-Q4"]);
  });
});
