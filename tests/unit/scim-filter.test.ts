import { describe, expect, it } from "vitest";
import { ScimError } from "~/app/modules/scim/errors.ts";
import { parseScimFilter } from "~/app/modules/scim/filter.ts";
import { parseScimPath, pathValuePairs, ScimBoolean, ScimPatchRequest } from "~/app/modules/scim/patch.ts";

const USER = ["userName", "externalId", "emails.value", "emails.type", "id"];

function refused(fn: () => unknown, scimType: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(400);
    expect((error as ScimError).scimType).toBe(scimType);
    return;
  }
  throw new Error("expected a ScimError");
}

describe("parseScimFilter", () => {
  it("reads Entra's and Okta's probes", () => {
    expect(parseScimFilter('userName eq "Test_User_00aa00aa@contoso.com"', USER)).toEqual([
      { attribute: "userName", value: "Test_User_00aa00aa@contoso.com" },
    ]);
    expect(parseScimFilter('externalId eq "0a21f0f2-8d2a-4f8e"', USER)).toEqual([
      { attribute: "externalId", value: "0a21f0f2-8d2a-4f8e" },
    ]);
  });

  it("matches attribute names without regard to case and drops the core schema prefix", () => {
    expect(parseScimFilter('USERNAME eq "a@b.de"', USER)).toEqual([
      { attribute: "userName", value: "a@b.de" },
    ]);
    expect(parseScimFilter('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a@b.de"', USER)).toEqual([
      { attribute: "userName", value: "a@b.de" },
    ]);
  });

  it("opens value paths and and-joins", () => {
    expect(parseScimFilter('emails[type eq "work"].value eq "a@b.de"', USER)).toEqual([
      { attribute: "emails.type", value: "work" },
      { attribute: "emails.value", value: "a@b.de" },
    ]);
    expect(parseScimFilter('userName eq "a@b.de" and externalId eq "x"', USER)).toHaveLength(2);
  });

  it("refuses what it cannot honour with invalidFilter", () => {
    for (const filter of [
      'userName sw "a"',
      'userName eq "a" or userName eq "b"',
      'not (userName eq "a")',
      "userName pr",
      'title eq "boss"',
      "userName eq",
      'userName eq "unterminated',
      "x".repeat(1_001),
    ])
      refused(() => parseScimFilter(filter, USER), "invalidFilter");
  });
});

describe("PATCH parsing", () => {
  it("takes Entra's capitalised ops and string booleans, and Okta's lower-case ones", () => {
    const entra = ScimPatchRequest.parse({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(entra.Operations[0]!.op).toBe("replace");
    expect(ScimBoolean.parse(entra.Operations[0]!.value)).toBe(false);
    expect(ScimBoolean.parse("True")).toBe(true);
    expect(ScimBoolean.parse(false)).toBe(false);
    expect(ScimBoolean.safeParse("no").success).toBe(false);
    expect(ScimPatchRequest.safeParse({ Operations: [{ op: "move", path: "x" }] }).success).toBe(false);
    expect(ScimPatchRequest.safeParse({ schemas: ["wrong"], Operations: [{ op: "add" }] }).success).toBe(
      false,
    );
  });

  it("parses attribute paths, value filters and the enterprise extension", () => {
    expect(parseScimPath("name.givenName")).toEqual({
      schema: "core",
      attribute: "name",
      subAttribute: "givenname",
    });
    expect(parseScimPath('emails[type eq "work"].value')).toEqual({
      schema: "core",
      attribute: "emails",
      filter: [{ attribute: "type", value: "work" }],
      subAttribute: "value",
    });
    expect(parseScimPath('members[value eq "7d7c…"]')).toMatchObject({
      attribute: "members",
      filter: [{ attribute: "value", value: "7d7c…" }],
    });
    expect(parseScimPath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager")).toEqual({
      schema: "enterprise",
      attribute: "manager",
    });
    refused(() => parseScimPath("name..x"), "invalidPath");
  });

  it("opens a path-less replace into one pair per attribute", () => {
    const [op] = ScimPatchRequest.parse({
      Operations: [
        {
          op: "replace",
          value: {
            active: false,
            "name.givenName": "Ana",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { manager: { value: "m1" } },
          },
        },
      ],
    }).Operations;
    expect(pathValuePairs(op!)).toEqual([
      ["active", false],
      ["name.givenName", "Ana"],
      ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", { value: "m1" }],
    ]);
    refused(() => pathValuePairs({ op: "replace", value: "x" }), "invalidPath");
  });
});
