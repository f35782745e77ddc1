import { addDays } from "~/app/lib/days.ts";

/** The Monday of the tenant-local day's week ("YYYY-MM-DD"): the home page's "this week". */
export function weekStart(today: string): string {
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(today, -((weekday + 6) % 7));
}
