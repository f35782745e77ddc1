// Moved to runtime/process-singleton.ts (db/ must not import app/). Kept only until every importer is migrated.
export { processSingleton } from "~/runtime/process-singleton.ts";
