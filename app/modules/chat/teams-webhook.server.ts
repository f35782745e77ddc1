import { env } from "~/app/lib/env.server.ts";
import { ValidationError } from "~/app/lib/errors.ts";
import { logger } from "~/runtime/logger.server.ts";
import type { ChatMessage, SendOutcome } from "~/app/modules/chat/chat-message.ts";
import { teamsCardFor } from "~/app/modules/chat/teams-card.ts";

/**
 * Microsoft Teams through a Workflows webhook ("Post to a channel when a webhook request is
 * received"): the URL a channel's workflow shows is the whole credential (its `sig` query parameter
 * signs it), so it is sealed at rest (add-teams-channel.server.ts), never logged (only its host),
 * and never shown again.
 *
 * Which hosts: Microsoft issues these URLs on two hosts, both Microsoft's own DNS zones:
 * - `<region-prefix>.<region>.logic.azure.com` (e.g. prod-12.westeurope.logic.azure.com:443
 *   /workflows/<id>/triggers/manual/paths/invoke?…&sig=…): Logic Apps, the URLs Workflows handed out
 *   first and that Power Automate moves away from;
 * - `<environment>.<nn>.environment.api.powerplatform.com` (…:443/powerautomate/automations/direct
 *   /workflows/<id>/triggers/manual/paths/invoke?…&sig=…): the Power Platform URLs every new
 *   workflow gets since 2025.
 * Nothing else: an admin's typo or a pasted internal address must not make Chorus POST to it (the
 * server would otherwise be a request relay into any network it can reach). Both zones are
 * Microsoft's, so no address check after DNS is needed. Sovereign clouds (logic.azure.us,
 * powerplatform.us, .cn) and the retired Office 365 connectors (webhook.office.com) are not accepted.
 * Tests and the e2e run use a local receiver: http(s) on loopback, outside production or with
 * TEAMS_WEBHOOK_ALLOW_HTTP_LOOPBACK.
 */
export const TEAMS_WEBHOOK_HOST_SUFFIXES = [
  ".logic.azure.com",
  ".environment.api.powerplatform.com",
] as const;
/** Real Workflows URLs are 300–450 characters. */
export const TEAMS_WEBHOOK_MAX_URL_LENGTH = 2048;
/** The whole request: connect, send, answer. */
export const TEAMS_WEBHOOK_TIMEOUT_MS = 10_000;
/** Workflows answers 202 with an empty body, an error with a small JSON; nothing more is read. */
export const TEAMS_RESPONSE_MAX_BYTES = 16 * 1024;
/** A Retry-After further out than this is taken as this. */
export const TEAMS_RETRY_AFTER_MAX_MS = 60 * 60 * 1000;

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function httpLoopbackAllowed(): boolean {
  const e = env();
  return e.NODE_ENV !== "production" || e.TEAMS_WEBHOOK_ALLOW_HTTP_LOOPBACK;
}

function invalid(why: string): ValidationError {
  return new ValidationError(`not a Teams Workflows webhook URL: ${why}`, {
    webhookUrl: ["teams_webhook_invalid"],
  });
}

/**
 * The webhook URL an admin pasted, checked before anything is sent to it; throws a ValidationError
 * on the field `webhookUrl` (code teams_webhook_invalid) otherwise. The error message names what is
 * wrong, never the URL.
 */
export function parseTeamsWebhookUrl(raw: string): URL {
  if (typeof raw !== "string") throw invalid("not text");
  const trimmed = raw.trim();
  if (!trimmed) throw invalid("empty");
  if (trimmed.length > TEAMS_WEBHOOK_MAX_URL_LENGTH) throw invalid("too long");
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw invalid("not a URL");
  }
  if (url.username || url.password) throw invalid("credentials in the URL");
  if (url.hash) throw invalid("a fragment");
  if (LOOPBACK_HOSTS.has(url.hostname)) {
    if ((url.protocol === "http:" || url.protocol === "https:") && httpLoopbackAllowed()) return url;
    throw invalid("loopback address");
  }
  if (url.protocol !== "https:") throw invalid("not https");
  // https on any other port is no Workflows endpoint (":443" in the pasted URL is dropped by URL)
  if (url.port) throw invalid("a port other than 443");
  if (!TEAMS_WEBHOOK_HOST_SUFFIXES.some((suffix) => url.hostname.endsWith(suffix)))
    throw invalid("not a Workflows host");
  // both URL shapes invoke a workflow's trigger; a portal or designer link has no such path
  if (!url.pathname.includes("/workflows/")) throw invalid("not a workflow trigger path");
  return url;
}

