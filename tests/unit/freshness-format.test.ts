import { describe, expect, it } from "vitest";
import { formatAgo, formatAsOf } from "~/app/modules/freshness/format.ts";

describe("freshness: the as-of time", () => {
  const now = new Date("2026-12-06T15:00:00Z"); // 16:00 in Berlin
  it("is the time in the tenant's zone when it is today there, the same in German and English", () => {
    expect(formatAsOf(new Date("2026-12-06T13:05:00Z"), "de", "Europe/Berlin", now)).toBe("14:05");
    expect(formatAsOf(new Date("2026-12-06T13:05:00Z"), "en", "Europe/Berlin", now)).toBe("14:05");
    expect(
      formatAsOf(
        new Date("2026-12-06T13:05:00Z"),
        "en",
        "America/New_York",
        new Date("2026-12-06T20:00:00Z"),
      ),
    ).toBe("08:05");
  });
  it("puts the date in front when it was another day there", () => {
    // 23:30 UTC on 5 December is 00:30 on 6 December in Berlin: today there
    expect(formatAsOf(new Date("2026-12-05T23:30:00Z"), "de", "Europe/Berlin", now)).toBe("00:30");
    expect(formatAsOf(new Date("2026-12-05T22:30:00Z"), "de", "Europe/Berlin", now)).toBe("5. Dez., 23:30");
    expect(formatAsOf(new Date("2026-12-05T22:30:00Z"), "en", "Europe/Berlin", now)).toBe("Dec 5, 23:30");
  });
});

describe("formatAgo", () => {
  const now = new Date("2026-12-07T12:00:00Z");
  it("says how long ago in words, in the reader's language", () => {
    expect(formatAgo(new Date("2026-12-04T11:00:00Z"), "en", "Europe/Berlin", now)).toBe("3 days ago");
    expect(formatAgo(new Date("2026-12-04T11:00:00Z"), "de", "Europe/Berlin", now)).toBe("vor 3 Tagen");
    expect(formatAgo(new Date("2026-12-06T11:00:00Z"), "en", "Europe/Berlin", now)).toBe("yesterday");
    expect(formatAgo(new Date("2026-12-06T11:00:00Z"), "de", "Europe/Berlin", now)).toBe("gestern");
    expect(formatAgo(new Date("2026-12-07T09:30:00Z"), "de", "Europe/Berlin", now)).toBe("vor 2 Stunden");
    expect(formatAgo(new Date("2026-11-20T12:00:00Z"), "en", "Europe/Berlin", now)).toBe("2 weeks ago");
  });
  it("says now for under a minute and for a clock that is slightly ahead", () => {
    expect(formatAgo(new Date("2026-12-07T11:59:30Z"), "en", "Europe/Berlin", now)).toBe("now");
    expect(formatAgo(new Date("2026-12-07T12:00:05Z"), "de", "Europe/Berlin", now)).toBe("jetzt");
  });
  it("counts days by the calendar in the company's time zone: yesterday is the day before today there", () => {
    // 47 hours before 12:00 UTC on 7 December: 5 December, 14:00 in Berlin — the day before yesterday
    expect(formatAgo(new Date("2026-12-05T13:00:00Z"), "de", "Europe/Berlin", now)).toBe("vorgestern");
    expect(formatAgo(new Date("2026-12-05T13:00:00Z"), "en", "Europe/Berlin", now)).toBe("2 days ago");
    // 25 hours before 01:00 on 7 December in Berlin: 6 December, 00:00 there — yesterday, though UTC says 5th
    const lateNight = new Date("2026-12-07T00:00:00Z");
    expect(formatAgo(new Date("2026-12-05T23:00:00Z"), "de", "Europe/Berlin", lateNight)).toBe("gestern");
    expect(formatAgo(new Date("2026-12-05T23:00:00Z"), "en", "UTC", lateNight)).toBe("2 days ago");
    // 33 hours before 08:00 in New York (13:00 UTC): 5 December, 23:00 there — two days back
    const nyMorning = new Date("2026-12-07T13:00:00Z");
    expect(formatAgo(new Date("2026-12-06T04:00:00Z"), "en", "America/New_York", nyMorning)).toBe(
      "2 days ago",
    );
    expect(formatAgo(new Date("2026-12-06T04:00:00Z"), "en", "Europe/Berlin", nyMorning)).toBe("yesterday");
  });
  it("says hours when a day of 25 hours (clocks going back) leaves the same date", () => {
    // 25 October 2026, Berlin: 00:30 to 23:40 is 24 h 10 min
    const late = new Date("2026-10-25T22:40:00Z");
    expect(formatAgo(new Date("2026-10-24T22:30:00Z"), "en", "Europe/Berlin", late)).toBe("24 hours ago");
  });
  it("says 'one week/month/year ago' with the number, not 'last week', which names a calendar week", () => {
    // 13 days ago is not "last week" on a Monday
    expect(formatAgo(new Date("2026-11-24T12:00:00Z"), "en", "Europe/Berlin", now)).toBe("1 week ago");
    expect(formatAgo(new Date("2026-11-24T12:00:00Z"), "de", "Europe/Berlin", now)).toBe("vor 1 Woche");
    expect(formatAgo(new Date("2026-10-20T12:00:00Z"), "de", "Europe/Berlin", now)).toBe("vor 1 Monat");
    expect(formatAgo(new Date("2026-10-20T12:00:00Z"), "en", "Europe/Berlin", now)).toBe("1 month ago");
    expect(formatAgo(new Date("2025-11-01T12:00:00Z"), "de", "Europe/Berlin", now)).toBe("vor 1 Jahr");
    expect(formatAgo(new Date("2024-11-01T12:00:00Z"), "de", "Europe/Berlin", now)).toBe("vor 2 Jahren");
  });
  it("never says '12 months ago': from 365 days on it is a year", () => {
    expect(formatAgo(new Date("2025-12-12T12:00:00Z"), "en", "Europe/Berlin", now)).toBe("11 months ago");
    expect(formatAgo(new Date("2025-12-07T12:00:00Z"), "en", "Europe/Berlin", now)).toBe("1 year ago");
    expect(formatAgo(new Date("2025-12-09T12:00:00Z"), "de", "Europe/Berlin", now)).toBe("vor 11 Monaten");
  });
});
