import type { PeriodKind } from "~/db/tables/recognition.ts";
import { isSafeDay, isSafeYear } from "~/app/lib/validation.ts";

export interface Period {
  kind: PeriodKind;
  /** "2026-Q4", "2026-H2", "2026", or "2026-10-01..2026-12-31" */
  label: string;
  /** inclusive tenant-local days */
  startsOn: string;
  endsOn: string;
}

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Parses a period as the API and the forms write it: `YYYY-Qn`, `YYYY-Hn`, `YYYY`, or a custom
 * range (`from`..`to`, inclusive days). Returns null for anything else (including from > to).
 */
export function parsePeriod(input: {
  period?: string | null;
  from?: string | null;
  to?: string | null;
}): Period | null {
  const { period, from, to } = input;
  if (period) {
    // years outside 1970–9999 are nobody's period, and PostgreSQL has no year 0: refused like a typo
    if (!isSafeYear(Number(period.slice(0, 4)))) return null;
    let m = /^(\d{4})-Q([1-4])$/.exec(period);
    if (m) {
      const year = Number(m[1]);
      const q = Number(m[2]);
      const startMonth = (q - 1) * 3 + 1;
      return {
        kind: "quarter",
        label: period,
        startsOn: `${year}-${pad(startMonth)}-01`,
        endsOn: `${year}-${pad(startMonth + 2)}-${pad(lastDay(year, startMonth + 2))}`,
      };
    }
    m = /^(\d{4})-H([12])$/.exec(period);
    if (m) {
      const year = Number(m[1]);
      const h = Number(m[2]);
      return h === 1
        ? { kind: "half", label: period, startsOn: `${year}-01-01`, endsOn: `${year}-06-30` }
        : { kind: "half", label: period, startsOn: `${year}-07-01`, endsOn: `${year}-12-31` };
    }
    m = /^(\d{4})$/.exec(period);
    if (m) return { kind: "year", label: period, startsOn: `${m[1]}-01-01`, endsOn: `${m[1]}-12-31` };
    return null;
  }
  if (from && to && isSafeDay(from) && isSafeDay(to) && from <= to)
    return { kind: "custom", label: `${from}..${to}`, startsOn: from, endsOn: to };
  return null;
}

/**
 * The last day an agreement's figures measure: its period's end, or — closed early — the day it was
 * closed (tenant-local), whichever comes first. Points dated after an early close (added later)
 * belong to no statement of it.
 */
export function measuredThrough(endsOn: string, closedEarlyOn: string | null): string {
  return closedEarlyOn !== null && closedEarlyOn < endsOn ? closedEarlyOn : endsOn;
}

/** The first day of the quarter `day` falls in. */
export function quarterStart(day: string): string {
  const month = Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3 + 1;
  return `${day.slice(0, 4)}-${pad(month)}-01`;
}

/** The days an agreement measures: its period, or the part of it from the day it was agreed. */
export interface AgreementWindow {
  startsOn: string;
  endsOn: string;
  /** the proposal day, when the start lies before it (a back-dated start); null otherwise */
  backdatedFrom: string | null;
}

/** Why a period cannot be agreed on `today` (error keys under goals.errors.). */
export type WindowRefusal =
  "period_ended" | "custom_start_past" | "backdate_not_allowed" | "backdate_too_early";

/**
 * When an agreement proposed (or revised) on `today` for `period` starts. Targets are agreed
 * before the figures they measure exist, so:
 *  - a period that has ended cannot be agreed at all;
 *  - a quarter, half or year that has started is measured from `today` (the label stays);
 *  - only a tenant that allows back-dating may start it at the period's own start, when asked
 *    (`backdate`), and the day it was really agreed is kept (backdatedFrom);
 *  - a custom range is taken as typed: starting before `today` is a back-date, allowed only where
 *    the tenant allows it and never before the start of the current quarter.
 */
export function agreementWindow(
  period: Period,
  today: string,
  opts: { allowBackdated: boolean; backdate: boolean },
): { ok: true; window: AgreementWindow } | { ok: false; reason: WindowRefusal } {
  if (period.endsOn < today) return { ok: false, reason: "period_ended" };
  if (period.startsOn >= today)
    return { ok: true, window: { startsOn: period.startsOn, endsOn: period.endsOn, backdatedFrom: null } };
  if (period.kind === "custom") {
    if (!opts.allowBackdated) return { ok: false, reason: "custom_start_past" };
    if (period.startsOn < quarterStart(today)) return { ok: false, reason: "backdate_too_early" };
    return { ok: true, window: { startsOn: period.startsOn, endsOn: period.endsOn, backdatedFrom: today } };
  }
  if (!opts.backdate)
    return { ok: true, window: { startsOn: today, endsOn: period.endsOn, backdatedFrom: null } };
  if (!opts.allowBackdated) return { ok: false, reason: "backdate_not_allowed" };
  return { ok: true, window: { startsOn: period.startsOn, endsOn: period.endsOn, backdatedFrom: today } };
}
