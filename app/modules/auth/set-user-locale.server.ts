import type { Conn } from "~/db/client.ts";
import type { Locale } from "~/db/schema.ts";

/** The person's own language choice; null goes back to the tenant default. */
export async function setUserLocale(db: Conn, userId: string, locale: Locale | null): Promise<void> {
  await db.updateTable("users").set({ locale }).where("id", "=", userId).execute();
}
