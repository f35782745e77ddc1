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
});
