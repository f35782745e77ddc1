import { describe, expect, it } from "vitest";
import {
  ConflictError,
  DomainError,
  ERROR_CODES,
  type ErrorCode,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  toResponse,
  ValidationError,
} from "~/app/lib/errors.ts";
import { createI18n } from "~/app/lib/i18n/resources.ts";
import { API_ERROR_CODES } from "~/app/modules/api/schemas.ts";

const codes = Object.keys(ERROR_CODES) as ErrorCode[];
const i18n = { de: createI18n("de"), en: createI18n("en") };

describe("the error code registry (app/lib/errors.ts)", () => {
  it.each(codes)(
    "%s has a text in German and English, a 4xx/5xx status and an API code the API knows",
    (code) => {
      const spec = ERROR_CODES[code];
      for (const [locale, instance] of Object.entries(i18n)) {
        expect(instance.exists(spec.i18n), `${spec.i18n} missing in ${locale}`).toBe(true);
        const text = instance.t(spec.i18n, { max: 5 });
        expect(text.trim().length, `${spec.i18n} empty in ${locale}`).toBeGreaterThan(0);
        expect(text).not.toBe(spec.i18n);
      }
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(spec.status).toBeLessThan(600);
      if (spec.api !== null) expect(API_ERROR_CODES).toContain(spec.api);
      // 5xx are our (or an upstream's) failures: the API never names them as the client's
      if (spec.status >= 500) expect(spec.api).toBeNull();
    },
  );

  it("the German and English texts differ (no untranslated copy)", () => {
    const same = codes.filter(
      (c) => i18n.de.t(ERROR_CODES[c].i18n, { max: 5 }) === i18n.en.t(ERROR_CODES[c].i18n, { max: 5 }),
    );
    expect(same).toEqual([]);
  });

  it("a domain error takes its status from the registry, and toResponse answers with it", () => {
    const cases: [DomainError, number][] = [
      [new NotFoundError("post"), 404],
      [new ForbiddenError(), 403],
      [new ForbiddenError("not in the programme", "not_opted_in"), 403],
      [new ConflictError("already decided", "already_decided"), 409],
      [new ValidationError("bad", { title: ["required"] }), 400],
      [new RateLimitedError(30), 429],
    ];
    for (const [error, status] of cases) {
      expect(error.status).toBe(status);
      expect(error.status).toBe(ERROR_CODES[error.code].status);
      const response = toResponse(error)!;
      expect(response.status).toBe(status);
      expect(response.statusText).toBe(error.code);
    }
    expect(toResponse(new RateLimitedError(30))!.headers.get("Retry-After")).toBe("30");
  });

  it("an unregistered code, or a code of another status for ConflictError, does not compile", () => {
    // @ts-expect-error: not a registered code
    expect(new DomainError("typo", "alredy_decided").status).toBe(500);
    // @ts-expect-error: a 404 code is not a conflict
    expect(new ConflictError("wrong class", "not_found").status).toBe(404);
  });
});
