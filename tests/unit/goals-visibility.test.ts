import { describe, expect, it } from "vitest";
import { managerFigures } from "~/app/modules/goals/visibility.ts";

describe("what a manager sees of a report's goal agreement (the consent text's matrix)", () => {
  it("nothing before acceptance, whatever the mode", () => {
    for (const status of ["proposed", "commented", "withdrawn"] as const) {
      expect(managerFigures(status, "employee", false)).toEqual({ shown: "none", reason: "not_accepted" });
      expect(managerFigures(status, "automatic", true)).toEqual({ shown: "none", reason: "not_accepted" });
    }
  });

  it("while it runs: attainment in works-council mode; activities only with automatic release the employee agreed to", () => {
    expect(managerFigures("accepted", "employee", false)).toEqual({ shown: "attainment" });
    expect(managerFigures("accepted", "employee", true)).toEqual({ shown: "attainment" });
    expect(managerFigures("accepted", "automatic", false)).toEqual({ shown: "attainment" });
    expect(managerFigures("accepted", "automatic", true)).toEqual({ shown: "all" });
  });

  it("closed: nothing live (the statement, once released, has the figures)", () => {
    expect(managerFigures("closed", "employee", false)).toEqual({ shown: "none", reason: "closed" });
    expect(managerFigures("closed", "automatic", true)).toEqual({ shown: "none", reason: "closed" });
  });
});