/** What one POST to a Workflows webhook came to (beside SendOutcome: the HTTP status, if any). */
export type TeamsSendOutcome = SendOutcome & { status?: number };

/**
 * Posts a message's Adaptive Card to a Workflows webhook. Workflows answers 202 Accepted; 429 and 503
 * may carry Retry-After (seconds or an HTTP date), which the caller's retry honours. 408, other 5xx,
 * a timeout or a network error are worth a retry; a redirect (never sent by Workflows: a redirect
 * means the URL is not the workflow's) and any other 4xx (400 card refused, 401/403 signature, 404/410
 * workflow gone) are not. Never throws for the endpoint's behaviour; `error` is short and never holds
 * the URL (it is shown to admins and stored in chat_channels.last_error).
 */
export async function postToTeams(webhookUrl: string, message: ChatMessage): Promise<TeamsSendOutcome> {
  let url: URL;
  try {
    url = parseTeamsWebhookUrl(webhookUrl);
  } catch {
    // a URL stored before a rule changed (or loopback now refused): a retry cannot help
    return { ok: false, permanent: true, retryAfterMs: null, error: "webhook address not allowed" };
  }
  const host = url.host;
  const body = JSON.stringify(teamsCardFor(message));
  const signal = AbortSignal.timeout(TEAMS_WEBHOOK_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      redirect: "manual",
      signal,
    });
  } catch (error) {
    const why = signal.aborted ? "timeout" : `network error${causeCode(error)}`;
    logger.warn({ host, kind: message.kind, why }, "Teams webhook not reached");
    return { ok: false, permanent: false, retryAfterMs: null, error: why };
  }
  let text = "";
  try {
    text = await readCapped(response, TEAMS_RESPONSE_MAX_BYTES);
  } catch {
    // the status is what counts; an answer cut off by the deadline changes nothing
  }
  const status = response.status;
  if (status >= 200 && status < 300) return { ok: true, status };

  const error = `HTTP ${status}${workflowErrorCode(text)}`;
  if (status >= 300 && status < 400) {
    logger.warn({ host, status }, "Teams webhook answered with a redirect");
    return { ok: false, permanent: true, retryAfterMs: null, error: `${error} (redirect)`, status };
  }
  const transient = status === 408 || status === 429 || status >= 500;
  logger.warn({ host, status, kind: message.kind, transient }, "Teams webhook refused a card");
  return {
    ok: false,
    permanent: !transient,
    retryAfterMs: transient ? retryAfterMs(response.headers.get("retry-after")) : null,
    error,
    status,
  };
}

/**
 * Retry-After as milliseconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3), capped at
 * TEAMS_RETRY_AFTER_MAX_MS; a date in the past is 0; missing or unreadable: null.
 */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, TEAMS_RETRY_AFTER_MAX_MS);
  if (!/[a-z]/i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(at - now, 0), TEAMS_RETRY_AFTER_MAX_MS);
}

/** Workflows' error code (`{"error":{"code":"WorkflowNotFound",…}}`) when it is a plain word. */
function workflowErrorCode(text: string): string {
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    return typeof code === "string" && /^[A-Za-z0-9_.]{1,64}$/.test(code) ? ` ${code}` : "";
  } catch {
    return "";
  }
}

/** The system error code of a failed fetch (ECONNREFUSED, ENOTFOUND, …), never its message. */
function causeCode(error: unknown): string {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === "string" && /^[A-Z0-9_]{1,40}$/.test(code) ? ` ${code}` : "";
}

async function readCapped(response: Response, max: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > max) {
      chunks.push(value.subarray(0, max - size));
      await reader.cancel();
      break;
    }
    size += value.byteLength;
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
