import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Fields that may carry a credential, wherever a log call puts them (top level, one or two levels
 * down: `{ headers: { authorization } }`, `{ req: { headers: { cookie } } }`). Redaction is the
 * backstop; the first rule is not to log such values at all (the request log writes the path only,
 * never the query string with its `?token=`). Not `code`: it names pg errors and public link codes.
 */
const SECRET_KEYS = [
  "token",
  "accessToken",
  "refreshToken",
  "idToken",
  "apiToken",
  "authorization",
  "cookie",
  "set-cookie",
  "password",
  "secret",
  "clientSecret",
  "webhookSecret",
  "apiKey",
  "secretsKey",
  "signInLink",
  // a Teams Workflows URL is its own credential (issue 17); the code logs only its host
  "webhookUrl",
  "botToken",
  "responseUrl",
];
const quoted = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`);
const join = (prefix: string, k: string) =>
  quoted(k).startsWith("[") ? `${prefix}${quoted(k)}` : `${prefix}.${k}`;
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [quoted(k), join("*", k), join("*.*", k)]);

/** Structured JSON logs; LOG_LEVEL from the environment (validated in env.server.ts). */
export function createLogger(destination?: DestinationStream): Logger {
  const options = {
    level: process.env.LOG_LEVEL ?? "info",
    base: { service: "chorus" },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const logger = createLogger();
