import type { TextKey } from "~/app/lib/i18n/keys.ts";

/**
 * The one registry of domain error codes. Every code a use case throws is listed here once, with
 * the HTTP status a route answers it with, the dictionary key of the text a person reads (de and
 * en: tests/unit/error-codes.test.ts checks both), the code the public API answers with (null: the
 * API does not expose it and answers 500) and, optionally, the form field it belongs to
 * (domainFormErrors). `DomainError`'s code is typed by this registry: a typo is a type error.
 *
 * Texts: the key names the general text; a page may keep a more specific text for the same code
 * under its own `<area>.errors.<code>` (useErrorText in app/ui/error-notice.tsx prefers it).
 */

/** The public API's codes a domain error can map to (a subset of app/modules/api/schemas.ts). */
export type DomainApiCode = "not_found" | "forbidden" | "conflict" | "invalid_input" | "rate_limited";

export interface ErrorSpec {
  status: 400 | 403 | 404 | 409 | 410 | 429 | 502;
  /** dictionary key (de and en) of the text a person reads */
  i18n: TextKey;
  /** the public API's code; null: not an API error (the API answers 500 internal) */
  api: DomainApiCode | null;
  /** the form field the error belongs to; absent: an error of the whole form */
  field?: string;
}

const notFound = (i18n: TextKey) => ({ status: 404, i18n, api: "not_found" }) as const;
const forbidden = (i18n: TextKey) => ({ status: 403, i18n, api: "forbidden" }) as const;
const conflict = (i18n: TextKey) => ({ status: 409, i18n, api: "conflict" }) as const;
const badInput = (i18n: TextKey) => ({ status: 400, i18n, api: "invalid_input" }) as const;
/** an upstream service (LinkedIn) failed: not the client's fault, and not an API error */
const upstream = (i18n: TextKey) => ({ status: 502, i18n, api: null }) as const;

