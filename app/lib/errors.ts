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

/** Maps a thrown domain error to a Response (React Router renders it in the ErrorBoundary). */
export function toResponse(error: unknown): Response | undefined {
  if (!(error instanceof DomainError)) return undefined;
  const headers: Record<string, string> = {};
  if (error instanceof RateLimitedError) headers["Retry-After"] = String(error.retryAfterSeconds);
  return new Response(error.code, { status: error.status, statusText: error.code, headers });
}
