import { parseArgs } from "node:util";
import type { z } from "zod";

/**
 * A failure the CLI reports as one line per problem. Exit code 2 is bad input (the operator can fix
 * the command line); 1 is a command that was well-formed but could not be done.
 */
export class CliError extends Error {
  readonly problems: string[];
  constructor(
    problems: string | string[],
    readonly code: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.join("; "));
    this.name = "CliError";
    this.problems = list;
  }
}

export type FlagSpec = Record<string, { type: "string" | "boolean" }>;

/** What a command hands back: prose for people, a value for `--json`. */
export interface CommandResult {
  text: string;
  json: unknown;
  /** a finished command that still reports a problem (its output says which); default 0 */
  exitCode?: 0 | 1;
}

/**
 * Shared field schemas speak in i18n keys (app/lib/validation.ts) so the web UI can translate them;
 * a terminal gets English.
 */
const MESSAGES: Record<string, string> = {
  required: "must not be empty",
  tooLong: "is too long",
  email: "must be an email address",
  slug: "must be 3–40 characters of a–z, 0–9 and '-', not starting or ending with '-'",
};

/**
 * parseArgs in non-strict mode, so that every problem is collected and reported at once (strict
 * mode throws on the first), then the values go through the command's zod schema. Schema keys are
 * the flag names as typed (`admin-email`), so zod issue paths name the flag directly.
 */
export function parseFlags<S extends z.ZodType>(
  argv: string[],
  flags: FlagSpec,
  schema: S,
  { positionals: positionalNames = [] }: { positionals?: string[] } = {},
): z.output<S> {
  const problems: string[] = [];
  /** flags already reported as malformed: their schema issue would only repeat the problem */
  const malformed = new Set<string>();
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    options: flags,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });

  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const spec = flags[token.name];
    if (!spec) {
      problems.push(`unknown flag ${token.rawName}`);
    } else if (spec.type === "boolean" && token.inlineValue) {
      problems.push(`${token.rawName} takes no value`);
      malformed.add(token.name);
      // non-strict parseArgs happily takes the next flag as the value: `--name --slug x`
    } else if (
      spec.type === "string" &&
      (token.value === undefined || (!token.inlineValue && token.value.startsWith("--")))
    ) {
      problems.push(`${token.rawName} needs a value`);
      malformed.add(token.name);
    }
  }
  for (const extra of positionals.slice(positionalNames.length))
    problems.push(`unexpected argument "${extra}"`);

  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) if (flags[name]) input[name] = value;
  positionalNames.forEach((name, i) => {
    if (positionals[i] !== undefined) input[name] = positionals[i];
  });

  // Flag-syntax problems and schema problems are reported together: one run shows everything to fix.
  const result = schema.safeParse(input);
  if (result.success && problems.length === 0) return result.data;
  if (result.success) throw new CliError(problems, "invalid_input");
  const label = (key: string) => (positionalNames.includes(key) ? `<${key}>` : `--${key}`);
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "");
    if (seen.has(key) || malformed.has(key)) continue; // one line per flag: the first problem is the one to fix
    seen.add(key);
    if (input[key] === undefined)
      problems.push(`missing ${positionalNames.includes(key) ? "" : "required flag "}${label(key)}`);
    else
      problems.push(
        `invalid ${label(key)} ${JSON.stringify(input[key])}: ${MESSAGES[issue.message] ?? issue.message}`,
      );
  }
  throw new CliError(problems, "invalid_input");
}
