import { DomainError, type ErrorCode } from "~/app/lib/errors.ts";

export type SsoErrorCode = Extract<ErrorCode, `sso_${string}`>;

/**
 * A refused single sign-on; status and text come from the registry (app/lib/errors.ts). The message
 * is for the log (the reason in detail), never shown: the page words the code.
 */
export class SsoError extends DomainError {
  constructor(
    override readonly code: SsoErrorCode,
    message: string = code,
  ) {
    super(message, code);
  }
}
