/** Named domain errors; mapped to HTTP in one place (toResponse). */
export class DomainError extends Error {
  readonly status: number = 400;
  constructor(
    message: string,
    /** a stable, machine-readable code; also the i18n key under "errors." */
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
export class NotFoundError extends DomainError {
  override readonly status = 404;
  constructor(what = "resource") {
    super(`${what} not found`, "not_found");
  }
}
export class ForbiddenError extends DomainError {
  override readonly status = 403;
  constructor(message = "forbidden") {
    super(message, "forbidden");
  }
}
export class ConflictError extends DomainError {
  override readonly status = 409;
}
export class ValidationError extends DomainError {
  override readonly status = 400;
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message, "invalid_input");
  }
}
export class RateLimitedError extends DomainError {
  override readonly status = 429;
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
  const headers: Record<string, string> = {};
  if (error instanceof RateLimitedError) headers["Retry-After"] = String(error.retryAfterSeconds);
  return new Response(error.code, { status: error.status, statusText: error.code, headers });
}
