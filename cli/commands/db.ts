import { randomBytes } from "node:crypto";
import { z } from "zod";
import { CliError, parseFlags, type CommandResult } from "~/cli/args.ts";

const RoleName = z
  .string()
  .regex(
    /^[a-z_][a-z0-9_]{0,62}$/,
    "must be a PostgreSQL role name: a–z, 0–9 and _, not starting with a digit, at most 63 characters",
  );
const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the name of an environment variable");

/**
 * `db roles --login <name> [--password-env VAR] [--json]`: creates (or gives a new password to) the
 * LOGIN role production connects as, a member of the app role that owns nothing, whose sessions start
 * as the app role (its role default: what PgBouncer in transaction mode needs), and prints the
 * DATABASE_URL for it. Connects as the owner (DATABASE_OWNER_URL, else DATABASE_URL), which needs
 * CREATEROLE. Without --password-env a random password is made. Running it again is safe.
 */
export async function dbRoles(argv: string[]): Promise<CommandResult> {
  const flags = parseFlags(
    argv,
    { login: { type: "string" }, "password-env": { type: "string" }, json: { type: "boolean" } },
    z.object({ login: RoleName, "password-env": EnvName.optional(), json: z.boolean().optional() }),
  );
  let password: string;
  const passwordEnv = flags["password-env"];
  if (passwordEnv !== undefined) {
    const value = process.env[passwordEnv];
    if (!value)
      throw new CliError(`--password-env ${passwordEnv}: that variable is empty or not set`, "invalid_input");
    password = value;
  } else {
    password = randomBytes(24).toString("base64url");
  }
  const ownerUrl = process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL;
  if (!ownerUrl) {
    throw new CliError(
      "db roles needs PostgreSQL: set DATABASE_OWNER_URL (or DATABASE_URL) to the owner's postgres:// URL; the embedded database has no logins",
      "not_postgres",
      1,
    );
  }

  const { database } = await import("~/db/client.ts");
  const { ensureLoginRole, APP_ROLE } = await import("~/db/rls.ts");
  const handle = await database();
  let created: boolean;
  try {
    ({ created } = await ensureLoginRole(handle.owner, flags.login, password));
  } catch (error) {
    throw new CliError((error as Error).message, "unsafe_role", 1);
  }
  const url = new URL(ownerUrl);
  url.username = flags.login;
  url.password = password;
  const databaseUrl = url.toString();
  return {
    json: { login: flags.login, created, memberOf: APP_ROLE, databaseUrl },
    text: [
      `Login role "${flags.login}" ${created ? "created" : "updated (new password)"}: a member of ${APP_ROLE}; owns nothing, no superuser, no BYPASSRLS, no CREATEROLE.`,
      `Its sessions start as ${APP_ROLE} (role default), so it also works behind PgBouncer in transaction mode (set DATABASE_POOL_MODE=transaction there).`,
      `Run the app and the worker with this (it holds the password: store it as a secret), and keep the owner's URL in DATABASE_OWNER_URL for migrations only:`,
      `DATABASE_URL=${databaseUrl}`,
    ].join("\n"),
  };
}
