import { describe, expect, it } from "vitest";
import { agreementWindow, parsePeriod, quarterStart } from "~/app/modules/goals/period.ts";

const q4 = parsePeriod({ period: "2026-Q4" })!;
const year = parsePeriod({ period: "2026" })!;
const strict = { allowBackdated: false, backdate: false };

describe("when an agreement starts (agreementWindow)", () => {
  it("a future period from its start, a running one from the proposal day, an ended one not at all", () => {
    expect(agreementWindow(q4, "2026-09-30", strict)).toEqual({
      ok: true,
      window: { startsOn: "2026-10-01", endsOn: "2026-12-31", backdatedFrom: null },
    });
    expect(agreementWindow(q4, "2026-10-01", strict)).toEqual({
      ok: true,
      window: { startsOn: "2026-10-01", endsOn: "2026-12-31", backdatedFrom: null },
    });
    expect(agreementWindow(q4, "2026-12-06", strict)).toEqual({
      ok: true,
      window: { startsOn: "2026-12-06", endsOn: "2026-12-31", backdatedFrom: null },
    });
    expect(agreementWindow(q4, "2026-12-31", strict)).toMatchObject({
      ok: true,
      window: { startsOn: "2026-12-31" },
    });
    expect(agreementWindow(q4, "2027-01-01", strict)).toEqual({ ok: false, reason: "period_ended" });
  });

  it("back-dates a running period to its own start only when asked and allowed, remembering the real day", () => {
    expect(agreementWindow(q4, "2026-12-06", { allowBackdated: false, backdate: true })).toEqual({
      ok: false,
      reason: "backdate_not_allowed",
    });
    expect(agreementWindow(q4, "2026-12-06", { allowBackdated: true, backdate: false })).toMatchObject({
      ok: true,
      window: { startsOn: "2026-12-06", backdatedFrom: null },
    });
    expect(agreementWindow(year, "2026-12-06", { allowBackdated: true, backdate: true })).toEqual({
      ok: true,
      window: { startsOn: "2026-01-01", endsOn: "2026-12-31", backdatedFrom: "2026-12-06" },
    });
  });

  it("takes a custom range as typed: a past start only where allowed, and not before the current quarter", () => {
    const custom = (from: string, to: string) => parsePeriod({ from, to })!;
    expect(agreementWindow(custom("2026-12-10", "2027-02-01"), "2026-12-06", strict)).toMatchObject({
      ok: true,
      window: { startsOn: "2026-12-10", backdatedFrom: null },
    });
    expect(agreementWindow(custom("2026-11-01", "2027-02-01"), "2026-12-06", strict)).toEqual({
      ok: false,
      reason: "custom_start_past",
    });
    const allowed = { allowBackdated: true, backdate: false };
    expect(agreementWindow(custom("2026-10-01", "2027-02-01"), "2026-12-06", allowed)).toEqual({
      ok: true,
      window: { startsOn: "2026-10-01", endsOn: "2027-02-01", backdatedFrom: "2026-12-06" },
    });
    expect(agreementWindow(custom("2026-09-30", "2027-02-01"), "2026-12-06", allowed)).toEqual({
      ok: false,
      reason: "backdate_too_early",
    });
    expect([quarterStart("2026-12-06"), quarterStart("2026-01-01"), quarterStart("2026-06-30")]).toEqual([
      "2026-10-01",
      "2026-01-01",
      "2026-04-01",
    ]);
  });
});