export const ERROR_CODES = {
  // generic
  not_found: notFound("errors.notFound"),
  forbidden: forbidden("errors.forbidden"),
  invalid_input: badInput("validation.invalidInput"),
  rate_limited: { status: 429, i18n: "errors.rateLimited", api: "rate_limited" },
  // members and teams (tenancy)
  already_member: { ...conflict("admin.errors.alreadyMember"), field: "email" },
  self_deactivation: conflict("admin.errors.selfDeactivation"),
  last_admin: conflict("admin.errors.lastAdmin"),
  erased_member: conflict("admin.errors.erasedMember"),
  team_exists: { ...conflict("admin.errors.teamExists"), field: "name" },
  slug_taken: { ...conflict("validation.slugTaken"), field: "slug" },
  // content and suggestions
  own_post: forbidden("content.errors.own_post"),
  not_author: forbidden("content.errors.not_author"),
  invalid_transition: conflict("content.errors.invalid_transition"),
  stale_version: conflict("content.errors.stale_version"),
  already_approved: conflict("content.errors.already_approved"),
  topic_exists: conflict("content.errors.topic_exists"),
  already_decided: conflict("hub.inbox.errors.already_decided"),
  // advocacy programme
  not_opted_in: forbidden("advocacy.errors.not_opted_in"),
  consent_outdated: forbidden("advocacy.errors.consent_outdated"),
  guidelines_pending: forbidden("advocacy.errors.guidelines_pending"),
  guidelines_outdated: conflict("advocacy.errors.guidelines_outdated"),
  // billing
  advocate_limit: forbidden("billing.advocateLimit"),
  already_subscribed: conflict("billing.errors.already_subscribed"),
  no_customer: conflict("billing.errors.no_customer"),
  billing_off: conflict("billing.errors.billing_off"),
  // goals and credit statements
  already_released: conflict("goals.errors.already_released"),
  agreement_not_open: conflict("goals.errors.agreement_not_open"),
  proposal_changed: conflict("goals.errors.proposal_changed"),
  period_ended: conflict("goals.errors.period_ended"),
  agreement_not_accepted: conflict("goals.errors.agreement_not_accepted"),
  ready_to_close: conflict("goals.errors.ready_to_close"),
  already_corrected: conflict("goals.errors.already_corrected"),
  // escalations
  already_handled: conflict("escalations.inbox.errors.already_handled"),
  already_open: conflict("escalations.inbox.errors.already_open"),
  // privacy
  export_pending: conflict("myData.errors.export_pending"),
  export_expired: { status: 410, i18n: "errors.exportExpired", api: null },
  self_erasure: conflict("errors.selfErasure"),
  // LinkedIn (profiles/linkedin.server.ts)
  linkedin_server_not_configured: conflict("profiles.linkedin.errors.linkedin_server_not_configured"),
  linkedin_not_configured: conflict("profiles.linkedin.errors.linkedin_not_configured"),
  linkedin_not_connected: conflict("profiles.linkedin.errors.linkedin_not_connected"),
  linkedin_expired: conflict("profiles.linkedin.errors.linkedin_expired"),
  linkedin_state_mismatch: badInput("profiles.linkedin.errors.linkedin_state_mismatch"),
  linkedin_denied: badInput("profiles.linkedin.errors.linkedin_denied"),
  linkedin_scope_missing: badInput("profiles.linkedin.errors.linkedin_scope_missing"),
  linkedin_token_failed: upstream("profiles.linkedin.errors.linkedin_token_failed"),
  linkedin_userinfo_failed: upstream("profiles.linkedin.errors.linkedin_userinfo_failed"),
  linkedin_post_failed: upstream("profiles.linkedin.errors.linkedin_post_failed"),
  linkedin_text_too_long: badInput("profiles.linkedin.errors.linkedin_text_too_long"),
  // Teams and Slack (app/modules/chat/, admin.chat.tsx); helpers add their codes below their own comment
  chat_server_not_configured: conflict("chat.errors.chat_server_not_configured"),
  // chat: Teams channels (teams-*.server.ts)
  teams_webhook_invalid: { ...badInput("chat.errors.teams_webhook_invalid"), field: "webhookUrl" },
  teams_webhook_not_found: { ...badInput("chat.errors.teams_webhook_not_found"), field: "webhookUrl" },
  teams_webhook_refused: { ...badInput("chat.errors.teams_webhook_refused"), field: "webhookUrl" },
  teams_webhook_unreachable: { ...upstream("chat.errors.teams_webhook_unreachable"), field: "webhookUrl" },
  // chat: Slack (slack-*.server.ts)
  slack_not_configured: conflict("chat.errors.slack_not_configured"),
  slack_not_installed: conflict("chat.errors.slack_not_installed"),
  slack_state_mismatch: badInput("chat.errors.slack_state_mismatch"),
  slack_denied: badInput("chat.errors.slack_denied"),
  slack_oauth_failed: upstream("chat.errors.slack_oauth_failed"),
  slack_team_taken: conflict("chat.errors.slack_team_taken"),
  slack_channel_invalid: { ...badInput("chat.errors.slack_channel_invalid"), field: "channelId" },
  slack_channel_exists: { ...conflict("chat.errors.slack_channel_exists"), field: "channelId" },
  slack_not_in_channel: { ...badInput("chat.errors.slack_not_in_channel"), field: "channelId" },
  slack_channel_not_found: { ...badInput("chat.errors.slack_channel_not_found"), field: "channelId" },
  slack_send_failed: { ...upstream("chat.errors.slack_send_failed"), field: "channelId" },
  // the member's personal digest (subscribe-chat-digest.server.ts): no live Slack workspace to send it through
  slack_digest_unavailable: conflict("chat.errors.slack_digest_unavailable"),
  // single sign-on: the admin side (app/modules/sso/, admin.sso.tsx) and the magic link's refusal
  sso_server_not_configured: conflict("sso.errors.sso_server_not_configured"),
  sso_domain_exists: { ...conflict("sso.errors.sso_domain_exists"), field: "domain" },
  sso_domain_unverified: conflict("sso.errors.sso_domain_unverified"),
  sso_domain_dns_required: conflict("sso.errors.sso_domain_dns_required"),
  sso_dns_missing: conflict("sso.errors.sso_dns_missing"),
  sso_dns_mismatch: conflict("sso.errors.sso_dns_mismatch"),
  sso_dns_unreachable: upstream("sso.errors.sso_dns_unreachable"),
  sso_no_provider: conflict("sso.errors.sso_no_provider"),
  sso_required: forbidden("sso.errors.sso_required"),
  // single sign-on: the sign-in flow (app/modules/sso/complete-sso-sign-in.server.ts, sso.callback.tsx)
  sso_flow_expired: badInput("sso.errors.sso_flow_expired"),
  sso_denied: badInput("sso.errors.sso_denied"),
  sso_token_failed: upstream("sso.errors.sso_token_failed"),
  sso_token_invalid: badInput("sso.errors.sso_token_invalid"),
  sso_wrong_directory: forbidden("sso.errors.sso_wrong_directory"),
  sso_email_unverified: forbidden("sso.errors.sso_email_unverified"),
  sso_domain_not_verified: forbidden("sso.errors.sso_domain_not_verified"),
  sso_identity_conflict: conflict("sso.errors.sso_identity_conflict"),
  sso_not_member: forbidden("sso.errors.sso_not_member"),
  sso_member_deactivated: forbidden("sso.errors.sso_member_deactivated"),
  sso_domain_not_proven: conflict("sso.errors.sso_domain_not_proven"),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;
/** The codes answered with `status` (ConflictError takes only 409 codes, ForbiddenError only 403 ones). */
export type CodeWithStatus<S extends ErrorSpec["status"]> = {
  [C in ErrorCode]: (typeof ERROR_CODES)[C]["status"] extends S ? C : never;
}[ErrorCode];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.hasOwn(ERROR_CODES, code);
}

