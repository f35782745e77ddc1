import { describe, expect, it } from "vitest";
import { z } from "zod";
import { asValidationError, isDataException, toResponse, ValidationError } from "~/app/lib/errors.ts";
import { createI18n } from "~/app/lib/i18n/resources.ts";
import {
  recordRequestError,
  statusAfterErrors,
  withInputErrorStatus,
} from "~/app/lib/input-error-status.server.ts";
import {
  DATE_OUT_OF_RANGE,
  DateInRange,
  Email,
  isStorableText,
  PersonName,
  SafeDateTime,
  SafeDay,
  safeText,
  Slug,
  TEXT_INVALID,
} from "~/app/lib/validation.ts";
import { CreditPeriodQuery } from "~/app/modules/credit/query.ts";
import { parsePeriod } from "~/app/modules/goals/period.ts";
import { postFormSchema } from "~/app/modules/content/post-form-schema.ts";
import { CreatePostInput } from "~/app/modules/content/schemas.ts";
import { ProposeAgreementInput } from "~/app/modules/goals/schemas.ts";

const messages = (result: z.ZodSafeParseResult<unknown>) =>
  result.success ? [] : result.error.issues.map((i) => i.message);

const NUL = "\u0000";
const LONE_HIGH = "\uD83D";
const LONE_LOW = "\uDE00";

describe("text: NUL and lone surrogates are refused, everything else people type is kept", () => {
  it("refuses NUL and unpaired surrogates anywhere in the text", () => {
    for (const bad of [
      `a${NUL}b`,
      NUL,
      `x${LONE_HIGH}`,
      `${LONE_LOW}x`,
      `${LONE_HIGH}${LONE_HIGH}`,
      `😀${LONE_HIGH}`,
      `${LONE_LOW}${LONE_HIGH}`,
    ]) {
      expect(isStorableText(bad), JSON.stringify(bad)).toBe(false);
      expect(messages(safeText({ max: 100 }).safeParse(bad))).toEqual([TEXT_INVALID]);
    }
  });

  it("keeps umlauts, ß, emoji (surrogate pairs), flags, CJK and combining marks as they are", () => {
    for (const good of [
      "Grüße aus Köln, Straße",
      "Wir bauen in Leipzig! 🎉",
      "👩🏽‍💻 🇩🇪",
      "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
      "日本語",
      "e\u0301",
      "tab\tand\nnewline",
    ]) {
      expect(isStorableText(good), good).toBe(true);
      expect(safeText({ max: 100 }).parse(good)).toBe(good.trim());
    }
  });

  it("reports only the character problem for a NUL in an overlong text (no 'too long' on top)", () => {
    expect(messages(safeText({ max: 3 }).safeParse(`abcdef${NUL}`))).toEqual([TEXT_INVALID]);
    expect(messages(safeText({ max: 3 }).safeParse("abcdef"))).toEqual(["tooLong"]);
    expect(
      messages(safeText({ max: 3, tooLong: "too_long", required: "reason_required" }).safeParse(" ")),
    ).toEqual(["reason_required"]);
  });

  it("Email, PersonName and Slug build on it", () => {
    expect(messages(Email.safeParse(`anna${NUL}@example.com`))).toEqual([TEXT_INVALID]);
    expect(Email.parse(" Anna.Schmidt@Example.com ")).toBe("anna.schmidt@example.com");
    expect(messages(PersonName.safeParse(`Jürgen ${LONE_HIGH}`))).toEqual([TEXT_INVALID]);
    expect(PersonName.parse("Jürgen Müller-Lüdenscheidt")).toBe("Jürgen Müller-Lüdenscheidt");
    expect(messages(Slug.safeParse(`acme${NUL}`))).toEqual([TEXT_INVALID]);
  });

  it("is in every form and API schema: a post's title, caption and body", () => {
    const post = {
      title: "Neues Werk",
      captions: [{ network: "linkedin", language: "de", text: "Wir bauen! 🎉" }],
    };
    expect(CreatePostInput.safeParse(post).success).toBe(true);
    const paths = (input: unknown) =>
      (CreatePostInput.safeParse(input).error?.issues ?? []).map((i) => `${i.path.join(".")}:${i.message}`);
    expect(paths({ ...post, title: `Neu${NUL}` })).toEqual([`title:${TEXT_INVALID}`]);
    expect(paths({ ...post, body: `x${LONE_LOW}` })).toEqual([`body:${TEXT_INVALID}`]);
    expect(paths({ ...post, captions: [{ network: "linkedin", language: "de", text: `a${NUL}` }] })).toEqual([
      `captions.0.text:${TEXT_INVALID}`,
    ]);
    expect(paths({ ...post, url: `https://example.com/${NUL}` })).toEqual([`url:${TEXT_INVALID}`]);
  });
});

