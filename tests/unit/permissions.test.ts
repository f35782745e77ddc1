import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "~/db/schema.ts";
import { PERMISSIONS, can, permissionsOf, type Permission } from "~/app/lib/permissions.ts";

const ALL = Object.keys(PERMISSIONS) as Permission[];

describe("permissions", () => {
  it("employees cannot manage, invite or even list members", () => {
    expect(can(["employee"], "members.manage")).toBe(false);
    expect(can(["employee"], "members.invite")).toBe(false);
    expect(can(["employee"], "members.view")).toBe(false);
    expect(can(["admin"], "members.manage")).toBe(true);
  });

  it("approving content is the comms leads' job: an admin alone cannot (four eyes)", () => {
    expect(can(["comms_lead"], "content.approve")).toBe(true);
    expect(can(["admin"], "content.approve")).toBe(false);
    expect(can(["admin", "comms_lead"], "content.approve")).toBe(true);
  });

  it("goals and credit exports belong to managers", () => {
    expect(can(["manager"], "goals.manage")).toBe(true);
    expect(can(["manager"], "credit.export")).toBe(true);
    expect(can(["admin"], "credit.export")).toBe(false);
  });

  it("a person with several roles gets the union of their permissions", () => {
    const union = permissionsOf(["manager", "comms_lead"]);
    const separately = new Set([...permissionsOf(["manager"]), ...permissionsOf(["comms_lead"])]);
    expect(new Set(union)).toEqual(separately);
    expect(union).toContain("goals.manage");
    expect(union).toContain("content.approve");
    expect(union).not.toContain("members.manage");
  });

  it("no roles (e.g. an empty role list) grants nothing", () => {
    expect(permissionsOf([])).toEqual([]);
  });

  it("every member can at least view the tenant and its content", () => {
    for (const role of ROLES) {
      expect(can([role], "tenant.view")).toBe(true);
      expect(can([role], "content.view")).toBe(true);
    }
  });

  it.each(ALL)("%s is granted to at least one role (no dead permission)", (permission) => {
    const holders = ROLES.filter((role: Role) => can([role], permission));
    expect(holders.length).toBeGreaterThan(0);
  });
});
