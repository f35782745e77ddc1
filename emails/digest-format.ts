import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { dateTimeFormat, numberFormat } from "~/app/lib/intl.ts";

/** Shared pieces of the digest mails' prop schemas. */
export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const HttpUrl = z.url({ protocol: /^https?$/ });
export const Count = z.number().int().nonnegative();

/** "2026-11-16".."2026-11-22" as the reader's language writes a week (the days are tenant-local calendar days). */
export function formatWeek(locale: Locale, weekStart: string, weekEnd: string): string {
  const fmt = dateTimeFormat(locale === "de" ? "de-DE" : "en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  return fmt.formatRange(day(weekStart), day(weekEnd));
}

export function formatCount(locale: Locale, n: number): string {
  return numberFormat(locale === "de" ? "de-DE" : "en-GB", { maximumFractionDigits: 0 }).format(n);
}

export function formatMoney(locale: Locale, amount: number, currency: string): string {
  return numberFormat(locale === "de" ? "de-DE" : "en-GB", {
    style: "currency",
    currency,
    maximumFractionDigits: 2,
  }).format(amount);
}
