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
    expect(formatAgo(new Date("2026-12-04T11:00:00Z"), "en", now)).toBe("3 days ago");
    expect(formatAgo(new Date("2026-12-04T11:00:00Z"), "de", now)).toBe("vor 3 Tagen");
    expect(formatAgo(new Date("2026-12-06T11:00:00Z"), "en", now)).toBe("yesterday");
    expect(formatAgo(new Date("2026-12-06T11:00:00Z"), "de", now)).toBe("gestern");
    expect(formatAgo(new Date("2026-12-07T09:30:00Z"), "de", now)).toBe("vor 2 Stunden");
    expect(formatAgo(new Date("2026-11-20T12:00:00Z"), "en", now)).toBe("2 weeks ago");
  });
  it("says now for under a minute and for a clock that is slightly ahead", () => {
    expect(formatAgo(new Date("2026-12-07T11:59:30Z"), "en", now)).toBe("now");
    expect(formatAgo(new Date("2026-12-07T12:00:05Z"), "de", now)).toBe("jetzt");
  });
});
