import { describe, expect, it } from "vitest";
import { dateTimeFormat, numberFormat, relativeTimeFormat } from "~/app/lib/intl.ts";

describe("shared Intl formatters", () => {
  it("hand out one formatter per locale and options", () => {
    const a = dateTimeFormat("de", { dateStyle: "medium", timeZone: "UTC" });
    expect(dateTimeFormat("de", { dateStyle: "medium", timeZone: "UTC" })).toBe(a);
    expect(dateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" })).not.toBe(a);
    expect(dateTimeFormat("de", { dateStyle: "long", timeZone: "UTC" })).not.toBe(a);
    expect(numberFormat("de")).toBe(numberFormat("de"));
    expect(numberFormat("de", { style: "percent" })).not.toBe(numberFormat("de"));
  });

  it("format as a new formatter of the same locale and options would", () => {
    const day = new Date("2026-12-07T00:00:00Z");
    expect(dateTimeFormat("de", { dateStyle: "medium", timeZone: "UTC" }).format(day)).toBe("07.12.2026");
    expect(dateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" }).format(day)).toBe("7 Dec 2026");
    expect(numberFormat("de", { style: "currency", currency: "EUR" }).format(1234.5)).toBe(
      new Intl.NumberFormat("de", { style: "currency", currency: "EUR" }).format(1234.5),
    );
    expect(numberFormat("de").format(1234.5)).toBe("1.234,5");
    expect(relativeTimeFormat("en", { numeric: "auto" }).format(-1, "day")).toBe("yesterday");
  });

  it("a kind's formatter is never another kind's with the same locale and options", () => {
    const options = {};
    expect(numberFormat("de", options)).toBeInstanceOf(Intl.NumberFormat);
    expect(dateTimeFormat("de", options)).toBeInstanceOf(Intl.DateTimeFormat);
    expect(relativeTimeFormat("de", options)).toBeInstanceOf(Intl.RelativeTimeFormat);
  });
});
