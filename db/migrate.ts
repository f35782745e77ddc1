import { database, closeDatabase } from "~/db/client.ts";
import { migrateToLatest } from "~/db/migrator.ts";

// `npm run db:migrate`: PGlite migrates on open; PostgreSQL migrates here, as the owner.
const handle = await database();
const result = handle.kind === "postgres" ? await migrateToLatest(handle.owner) : undefined;
for (const r of result?.results ?? []) console.log(`${r.status.padEnd(8)} ${r.migrationName}`);
console.log(`database (${handle.kind}) is at the latest migration`);
await closeDatabase();