/** What the registry says about a code. */
export function errorSpec(code: ErrorCode): ErrorSpec {
  return ERROR_CODES[code];
}

/** Named domain errors; mapped to HTTP in one place (toResponse) through the registry above. */
export class DomainError extends Error {
  readonly status: number;
  constructor(
    message: string,
    /** a stable, machine-readable code from ERROR_CODES */
    readonly code: ErrorCode,
    /** only where one code covers two causes (a LinkedIn refusal of our request vs. LinkedIn failing) */
    status?: number,
  ) {
    super(message);
    this.name = new.target.name;
    // a code that slipped past the type (from plain JS, a cast) is a bug of ours: 500
    this.status = status ?? (isErrorCode(code) ? ERROR_CODES[code].status : 500);
  }
  /** the dictionary key of the text a person reads */
  get i18nKey(): string {
    return isErrorCode(this.code) ? ERROR_CODES[this.code].i18n : "errors.generic";
  }
}
export class NotFoundError extends DomainError {
  constructor(what = "resource") {
    super(`${what} not found`, "not_found");
  }
}
export class ForbiddenError extends DomainError {
  constructor(message = "forbidden", code: CodeWithStatus<403> = "forbidden") {
    super(message, code);
  }
}
export class ConflictError extends DomainError {
  constructor(message: string, code: CodeWithStatus<409>) {
    super(message, code);
  }
}
export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message, "invalid_input");
  }
}
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super("too many requests", "rate_limited");
  }
}

/**
 * PostgreSQL refused a value (SQLSTATE class 22, "data exception": NUL in text 22021, a date out of
 * range 22008, bad uuid syntax 22P02, numeric overflow 22003, too long 22001, …). The shared zod
 * blocks (app/lib/validation.ts) should refuse such input first; whatever still slips through is the
 * client's input, so a 400, never a 500. Both pg's and PGlite's DatabaseError carry `.code`.
 */
export function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code);
}

/** A data exception as a domain error: the use case's callers then answer it as any invalid input. */
export function asValidationError(error: unknown): ValidationError | undefined {
  return isDataException(error)
    ? new ValidationError("the database refused a value of the input", { form: ["invalidInput"] })
    : undefined;
}

/** Maps a thrown domain error (or a data exception) to a Response (React Router renders it in the ErrorBoundary). */
export function toResponse(error: unknown): Response | undefined {
  if (isDataException(error))
    return new Response("invalid_input", { status: 400, statusText: "invalid_input" });
  if (!(error instanceof DomainError)) return undefined;
  return new Response(error.code, {
    status: error.status,
    statusText: error.code,
    headers: errorHeaders(error),
  });
}

/** The headers an error's answer carries: a rate limit says when to come back. */
export function errorHeaders(error: unknown): Record<string, string> {
  return error instanceof RateLimitedError ? { "Retry-After": String(error.retryAfterSeconds) } : {};
}

/**
 * The code of a domain error when it is one of `codes`, else undefined: for a route or command that
 * answers these codes itself (on its form, with its own words) and lets everything else go on.
 */
export function codeOf<C extends ErrorCode>(error: unknown, codes: readonly C[]): C | undefined {
  return error instanceof DomainError && (codes as readonly ErrorCode[]).includes(error.code)
    ? (error.code as C)
    : undefined;
}

/**
 * For a route's catch block: the code and status of a domain error the page shows itself (next to
 * its form) when the code is one of `codes` (without `codes`: any code but not_found, since a missing
 * thing is the page's 404). Anything else is rethrown for the error boundary: a domain error as its
 * status (toResponse), any other error as it is (a 500).
 */
export function pageError<C extends ErrorCode = ErrorCode>(
  error: unknown,
  codes?: readonly C[],
): { code: C; status: number; headers: Record<string, string> } {
  const code = codes
    ? codeOf(error, codes)
    : error instanceof DomainError && error.code !== "not_found"
      ? (error.code as C)
      : undefined;
  if (code === undefined) throw toResponse(error) ?? error;
  return { code, status: (error as DomainError).status, headers: errorHeaders(error) };
}

/**
 * React Router drops every header but Set-Cookie from a thrown Response unless the route that renders
 * the error boundary passes it on: root.tsx and the tenant layout (the two boundaries) keep a 429's
 * Retry-After with this as their `headers`.
 */
export function errorBoundaryHeaders({
  parentHeaders,
  errorHeaders,
}: {
  parentHeaders?: Headers | undefined;
  errorHeaders?: Headers | undefined;
}): Headers {
  const headers = new Headers(parentHeaders);
  const retryAfter = errorHeaders?.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
}
