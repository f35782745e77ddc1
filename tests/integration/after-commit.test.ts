import { describe, expect, it } from "vitest";
import { database } from "~/db/client.ts";
import { afterCommit, withTenant } from "~/db/tenant.ts";
import { createTenant } from "~/tests/support/factories.ts";

describe("afterCommit", () => {
  it("runs after the commit, when another connection already sees the rows", async () => {
    const { db } = await database();
    const tenant = await createTenant(db);
    let seenByOtherConnection: number | undefined;
    await withTenant(db, tenant.id, async (tx) => {
      await tx.insertInto("teams").values({ tenant_id: tenant.id, name: "Visible" }).execute();
      afterCommit(tx, async () => {
        // a fresh transaction on (possibly) another pooled connection, like an in-process job
        const rows = await withTenant(db, tenant.id, (t2) =>
          t2.selectFrom("teams").select("name").where("tenant_id", "=", tenant.id).execute(),
        );
        seenByOtherConnection = rows.length;
      });
    });
    expect(seenByOtherConnection).toBe(1);
  });

  it("never runs when the transaction rolls back", async () => {
    const { db } = await database();
    const tenant = await createTenant(db);
    let ran = false;
    await expect(
      withTenant(db, tenant.id, async (tx) => {
        afterCommit(tx, () => {
          ran = true;
        });
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(ran).toBe(false);
  });

  it("a failing side effect does not turn a committed change into an error", async () => {
    const { db } = await database();
    const tenant = await createTenant(db);
    let later = false;
    const result = await withTenant(db, tenant.id, async (tx) => {
      await tx.insertInto("teams").values({ tenant_id: tenant.id, name: "Kept" }).execute();
      afterCommit(tx, () => {
        throw new Error("queue unavailable");
      });
      afterCommit(tx, () => {
        later = true; // the next side effect still runs
      });
      return "saved";
    });
    expect(result).toBe("saved");
    expect(later).toBe(true);
    const rows = await withTenant(db, tenant.id, (tx) =>
      tx.selectFrom("teams").select("name").where("tenant_id", "=", tenant.id).execute(),
    );
    expect(rows.map((r) => r.name)).toEqual(["Kept"]);
  });

  it("refuses to be used outside withTenant", async () => {
    const { db } = await database();
    await expect(db.transaction().execute(async (tx) => afterCommit(tx, () => undefined))).rejects.toThrow(
      /withTenant/,
    );
  });
});
