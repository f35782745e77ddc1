import { z } from "zod";
import { keyringProblems } from "~/app/lib/secrets-keyring.server.ts";

const optionalUrl = z
  .url()
  .optional()
  .or(z.literal("").transform(() => undefined));
const optionalPrefixed = (prefix: string) =>
  z
    .string()
    .trim()
    .startsWith(prefix, `must start with ${prefix}`)
    .optional()
    .or(z.literal("").transform(() => undefined));

/**
 * Billing is optional: without STRIPE_SECRET_KEY it is off (self-hosted, `npm start` on a fresh
 * machine) and nothing is gated. With it, the webhook secret and both price ids are required.
 */
export const StripeEnvShape = {
  STRIPE_SECRET_KEY: z
    .string()
    .trim()
    .regex(/^(sk|rk)_/, "must start with sk_ or rk_")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  STRIPE_WEBHOOK_SECRET: optionalPrefixed("whsec_"),
  STRIPE_PRICE_TEAM: optionalPrefixed("price_"),
  STRIPE_PRICE_BUSINESS: optionalPrefixed("price_"),
  /** Tests only: points the official client at a local fake, e.g. http://127.0.0.1:12111 */
  STRIPE_API_BASE: optionalUrl,
};

export function requireStripeCompanions(
  env: {
    STRIPE_SECRET_KEY?: string | undefined;
    STRIPE_WEBHOOK_SECRET?: string | undefined;
    STRIPE_PRICE_TEAM?: string | undefined;
    STRIPE_PRICE_BUSINESS?: string | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  if (!env.STRIPE_SECRET_KEY) return;
  for (const key of ["STRIPE_WEBHOOK_SECRET", "STRIPE_PRICE_TEAM", "STRIPE_PRICE_BUSINESS"] as const) {
    if (!env[key])
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: "is required when STRIPE_SECRET_KEY is set (billing is on)",
      });
  }
}