describe("dates: only the years 1970 to 9999", () => {
  it("accepts ordinary instants and the edges", () => {
    for (const ok of [
      "2026-11-25T09:00:00Z",
      "1970-01-01T00:00:00.000Z",
      "9999-12-31T23:59:59.999Z",
      "2026-11-25T10:00:00+01:00",
    ]) {
      expect(SafeDateTime.safeParse(ok).success, ok).toBe(true);
    }
  });

  it("refuses what PostgreSQL cannot store (year -5000, +275760) with its own message, and garbage as 'date'", () => {
    expect(messages(SafeDateTime.safeParse("-005000-01-01T00:00:00Z"))).toEqual([DATE_OUT_OF_RANGE]);
    expect(messages(SafeDateTime.safeParse("+275760-09-13T00:00:00Z"))).toEqual([DATE_OUT_OF_RANGE]);
    expect(messages(SafeDateTime.safeParse("+010000-01-01T00:00:00Z"))).toEqual([DATE_OUT_OF_RANGE]);
    expect(messages(SafeDateTime.safeParse("1969-12-31T23:59:59Z"))).toEqual([DATE_OUT_OF_RANGE]);
    expect(messages(SafeDateTime.safeParse("tomorrow"))).toEqual(["date"]);
    expect(messages(DateInRange.safeParse(new Date(Date.UTC(-5000, 0, 1))))).toEqual([DATE_OUT_OF_RANGE]);
  });

  it("reads only ISO 8601 strings and Dates: never coerces booleans, numbers, arrays or other date spellings", () => {
    // new Date(true) is 1970 plus a millisecond, new Date([2030]) New Year 2030: both were accepted once
    for (const bad of [
      true,
      false,
      [2030],
      ["2030-01-01"],
      1893456000000,
      0,
      {},
      "2030",
      "Jan 1 2030",
      "2030-01-01 10:00",
      "2030-13-45T00:00:00Z",
    ]) {
      expect(messages(SafeDateTime.safeParse(bad)), JSON.stringify(bad)).toEqual(["date"]);
    }
    expect(SafeDateTime.parse("2030-01-01")).toEqual(new Date("2030-01-01T00:00:00Z"));
    expect(SafeDateTime.parse("2030-01-01T10:00:00.123456Z")).toEqual(new Date("2030-01-01T10:00:00.123Z"));
    const internal = new Date("2030-01-01T10:00:00Z");
    expect(SafeDateTime.parse(internal)).toEqual(internal);
    expect(
      CreatePostInput.safeParse({ title: "Neues Werk", publishAt: true }).error?.issues.map(
        (i) => `${i.path.join(".")}:${i.message}`,
      ),
    ).toEqual(["publishAt:date"]);
  });

  it("the post form reads wall-clock time in the tenant's zone and still refuses year 10000", () => {
    const schema = postFormSchema("Europe/Berlin");
    const base = { title: "Neues Werk" };
    expect(schema.safeParse({ ...base, publishAt: "2026-11-25T09:00" }).data?.publishAt?.toISOString()).toBe(
      "2026-11-25T08:00:00.000Z",
    );
    expect(messages(schema.safeParse({ ...base, publishAt: "+275760-09-13T00:00" }))).not.toEqual([]);
    expect(messages(CreatePostInput.safeParse({ ...base, publishAt: "-005000-01-01T00:00:00Z" }))).toEqual([
      DATE_OUT_OF_RANGE,
    ]);
  });

  it("days: real calendar days in range", () => {
    expect(SafeDay.parse(" 2028-02-29 ")).toBe("2028-02-29");
    expect(messages(SafeDay.safeParse("2026-02-29"))).toEqual(["date"]);
    expect(messages(SafeDay.safeParse("0000-01-01"))).toEqual([DATE_OUT_OF_RANGE]);
    expect(messages(SafeDay.safeParse("1969-12-31"))).toEqual([DATE_OUT_OF_RANGE]);
    expect(messages(SafeDay.safeParse(`2026-01-01${NUL}`))).toEqual([TEXT_INVALID]);
  });

  it("periods: year 0 and years before 1970 are no period (GET /api/v1/credit?period=0000-Q1 was a 500)", () => {
    expect(parsePeriod({ period: "0000-Q1" })).toBeNull();
    expect(parsePeriod({ period: "1969" })).toBeNull();
    expect(parsePeriod({ from: "0000-01-01", to: "2026-01-01" })).toBeNull();
    expect(parsePeriod({ period: "9999-Q4" })?.endsOn).toBe("9999-12-31");
    expect(CreditPeriodQuery.safeParse({ period: "0000-Q1" }).success).toBe(false);
    expect(CreditPeriodQuery.safeParse({ from: "0001-01-01", to: "2026-12-31" }).success).toBe(false);
    expect(CreditPeriodQuery.safeParse({ period: "2026-Q1" }).success).toBe(true);
    const proposal = {
      employeeId: crypto.randomUUID(),
      period: "0000-Q1",
      objectives: [{ metric: "manual", title: "Mentoring", weight: 100 }],
    };
    expect(messages(ProposeAgreementInput.safeParse(proposal))).toEqual(["period"]);
  });
});

