import { describe, expect, it } from "vitest";
import { ScimError } from "~/app/modules/scim/errors.ts";
import { groupActionsFromPatch, groupActionsFromResource } from "~/app/modules/scim/group-schemas.ts";
import { ScimPatchRequest } from "~/app/modules/scim/patch.ts";

const G = "0b6a1c52-1f7e-4d8a-9d65-3f1d0c2b7a11";
const A = "7d0f6a3e-9c1b-4e2a-8f4d-5b6c7d8e9f01";
const B = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

const actions = (Operations: unknown[]) =>
  groupActionsFromPatch(G, ScimPatchRequest.parse({ Operations }).Operations);

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScimError) return { status: error.status, scimType: error.scimType };
    throw error;
  }
  throw new Error("expected a ScimError");
};

describe("SCIM Group PATCH operations as actions", () => {
  it("reads Entra ID's shapes", () => {
    expect(
      actions([
        {
          op: "Add",
          path: "members",
          value: [
            { $ref: null, value: A },
            { $ref: null, value: B },
          ],
        },
        { op: "Remove", path: "members", value: [{ $ref: null, value: A }] },
        { op: "Replace", path: "displayName", value: "Vertrieb" },
        { op: "Replace", path: "externalId", value: "e-1" },
      ]),
    ).toEqual([
      { kind: "addMembers", ids: [A, B] },
      { kind: "removeMembers", ids: [A] },
      { kind: "displayName", value: "Vertrieb" },
      { kind: "externalId", value: "e-1" },
    ]);
  });

  it("reads Okta's shapes", () => {
    expect(
      actions([
        { op: "replace", value: { id: G, displayName: "Marketing" } },
        { op: "remove", path: `members[value eq "${A}"]` },
        { op: "add", path: "members", value: [{ value: B, display: "b@example.test" }] },
        { op: "replace", path: "members", value: [{ value: A }] },
        { op: "remove", path: "members" },
      ]),
    ).toEqual([
      { kind: "displayName", value: "Marketing" },
      { kind: "removeMembers", ids: [A] },
      { kind: "addMembers", ids: [B] },
      { kind: "setMembers", ids: [A] },
      { kind: "removeAllMembers" },
    ]);
  });

  it("ignores what a team does not store, refuses what it cannot do", () => {
    expect(actions([{ op: "replace", value: { description: "x", meta: {} } }])).toEqual([]);
    // a filter matching two different values matches nobody
    expect(actions([{ op: "remove", path: `members[value eq "${A}" and value eq "${B}"]` }])).toEqual([
      { kind: "removeMembers", ids: [] },
    ]);
    expect(refusal(() => actions([{ op: "remove" }]))).toEqual({ status: 400, scimType: "noTarget" });
    expect(refusal(() => actions([{ op: "remove", path: "displayName" }]))).toEqual({
      status: 400,
      scimType: "invalidValue",
    });
    expect(refusal(() => actions([{ op: "replace", value: { id: A } }]))).toEqual({
      status: 400,
      scimType: "invalidValue",
    });
    expect(refusal(() => actions([{ op: "add", path: `members[value eq "${A}"]`, value: [] }]))).toEqual({
      status: 400,
      scimType: "invalidPath",
    });
    expect(refusal(() => actions([{ op: "Replace", path: "displayName", value: "" }]))).toEqual({
      status: 400,
      scimType: "invalidValue",
    });
    expect(refusal(() => actions([{ op: "remove", path: 'members[display eq "x"]' }]))).toEqual({
      status: 400,
      scimType: "invalidFilter",
    });
  });

  it("a PUT asserts only the attributes its body names", () => {
    expect(groupActionsFromResource({ displayName: "Team" })).toEqual([
      { kind: "displayName", value: "Team" },
    ]);
    expect(groupActionsFromResource({ displayName: "Team", externalId: null, members: [] })).toEqual([
      { kind: "displayName", value: "Team" },
      { kind: "externalId", value: null },
      { kind: "setMembers", ids: [] },
    ]);
    expect(refusal(() => groupActionsFromResource({ members: [] }))).toEqual({
      status: 400,
      scimType: "invalidValue",
    });
  });
});
