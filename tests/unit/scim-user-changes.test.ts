import { describe, expect, it } from "vitest";
import { ScimPatchRequest } from "~/app/modules/scim/patch.ts";
import {
  changeFromPatch,
  changeFromResource,
  nextName,
  ScimUserInput,
} from "~/app/modules/scim/user-schemas.ts";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const ops = (Operations: unknown[]) => changeFromPatch(ScimPatchRequest.parse({ Operations }).Operations);

describe("a SCIM PATCH as a change", () => {
  it("reads Entra's operations: capitalised, string booleans, the manager as a bare id", () => {
    expect(
      ops([
        { op: "Replace", path: "active", value: "False" },
        { op: "Add", path: `${ENTERPRISE}:manager`, value: "m-1" },
        { op: "Replace", path: "title", value: "ignored" },
      ]),
    ).toEqual({ active: false, managerId: "m-1" });
  });

  it("reads a path-less replace of several attributes, Okta's { active: false } among them", () => {
    expect(ops([{ op: "replace", value: { active: false } }])).toEqual({ active: false });
    expect(
      ops([{ op: "replace", value: { "name.givenName": "Ana", "name.familyName": "Neu", externalId: "e" } }]),
    ).toEqual({ name: "Ana Neu", externalId: "e" });
  });

  it("prefers displayName, then given and family name together, then formatted", () => {
    expect(
      ops([
        { op: "replace", path: "name.givenName", value: "A" },
        { op: "replace", path: "displayName", value: "Shown Name" },
      ]),
    ).toEqual({ name: "Shown Name" });
    expect(ops([{ op: "replace", path: "name.formatted", value: "F F" }])).toEqual({ name: "F F" });
    expect(ops([{ op: "replace", path: "name.familyName", value: "Neu" }])).toEqual({ familyName: "Neu" });
  });

  it("clears the manager and externalId on remove, and the manager on null or an empty { value }", () => {
    expect(ops([{ op: "Remove", path: `${ENTERPRISE}:manager` }])).toEqual({ managerId: null });
    expect(ops([{ op: "replace", path: `${ENTERPRISE}:manager`, value: { value: "" } }])).toEqual({
      managerId: null,
    });
    expect(ops([{ op: "remove", path: "externalId" }])).toEqual({ externalId: null });
  });
});

describe("names", () => {
  it("replaces the part a PATCH names: the first word is the given name, the rest the family name", () => {
    expect(nextName("Anna Maria Schmidt", { givenName: "Anne" })).toBe("Anne Maria Schmidt");
    expect(nextName("Anna Schmidt", { familyName: "Meier-Schmidt" })).toBe("Anna Meier-Schmidt");
    expect(nextName("Cher", { familyName: "Sarkisian" })).toBe("Cher Sarkisian");
    expect(nextName("Anna Schmidt", {})).toBe("Anna Schmidt");
  });

  it("a full resource: displayName, else given and family, else formatted, else the address", () => {
    const base = { userName: "a.b@example.test" };
    const change = (body: object) => changeFromResource(ScimUserInput.parse({ ...base, ...body }));
    expect(change({ displayName: "D", name: { givenName: "G", familyName: "F" } }).name).toBe("D");
    expect(change({ name: { givenName: "G", familyName: "F", formatted: "X" } }).name).toBe("G F");
    expect(change({ name: { formatted: "X Y" } }).name).toBe("X Y");
    expect(change({}).name).toBe("a.b");
    expect(change({ active: "False", externalId: null })).toMatchObject({ active: false, externalId: null });
    // the manager only when the extension is in the body
    expect(change({})).not.toHaveProperty("managerId");
    expect(change({ [ENTERPRISE]: { manager: { value: "m" } } }).managerId).toBe("m");
    expect(change({ [ENTERPRISE]: { department: "x" } })).not.toHaveProperty("managerId");
  });
});
