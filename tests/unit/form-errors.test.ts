import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ValidationError } from "~/app/lib/errors.ts";
import { issueFieldErrors, parseInput, safeText } from "~/app/lib/validation.ts";

const Caption = z
  .object({
    title: safeText({ max: 5 }),
    captions: z.array(z.object({ text: safeText({ max: 3 }) })),
  })
  .refine((v) => v.title !== "same", "formLevel");

describe("issueFieldErrors", () => {
  it("files each message under its field's dotted path, and whole-input issues under form", () => {
    const result = Caption.safeParse({ title: "toolong", captions: [{ text: "ok" }, { text: "four" }] });
    expect(result.success).toBe(false);
    expect(issueFieldErrors(result.error!)).toEqual({ title: ["tooLong"], "captions.1.text": ["tooLong"] });

    const whole = Caption.safeParse({ title: "same", captions: [] });
    expect(issueFieldErrors(whole.error!)).toEqual({ form: ["formLevel"] });
  });

  it("keeps every message of a field, and a NUL is only textInvalid", () => {
    const Twice = z.object({ name: z.string().min(5, "tooShort").regex(/^a/, "startsWithA") });
    expect(issueFieldErrors(Twice.safeParse({ name: "b" }).error!)).toEqual({
      name: ["tooShort", "startsWithA"],
    });
    const nul = Caption.safeParse({ title: "a\0b", captions: [] });
    expect(issueFieldErrors(nul.error!)).toEqual({ title: ["textInvalid"] });
  });
});

describe("parseInput", () => {
  it("returns the parsed value", () => {
    expect(parseInput(Caption, { title: " hi ", captions: [] })).toEqual({ title: "hi", captions: [] });
  });

  it("throws a ValidationError (400) carrying the field errors", () => {
    let thrown: unknown;
    try {
      parseInput(Caption, { title: "", captions: [{ text: "long" }] }, "invalid caption");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    const error = thrown as ValidationError;
    expect(error.message).toBe("invalid caption");
    expect(error.status).toBe(400);
    expect(error.fieldErrors).toEqual({ title: ["required"], "captions.0.text": ["tooLong"] });
  });
});
