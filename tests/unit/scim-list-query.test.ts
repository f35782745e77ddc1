import { describe, expect, it } from "vitest";
import { ScimError } from "~/app/modules/scim/errors.ts";
import { MAX_PAGE_SIZE, parseScimListQuery } from "~/app/modules/scim/http.server.ts";

const USER = ["userName", "externalId", "id"];
const query = (search: string) =>
  parseScimListQuery(new Request(`http://chorus.test/scim/v2/Users?${search}`), USER);

describe("a hostile list query", () => {
  it("an over-long attributes or excludedAttributes is a 400 invalidValue, not a 500", () => {
    for (const name of ["attributes", "excludedAttributes"]) {
      let caught: unknown;
      try {
        query(`${name}=${"userName,".repeat(200)}`);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ScimError);
      expect(caught).toMatchObject({ status: 400, scimType: "invalidValue" });
    }
  });

  it("count and startIndex out of range are clamped as RFC 7644 §3.4.2.4 says", () => {
    expect(query("count=-5&startIndex=-1")).toMatchObject({ count: 0, startIndex: 1 });
    expect(query("count=999999999").count).toBe(MAX_PAGE_SIZE);
  });

  it("caps values of any length instead of refusing them (a count over the maximum is the maximum)", () => {
    expect(query("count=1000000000&startIndex=0").count).toBe(MAX_PAGE_SIZE);
    expect(query(`count=${"9".repeat(400)}`).count).toBe(MAX_PAGE_SIZE);
    expect(query(`count=-${"9".repeat(400)}&startIndex=-${"9".repeat(400)}`)).toMatchObject({
      count: 0,
      startIndex: 1,
    });
    expect(query("startIndex=12345678901").startIndex).toBe(12345678901);
    expect(query(`startIndex=${"9".repeat(400)}`).startIndex).toBe(Number.MAX_SAFE_INTEGER);
    expect(query("count=%2B7&startIndex=+3")).toMatchObject({ count: 7, startIndex: 3 });
    expect(query("count=&startIndex=")).toMatchObject({ count: 100, startIndex: 1 });
  });

  it("a value that is no integer is still a 400 invalidValue", () => {
    for (const search of [
      "count=many",
      "count=1.5",
      "startIndex=1e3",
      "count=0x10",
      "startIndex=--1",
      "count=Infinity",
    ])
      expect(() => query(search), search).toThrow(
        expect.objectContaining({ status: 400, scimType: "invalidValue" }) as unknown as Error,
      );
  });
});