/** "1.2.3.4", "1.2.3.4:53", "::1", "[::1]:53": what dns.Resolver#setServers takes. */
function isDnsServer(value: string): boolean {
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(value);
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(value);
  const [address, port] = bracketed
    ? [bracketed[1]!, bracketed[2]]
    : v4
      ? [v4[1]!, v4[2]]
      : [value, undefined];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
  return z.union([z.ipv4(), z.ipv6()]).safeParse(address).success;
}

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /**
     * The interface to listen on. Unset: 127.0.0.1 only (`npm start`, and server.ts run directly),
     * except server.ts with NODE_ENV=production, which listens on every interface, IPv6 included
     * (Docker and Fly leave HOST unset for that). An IP address or a host name, e.g. 0.0.0.0 or ::.
     */
    HOST: z
      .string()
      .refine(
        (v) => z.union([z.ipv4(), z.ipv6(), z.hostname()]).safeParse(v).success,
        "must be an IP address or a host name, e.g. 127.0.0.1 or 0.0.0.0",
      )
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** The public origin, e.g. https://chorus.example.com; used in emails and for the CSRF Origin check. */
    APP_URL: z.url().optional(),
    /**
     * The origin tracked links are built with (https://chorus.example.com:8443), when the links
     * process (links.ts) serves them on a port of its own; unset: APP_URL, and the web server answers
     * /s/ in-process. Must have APP_URL's hostname (checked below). Links already shared keep working
     * only while their origin keeps serving /s/.
     */
    LINKS_URL: z.url().optional(),
    DATABASE_URL: optionalUrl.refine((u) => !u || /^postgres(ql)?:\/\//.test(u), "must be a postgres:// URL"),
    DATABASE_OWNER_URL: optionalUrl,
    /**
     * "transaction" when DATABASE_URL points at PgBouncer in transaction mode (pool_mode =
     * transaction): the pool then sends no SET ROLE (it would stay on one server connection) and
     * checks instead that the login's role default makes it the app role (`npm run chorus -- db roles
     * --login <name>` sets it). "session" (default): direct connections, or PgBouncer in session mode.
     * DATABASE_OWNER_URL (migrations, operator commands) should stay a direct connection. Read by
     * db/client.ts (databaseConfigFromEnv), validated here too.
     */
    DATABASE_POOL_MODE: z
      .enum(["session", "transaction"])
      .optional()
      .or(z.literal("").transform(() => undefined)),
    PGLITE_DIR: z.string().optional(),
    REDIS_URL: optionalUrl.refine((u) => !u || /^rediss?:\/\//.test(u), "must be a redis:// URL"),
    RESEND_API_KEY: z
      .string()
      .startsWith("re_", "must start with re_")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    RESEND_BASE_URL: optionalUrl,
    MAIL_FROM: z.string().default("Chorus <noreply@chorus.local>"),
    MAIL_DIR: z.string().default(".data/mail"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /**
     * Encrypt stored OAuth tokens and client secrets (AES-256-GCM): SECRETS_KEYS="k2:<base64>,k1:<base64>"
     * (the first encrypts), or the single SECRETS_KEY (key id "k0"); see secrets-keyring.server.ts.
     * Neither set: LinkedIn is off. Checked in superRefine, so no message ever echoes a key.
     */
    SECRETS_KEYS: z.string().optional(),
    SECRETS_KEY: z.string().optional(),
    LINKEDIN_AUTH_BASE_URL: optionalUrl,
    LINKEDIN_API_BASE_URL: optionalUrl,
    /**
     * Serve /metrics (Prometheus) on this port only, from a second listener in the same process: keep
     * it internal (not in fly.toml's public services). The main port then answers /metrics with 404.
     */
    METRICS_PORT: z.coerce
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /**
     * /metrics on the main port with `Authorization: Bearer <METRICS_TOKEN>`. Neither this nor
     * METRICS_PORT set: /metrics is 404 on the main port in production (open to loopback otherwise).
     */
    METRICS_TOKEN: z
      .string()
      .min(24, "must be at least 24 characters (openssl rand -hex 24)")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /**
     * Behind a reverse proxy of ours that appends the address it saw to X-Forwarded-For: the client
     * address (rate limits, visitor hashes) is the right-most X-Forwarded-For entry, on Fly (FLY_APP_NAME
     * set) Fly-Client-IP. Never used for access decisions: the dev outbox goes by the socket.
     */
    TRUST_PROXY: z.stringbool().default(false),
    /** Set by Fly on its machines: only there is Fly-Client-IP written by Fly's edge rather than the client. */
    FLY_APP_NAME: z
      .string()
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /**
     * Sign-in links per (address, client IP) pair and per client IP in 15 minutes (raise only for
     * tests or behind a shared NAT); per address from all IPs together in an hour (unset: 4 ×
     * SIGN_IN_LIMIT_PER_EMAIL). See app/modules/auth/request-sign-in-link.server.ts.
     */
    SIGN_IN_LIMIT_PER_EMAIL: z.coerce.number().int().min(1).max(10_000).default(5),
    SIGN_IN_LIMIT_PER_EMAIL_HOURLY: z.coerce
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .or(z.literal("").transform(() => undefined)),
    SIGN_IN_LIMIT_PER_IP: z.coerce.number().int().min(1).max(100_000).default(30),
    /** Public API requests per token and minute (429 with Retry-After beyond it). */
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
    /**
     * Actions that create records or send mail (posts, suggestions, shares, kudos, escalations,
     * invitations, CSV imports) per member, per kind of action, in 10 minutes.
     */
    MEMBER_ACTION_LIMIT: z.coerce.number().int().min(1).max(100_000).default(30),
    /**
     * DNS servers that verify single sign-on domains (the TXT record), comma-separated IP addresses
     * with an optional port: "1.1.1.1,8.8.8.8" or "127.0.0.1:5353" (tests run a local responder,
     * tests/fakes/dns.ts). Unset: the system's resolvers. See app/modules/sso/sso-dns.server.ts.
     */
    SSO_DNS_SERVERS: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v.split(",").map((s) => s.trim()) : undefined))
      .refine(
        (list) => !list || list.every(isDnsServer),
        "must be IP addresses with an optional port, e.g. 1.1.1.1,8.8.8.8 or 127.0.0.1:5353 or [::1]:5353",
      ),
    /**
     * Accept http:// issuers on loopback (127.0.0.1, localhost, ::1) in production: only for the e2e
     * run, whose fake identity provider listens there. Development and tests accept them anyway.
     */
    SSO_ALLOW_HTTP_LOOPBACK: z.stringbool().default(false),
    /**
     * Development and tests only (refused in production): Microsoft's and Google's sign-in hosts
     * replaced by a local provider with their paths (tests/fakes/oidc-provider.ts --kind microsoft|google),
     * e.g. http://127.0.0.1:4031. Read per call by app/modules/sso/sso-oidc.server.ts.
     */
    SSO_MICROSOFT_AUTHORITY: optionalUrl,
    SSO_GOOGLE_AUTHORITY: optionalUrl,
    /**
     * Slack (issue 17): the app's credentials from api.slack.com ("Basic Information" and "OAuth &
     * Permissions"). Slack is off unless all three are set (app/modules/chat/slack-config.server.ts).
     */
    SLACK_CLIENT_ID: z
      .string()
      .trim()
      .optional()
      .or(z.literal("").transform(() => undefined)),
    SLACK_CLIENT_SECRET: z
      .string()
      .trim()
      .optional()
      .or(z.literal("").transform(() => undefined)),
    SLACK_SIGNING_SECRET: z
      .string()
      .trim()
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /**
     * Development and tests only (refused in production): the Web API's base URL for the official
     * client's slackApiUrl option (a local fake, tests/fakes/slack.ts), e.g. http://127.0.0.1:4040/api/,
     * and the page "Add to Slack" sends the browser to (default https://slack.com/oauth/v2/authorize).
     */
    SLACK_API_URL: optionalUrl,
    SLACK_AUTHORIZE_URL: optionalUrl,
    /**
     * Accept http:// Teams webhook URLs on loopback (127.0.0.1, localhost): for the e2e run's local
     * Workflows receiver. Development and tests accept them anyway; production only with this set.
     */
    TEAMS_WEBHOOK_ALLOW_HTTP_LOOPBACK: z.stringbool().default(false),
    ...StripeEnvShape,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.APP_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["APP_URL"],
        message: "is required in production (emails link to it, CSRF checks compare with it)",
      });
    }
    // Production never runs as the owner, but that is checked where it can be proved: db/client.ts
    // refuses a DATABASE_URL login that is more than the app role on its first connection. The owner's
    // URL is not required here: web and worker processes need not hold it (migrations may run as a
    // separate job with the owner's secret).
    // The drain drops a sharer's clicks on their own link by the session cookie the click carries,
    // and that cookie (__Host-, host-only) reaches /s/ only on the app's own hostname; cookies ignore
    // the port, so the links process may sit on another port of the same host, never on another host.
    if (
      env.LINKS_URL &&
      (!env.APP_URL || new URL(env.LINKS_URL).hostname !== new URL(env.APP_URL).hostname)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["LINKS_URL"],
        message:
          "must have APP_URL's hostname (another port is fine): on another host the session cookie never reaches /s/, and a sharer's clicks on their own links would count",
      });
    }
    const slack = [env.SLACK_CLIENT_ID, env.SLACK_CLIENT_SECRET, env.SLACK_SIGNING_SECRET];
    if (slack.some(Boolean) && !slack.every(Boolean))
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_SIGNING_SECRET"],
        message:
          "SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET are set together (Slack on) or not at all",
      });
    for (const key of [
      "SSO_MICROSOFT_AUTHORITY",
      "SSO_GOOGLE_AUTHORITY",
      "SLACK_API_URL",
      "SLACK_AUTHORIZE_URL",
    ] as const) {
      if (env.NODE_ENV === "production" && env[key])
        ctx.addIssue({ code: "custom", path: [key], message: "is for development and tests only" });
    }
    requireStripeCompanions(env, ctx);
    for (const p of keyringProblems(env))
      ctx.addIssue({ code: "custom", path: [p.variable], message: p.message });
  });

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid environment:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses the environment; throws an EnvError naming every bad or missing variable. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`));
  }
  return result.data;
}

let cached: Env | undefined;
/** The validated environment of this process (parsed once; boot fails loudly if it is wrong). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The origin of tracked links (/s/:code): LINKS_URL, or the app's own origin. */
export function linksUrl(): string {
  const e = env();
  return e.LINKS_URL ? e.LINKS_URL.replace(/\/$/, "") : appUrl();
}

/** The public origin, falling back to localhost for development. */
export function appUrl(): string {
  const e = env();
  return (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
}
