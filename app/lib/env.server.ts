import { z } from "zod";

const optionalUrl = z.url().optional().or(z.literal("").transform(() => undefined));

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** The public origin, e.g. https://chorus.example.com; used in emails and for the CSRF Origin check. */
    APP_URL: z.url().optional(),
    DATABASE_URL: optionalUrl.refine((u) => !u || /^postgres(ql)?:\/\//.test(u), "must be a postgres:// URL"),
    DATABASE_OWNER_URL: optionalUrl,
    PGLITE_DIR: z.string().optional(),
    REDIS_URL: optionalUrl.refine((u) => !u || /^rediss?:\/\//.test(u), "must be a redis:// URL"),
    RESEND_API_KEY: z.string().startsWith("re_", "must start with re_").optional().or(z.literal("").transform(() => undefined)),
    RESEND_BASE_URL: optionalUrl,
    MAIL_FROM: z.string().default("Chorus <noreply@chorus.local>"),
    MAIL_DIR: z.string().default(".data/mail"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** 32 bytes, base64: encrypts stored OAuth tokens and client secrets (AES-256-GCM). Unset: LinkedIn is off. */
    SECRETS_KEY: z
      .string()
      .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64 (openssl rand -base64 32)")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    LINKEDIN_AUTH_BASE_URL: optionalUrl,
    LINKEDIN_API_BASE_URL: optionalUrl,
    /** Trust X-Forwarded-For / Fly-Client-IP for the client address (only behind a proxy that sets it). */
    TRUST_PROXY: z.stringbool().default(false),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.APP_URL) {
      ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "is required in production (emails link to it, CSRF checks compare with it)" });
    }
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

/** The public origin, falling back to localhost for development. */
export function appUrl(): string {
  const e = env();
  return (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
}