describe("PostgreSQL data exceptions are the input's fault", () => {
  const pgError = (code: string) =>
    Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code, severity: "ERROR" });

  it("recognises SQLSTATE class 22 and nothing else", () => {
    for (const code of ["22021", "22008", "22P02", "22P05", "22003", "22001"])
      expect(isDataException(pgError(code)), code).toBe(true);
    for (const code of ["23505", "40001", "ECONNREFUSED", "2200"])
      expect(isDataException(pgError(code)), code).toBe(false);
    expect(isDataException({ code: "22021" })).toBe(false);
    expect(isDataException(null)).toBe(false);
  });

  it("maps them to a 400 Response and to a form-level validation error", async () => {
    const response = toResponse(pgError("22021"));
    expect(response?.status).toBe(400);
    expect(await response?.text()).toBe("invalid_input");
    const asValidation = asValidationError(pgError("22008"));
    expect(asValidation).toBeInstanceOf(ValidationError);
    expect(asValidation?.fieldErrors).toEqual({ form: ["invalidInput"] });
    expect(toResponse(pgError("23505"))).toBeUndefined();
  });
});

describe("web requests: React Router's 500 becomes a 400 when every error was the input's", () => {
  const pgError = (code: string) => Object.assign(new Error("data exception"), { code });

  it("only data exceptions: 400, for documents and for single-fetch responses", () => {
    const context = {};
    recordRequestError(context, pgError("22021"));
    recordRequestError(context, pgError("22008"));
    expect(statusAfterErrors(500, context)).toBe(400);
    const response = withInputErrorStatus(
      new Response("payload", { status: 500, headers: { "Content-Type": "text/x-script" } }),
      context,
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toBe("text/x-script");
  });

  it("any other error among them, no error recorded, or another status: unchanged", () => {
    const mixed = {};
    recordRequestError(mixed, pgError("22021"));
    recordRequestError(mixed, new Error("a bug"));
    recordRequestError(mixed, pgError("22021"));
    expect(statusAfterErrors(500, mixed)).toBe(500);
    expect(statusAfterErrors(500, {})).toBe(500);
    expect(statusAfterErrors(500, undefined)).toBe(500);
    const onlyInput = {};
    recordRequestError(onlyInput, pgError("22P02"));
    expect(statusAfterErrors(404, onlyInput)).toBe(404);
    const ok = new Response("fine");
    expect(withInputErrorStatus(ok, onlyInput)).toBe(ok);
  });
});

describe("messages exist in German and English", () => {
  it("for every new key", () => {
    for (const locale of ["de", "en"] as const) {
      const t = createI18n(locale).t;
      for (const key of [TEXT_INVALID, DATE_OUT_OF_RANGE, "invalidInput"] as const)
        expect(t(`validation.${key}`), `${locale} ${key}`).not.toBe(`validation.${key}`);
    }
    expect(createI18n("de").t(`validation.${DATE_OUT_OF_RANGE}`)).toContain("1970");
  });
});
