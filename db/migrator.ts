import { Migrator, type Kysely, type MigrationResultSet } from "kysely";
import { migrations } from "~/db/migrations/index.ts";

export async function migrateToLatest(owner: Kysely<unknown>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db: owner, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return result;
}
