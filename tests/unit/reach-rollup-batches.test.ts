import { describe, expect, it } from "vitest";
import { _internal } from "~/app/modules/reach/rollup.server.ts";
import { RollupReachPayload } from "~/jobs/contracts/rollup-reach.ts";

const { batchesOf, addDays, isDay } = _internal;

describe("rollup batches", () => {
  it("groups consecutive days, across month and year ends, and splits at gaps", () => {
    expect(
      batchesOf(["2025-12-30", "2025-12-31", "2026-01-01", "2026-01-03", "2026-02-28", "2026-03-01"]),
    ).toEqual([
      { first: "2025-12-30", last: "2026-01-01" },
      { first: "2026-01-03", last: "2026-01-03" },
      { first: "2026-02-28", last: "2026-03-01" },
    ]);
  });

  it("caps a run at 92 days", () => {
    const days = Array.from({ length: 200 }, (_, i) => addDays("2026-01-01", i));
    const batches = batchesOf(days);
    expect(batches.map((b) => [b.first, b.last])).toEqual([
      ["2026-01-01", "2026-04-02"],
      ["2026-04-03", "2026-07-03"],
      ["2026-07-04", "2026-07-19"],
    ]);
  });

  it("knows real days from look-alikes", () => {
    expect(["2024-02-29", "2026-12-31"].map(isDay)).toEqual([true, true]);
    expect(["2026-02-29", "2026-13-01", "2026-1-01", "01.02.2026", ""].map(isDay)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("rollup-reach payload", () => {
  const tenantId = "0b3c2a8e-5d7e-4f51-9a41-6f2b1c0d9e77";
  it("accepts the four forms", () => {
    for (const payload of [
      {},
      { tenantId },
      { tenantId, all: true },
      { tenantId, from: "2026-01-01", to: "2026-01-31" },
    ]) {
      expect(RollupReachPayload.safeParse(payload).success, JSON.stringify(payload)).toBe(true);
    }
  });

  it("allows 800 days and no more", () => {
    expect(
      RollupReachPayload.safeParse({ tenantId, from: "2024-01-01", to: addDays("2024-01-01", 799) }).success,
    ).toBe(true);
    const over = RollupReachPayload.safeParse({
      tenantId,
      from: "2024-01-01",
      to: addDays("2024-01-01", 800),
    });
    expect(over.success).toBe(false);
    expect(over.error?.issues.map((i) => i.path.join("."))).toEqual(["to"]);
  });
});
