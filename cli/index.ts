// `npm run chorus -- <command>`: operator tooling for tenants, API tokens and jobs.
// Exit codes: 0 done, 1 the command could not be done, 2 bad input (fix the command line).
import { closeDatabase } from "~/db/client.ts";
import { DomainError } from "~/app/lib/errors.ts";
import { CliError, type CommandResult } from "~/cli/args.ts";
import { creditShow } from "~/cli/commands/credit.ts";
import { dbRoles } from "~/cli/commands/db.ts";
import { jobFailures, jobRun } from "~/cli/commands/job.ts";
import { memberErase } from "~/cli/commands/member-erase.ts";
import { memberExport } from "~/cli/commands/member-export.ts";
import { secretsRotate } from "~/cli/commands/secrets.ts";
import { tenantCreate, tenantList } from "~/cli/commands/tenant.ts";
import { tokenCreate, tokenList, tokenRevoke } from "~/cli/commands/token.ts";

const USAGE = `Usage: npm run chorus -- <command> [flags]

Tenants
  tenant create --name <company> --slug <slug> --admin-email <email>
                [--admin-name <name>] [--locale de|en]
  tenant list

API tokens
  token create --tenant <slug> --name <name>     prints the token once
               [--scope content,credit,scim]    what it may do (default: content; scim: the
                                                directory's provisioning at /scim/v2)
               [--expires-in 30|90|365|never]   days until it stops working (default: 365)
  token list   --tenant <slug>
  token revoke --tenant <slug> --id <token id>

Credit
  credit show --tenant <slug> --email <address>   one person's figures as their statement would
              [--period 2026-Q4]                   compute them (default: their running agreement,
                                                   else the current quarter); written to the audit log

Members (GDPR)
  member export --tenant <slug> --email <address>   everything Chorus holds about the person in the
                [--format json|html] [--out <file>] tenant (Art. 15/20): the JSON document or the
                                                    readable HTML summary (as in "My data"), printed
                                                    or written to a new file (mode 600); audited,
                                                    listed in their downloads
  member erase  --tenant <slug> --email <address> --yes
                                                    erases the person from the tenant (Art. 17):
                                                    pseudonymised everywhere, totals kept; audited

Jobs
  job run <name> [--payload '<json>']           runs the job here and now
  job failures [--limit N]                      jobs that used up their attempts, newest first

Secrets
  secrets rotate                                re-encrypts stored secrets (LinkedIn tokens, client
                                                secrets; all tenants) with the first SECRETS_KEYS key

Database
  db roles --login <name> [--password-env VAR]  creates the login role production connects as
                                                (DATABASE_URL): member of the app role, owns nothing;
                                                run with the owner's DATABASE_OWNER_URL; prints the URL

Every command takes --json (machine-readable output, errors as {"error":{"code","message"}}).
The database is DATABASE_URL (PostgreSQL) or, when unset, embedded PGlite in PGLITE_DIR
(default .data/pglite). Exit codes: 0 ok, 1 failed, 2 bad input.`;

type Handler = (argv: string[]) => Promise<CommandResult>;

const COMMANDS: Record<string, Record<string, Handler>> = {
  tenant: { create: tenantCreate, list: tenantList },
  token: { create: tokenCreate, list: tokenList, revoke: tokenRevoke },
  credit: { show: creditShow },
  member: { export: memberExport, erase: memberErase },
  job: { run: jobRun, failures: jobFailures },
  db: { roles: dbRoles },
  secrets: { rotate: secretsRotate },
};

async function run(argv: string[]): Promise<CommandResult | undefined> {
  const [group, action, ...rest] = argv;
  if (group === undefined || group === "help" || group === "--help" || group === "-h") return undefined;
  const actions = COMMANDS[group];
  if (!actions)
    throw new CliError(
      `unknown command "${group}"; commands: ${Object.keys(COMMANDS).join(", ")}, help`,
      "unknown_command",
    );
  const handler = action === undefined ? undefined : actions[action];
  if (!handler) {
    const known = Object.keys(actions)
      .map((a) => `${group} ${a}`)
      .join(", ");
    throw new CliError(
      action === undefined || action.startsWith("-")
        ? `"${group}" needs a subcommand: ${known}`
        : `unknown command "${group} ${action}"; try: ${known}`,
      "unknown_command",
    );
  }
  if (rest.includes("--help") || rest.includes("-h")) return undefined;
  return handler(rest);
}

/** Prints the failure (stderr always; stdout too under --json) and returns the exit code. */
function report(error: unknown, json: boolean): number {
  let code = "failed";
  let exitCode = 1;
  let problems: string[];
  if (error instanceof CliError) {
    ({ code, exitCode, problems } = error);
  } else if (error instanceof DomainError) {
    code = error.code;
    problems = [error.message];
  } else {
    problems = [error instanceof Error ? error.message : String(error)];
    // An unexpected failure: the stack is what someone debugging it will ask for.
    if (error instanceof Error && error.stack && process.env.CHORUS_DEBUG) console.error(error.stack);
  }
  for (const problem of problems) console.error(`error: ${problem}`);
  if (exitCode === 2 && code !== "unknown_tenant") console.error("Run `npm run chorus -- help` for usage.");
  if (json) console.log(JSON.stringify({ error: { code, message: problems.join("; ") } }));
  return exitCode;
}

const argv = process.argv.slice(2);
const json = argv.includes("--json");
let exitCode = 0;
try {
  const result = await run(argv);
  if (!result) console.log(USAGE);
  else console.log(json ? JSON.stringify(result.json) : result.text);
  if (result?.exitCode) exitCode = result.exitCode;
} catch (error) {
  exitCode = report(error, json);
} finally {
  try {
    await closeDatabase();
  } catch (error) {
    console.error(`error: closing the database failed: ${(error as Error).message}`);
    exitCode ||= 1;
  }
}
process.exitCode = exitCode;
// Everything we opened is closed, so Node should exit now. If a library left a handle open, do not
// leave an operator's shell (or a deploy script) hanging on it; unref'd, so it never delays a clean exit.
setTimeout(() => process.exit(), 5_000).unref();
