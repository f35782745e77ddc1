import type { Kysely } from "kysely";

// Reserved for a module in progress: its tables are added here.
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
