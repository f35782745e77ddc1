import type { PeriodKind } from "../../../db/tables/recognition.ts";
import { isSafeDay, isSafeYear } from "../../lib/validation.ts";

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
export function parsePeriod(input: { period?: string | null; from?: string | null; to?: string | null }): Period | null {
  const { period, from, to } = input;
  if (period) {
    // years outside 1970–9999 are nobody's period, and PostgreSQL has no year 0: refused like a typo
    if (!isSafeYear(Number(period.slice(0, 4)))) return null;
    let m = /^(\d{4})-Q([1-4])$/.exec(period);
    if (m) {
      const year = Number(m[1]);
      const q = Number(m[2]);
      const startMonth = (q - 1) * 3 + 1;
      return { kind: "quarter", label: period, startsOn: `${year}-${pad(startMonth)}-01`, endsOn: `${year}-${pad(startMonth + 2)}-${pad(lastDay(year, startMonth + 2))}` };
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
  if (from && to && isSafeDay(from) && isSafeDay(to) && from <= to) return { kind: "custom", label: `${from}..${to}`, startsOn: from, endsOn: to };
  return null;
}
