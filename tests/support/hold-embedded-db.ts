// A process that holds the embedded database open, standing in for a running `npm start`:
//   tsx tests/support/hold-embedded-db.ts <PGLITE_DIR>
// Prints "ready" once open; on a line on stdin it prints the tenants' slugs it sees (JSON), closes
// the database and exits. Used by tests/integration/embedded-database-lock.test.ts.
import { createInterface } from "node:readline";
import { asOwner, openDatabase } from "~/db/client.ts";

const dir = process.argv[2];
if (!dir) throw new Error("usage: hold-embedded-db.ts <dir>");
const handle = await openDatabase({ pgliteDir: dir });
console.log("ready");
const lines = createInterface({ input: process.stdin });
for await (const _line of lines) break;
const tenants = await asOwner(handle, (owner) =>
  owner.selectFrom("tenants").select("slug").orderBy("slug").execute(),
);
console.log(JSON.stringify(tenants.map((t) => t.slug)));
await handle.close();
process.exit(0);
