import { describe, expect, it } from "vitest";
import { quietHoursEnd, type QuietHours } from "~/app/modules/chat/quiet-hours.ts";

const BERLIN = "Europe/Berlin";
const night: QuietHours = { from: 22 * 60, until: 7 * 60 };
const at = (iso: string) => new Date(iso);
const end = (iso: string, quiet = night, tz = BERLIN) => quietHoursEnd(at(iso), tz, quiet).toISOString();

describe("quiet hours", () => {
  it("lets a message go at once outside quiet hours, and without any", () => {
    // 12:00 Berlin (winter, UTC+1)
    expect(end("2026-12-07T11:00:00.000Z")).toBe("2026-12-07T11:00:00.000Z");
    expect(end("2026-12-07T11:00:00.000Z", { from: null, until: null })).toBe("2026-12-07T11:00:00.000Z");
    // from = until is no quiet time at all
    expect(end("2026-12-07T11:00:00.000Z", { from: 720, until: 720 })).toBe("2026-12-07T11:00:00.000Z");
    // 21:59 local: still allowed; 07:00 local: allowed again (until is exclusive)
    expect(end("2026-12-07T20:59:00.000Z")).toBe("2026-12-07T20:59:00.000Z");
    expect(end("2026-12-08T06:00:00.000Z")).toBe("2026-12-08T06:00:00.000Z");
  });

  it("holds a message from the evening until the next morning when the hours wrap midnight", () => {
    // 22:00 and 23:00 local → 07:00 local the next day (06:00 UTC)
    expect(end("2026-12-07T21:00:00.000Z")).toBe("2026-12-08T06:00:00.000Z");
    expect(end("2026-12-07T22:00:00.000Z")).toBe("2026-12-08T06:00:00.000Z");
    // 00:30 and 06:59 local → 07:00 the same day
    expect(end("2026-12-07T23:30:00.000Z")).toBe("2026-12-08T06:00:00.000Z");
    expect(end("2026-12-08T05:59:00.000Z")).toBe("2026-12-08T06:00:00.000Z");
  });

  it("holds a message within quiet hours that do not wrap", () => {
    const lunch = { from: 12 * 60, until: 13 * 60 + 30 };
    // 12:15 local → 13:30 local
    expect(end("2026-12-07T11:15:00.000Z", lunch)).toBe("2026-12-07T12:30:00.000Z");
    expect(end("2026-12-07T10:59:00.000Z", lunch)).toBe("2026-12-07T10:59:00.000Z");
    expect(end("2026-12-07T12:30:00.000Z", lunch)).toBe("2026-12-07T12:30:00.000Z");
  });

  it("reads the wall clock of the tenant's time zone, not UTC", () => {
    // 23:00 UTC is 18:00 in New York (winter): not quiet there, quiet in Berlin (00:00)
    expect(end("2026-12-07T23:00:00.000Z", night, "America/New_York")).toBe("2026-12-07T23:00:00.000Z");
    expect(end("2026-12-07T23:00:00.000Z", night, BERLIN)).toBe("2026-12-08T06:00:00.000Z");
  });

  it("ends at 07:00 local across the DST changes", () => {
    // the night clocks go forward (2026-03-29): 23:00 winter time → 07:00 summer time (05:00 UTC)
    expect(end("2026-03-28T22:00:00.000Z")).toBe("2026-03-29T05:00:00.000Z");
    // the night clocks go back (2026-10-25): 23:00 summer time → 07:00 winter time (06:00 UTC)
    expect(end("2026-10-24T21:00:00.000Z")).toBe("2026-10-25T06:00:00.000Z");
    // inside the repeated hour (02:30 local, the second time, 01:30 UTC) → 07:00 winter time
    expect(end("2026-10-25T01:30:00.000Z")).toBe("2026-10-25T06:00:00.000Z");
  });

  it("ends just after the change when the DST jump skips the end time", () => {
    // quiet 01:00–02:30; 02:30 does not exist on 2026-03-29 in Berlin: 03:30 summer time (01:30 UTC)
    const early = { from: 60, until: 150 };
    expect(end("2026-03-29T00:30:00.000Z", early)).toBe("2026-03-29T01:30:00.000Z");
    // never earlier than now
    for (const iso of ["2026-03-29T00:59:00.000Z", "2026-10-25T00:10:00.000Z", "2026-10-25T01:10:00.000Z"]) {
      expect(quietHoursEnd(at(iso), BERLIN, early).getTime()).toBeGreaterThanOrEqual(at(iso).getTime());
    }
  });
});
