// Moved to runtime/logger.server.ts (db/ must not import app/). Kept only until every importer is migrated.
export { createLogger, logger, REDACT_PATHS } from "~/runtime/logger.server.ts";
