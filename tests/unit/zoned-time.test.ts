import { describe, expect, it } from "vitest";
import { dateToZonedLocal, zonedLocalToDate } from "~/app/lib/zoned-time.ts";

describe("datetime-local in the tenant's time zone", () => {
  it("reads wall-clock time in Berlin, winter and summer", () => {
    expect(zonedLocalToDate("2026-01-15T09:00", "Europe/Berlin")?.toISOString()).toBe(
      "2026-01-15T08:00:00.000Z",
    );
    expect(zonedLocalToDate("2026-07-15T09:00", "Europe/Berlin")?.toISOString()).toBe(
      "2026-07-15T07:00:00.000Z",
    );
    expect(zonedLocalToDate("2026-07-15T09:00", "America/New_York")?.toISOString()).toBe(
      "2026-07-15T13:00:00.000Z",
    );
    expect(zonedLocalToDate("2026-07-15T09:00", "UTC")?.toISOString()).toBe("2026-07-15T09:00:00.000Z");
  });

  it("handles the DST changes: the skipped hour moves forward, the repeated hour takes the earlier instant", () => {
    // 2026-03-29 02:30 does not exist in Berlin: it becomes 03:30 summer time
    expect(zonedLocalToDate("2026-03-29T02:30", "Europe/Berlin")?.toISOString()).toBe(
      "2026-03-29T01:30:00.000Z",
    );
    // 2026-10-25 02:30 happens twice: the first (summer time) one
    expect(zonedLocalToDate("2026-10-25T02:30", "Europe/Berlin")?.toISOString()).toBe(
      "2026-10-25T00:30:00.000Z",
    );
  });

  it("round-trips and refuses garbage", () => {
    const d = new Date("2026-05-04T07:30:00Z");
    expect(dateToZonedLocal(d, "Europe/Berlin")).toBe("2026-05-04T09:30");
    expect(zonedLocalToDate(dateToZonedLocal(d, "Europe/Vienna"), "Europe/Vienna")?.getTime()).toBe(
      d.getTime(),
    );
    expect(zonedLocalToDate("tomorrow", "Europe/Berlin")).toBeUndefined();
    expect(zonedLocalToDate("", "Europe/Berlin")).toBeUndefined();
  });
});
