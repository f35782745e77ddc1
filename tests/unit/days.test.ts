import { describe, expect, it } from "vitest";
import { addDays, daysInRange, isCalendarDay, todayIn } from "~/app/lib/days.ts";
import { isSafeDay } from "~/app/lib/validation.ts";

describe("calendar days (app/lib/days.ts)", () => {
  it("isCalendarDay: real days of any four-digit year, leap years by the Gregorian rule", () => {
    for (const day of [
      "2026-01-01",
      "2024-02-29",
      "2000-02-29",
      "1970-01-01",
      "9999-12-31",
      "0000-01-01",
      "0050-06-15",
    ])
      expect(isCalendarDay(day), day).toBe(true);
    for (const day of [
      "2026-02-29",
      "1900-02-29",
      "2026-02-30",
      "2026-13-01",
      "2026-00-10",
      "2026-04-31",
      "2026-1-01",
      "2026-01-01T00:00",
      " 2026-01-01",
      "+02026-01-01",
      "",
    ])
      expect(isCalendarDay(day), day).toBe(false);
    // the forms' safe day is a calendar day from 1970 on
    expect(isSafeDay("0050-06-15")).toBe(false);
    expect(isSafeDay("2024-02-29")).toBe(true);
    expect(isSafeDay("2026-02-29")).toBe(false);
  });

  it("addDays and daysInRange across month, leap-day and year edges", () => {
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30"); // across Europe's spring change: days, not hours
    expect(daysInRange("2026-01-01", "2026-01-01")).toBe(1);
    expect(daysInRange("2025-12-31", "2026-01-01")).toBe(2);
    expect(daysInRange("2024-01-01", "2024-12-31")).toBe(366);
    expect(daysInRange("2026-03-01", "2026-03-31")).toBe(31);
  });

  it("todayIn: the day an instant falls on in the zone, at year and DST edges", () => {
    expect(todayIn("Europe/Berlin", new Date("2025-12-31T23:30:00Z"))).toBe("2026-01-01");
    expect(todayIn("America/New_York", new Date("2026-01-01T04:59:59Z"))).toBe("2025-12-31");
    expect(todayIn("America/New_York", new Date("2026-01-01T05:00:00Z"))).toBe("2026-01-01");
    expect(todayIn("Pacific/Kiritimati", new Date("2025-12-31T10:00:00Z"))).toBe("2026-01-01");
    // Berlin's spring change (01:00 UTC) and autumn change (01:00 UTC)
    expect(todayIn("Europe/Berlin", new Date("2026-03-28T22:59:59Z"))).toBe("2026-03-28");
    expect(todayIn("Europe/Berlin", new Date("2026-03-28T23:00:00Z"))).toBe("2026-03-29");
    expect(todayIn("Europe/Berlin", new Date("2026-10-24T21:59:59Z"))).toBe("2026-10-24");
    expect(todayIn("Europe/Berlin", new Date("2026-10-24T22:00:00Z"))).toBe("2026-10-25");
    expect(todayIn("Europe/Berlin", new Date("2026-10-25T22:59:59Z"))).toBe("2026-10-25");
    expect(todayIn("Europe/Berlin", new Date("2026-10-25T23:00:00Z"))).toBe("2026-10-26");
  });
});
