import { closeDatabase, database } from "~/db/client.ts";
import { migrateToLatest } from "~/db/migrator.ts";
import { DEMO_TENANT, seedDemo } from "~/app/modules/tenancy/seed-demo.server.ts";

// `npm run db:seed`: migrate (PostgreSQL; PGlite migrates when opened), then seed the demo tenant once.
const handle = await database();
if (handle.kind === "postgres") await migrateToLatest(handle.owner);
const created = await seedDemo(handle.db);
console.log(
  created
    ? `seeded tenant "${DEMO_TENANT.name}" (/t/${DEMO_TENANT.slug})`
    : `tenant "${DEMO_TENANT.name}" already exists; nothing changed`,
);
await closeDatabase();
