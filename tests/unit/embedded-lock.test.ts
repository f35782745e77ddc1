import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  judgeLock,
  processStartTicks,
  resolveEmbeddedDir,
  thisProcess,
  UnsupportedEmbeddedDirError,
  type LockHolder,
} from "~/db/embedded-lock.ts";

// When a lock file left in the embedded database's directory may be taken over (issue 11): only
// when its holder is known to be gone, judged on this host, boot and pid namespace. Anything this
// process cannot check is refused (a second container on the same volume); a lock this host wrote
// before it rebooted is stale.

const me = thisProcess();

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((done) => child.on("close", done));
  return child.pid!;
}

describe("judging a lock", () => {
  it("is held by this very process", () => {
    expect(judgeLock({ ...me }, me)).toBe("held");
  });

  it("is stale when it names a dead process of this host and boot", async () => {
    expect(judgeLock({ ...me, pid: await deadPid() }, me)).toBe("stale");
  });

  it("is stale when it carries our pid with another start time (a restarted container's pid 1)", () => {
    expect(judgeLock({ ...me, procStart: "1", startedAt: "2020-01-01T00:00:00.000Z" }, me)).toBe("stale");
  });

  it.runIf(processStartTicks(process.pid) !== undefined)(
    "is stale when its pid now belongs to a process that started at another time, held while the start time matches",
    async () => {
      const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
      try {
        const ticks = processStartTicks(other.pid!);
        expect(ticks).toMatch(/^\d+$/);
        const holder: LockHolder = { ...me, pid: other.pid!, procStart: ticks! };
        expect(judgeLock(holder, me)).toBe("held");
        expect(judgeLock({ ...holder, procStart: String(Number(ticks) + 1) }, me)).toBe("stale");
      } finally {
        other.kill("SIGKILL");
      }
    },
  );

  it.runIf(me.bootId !== undefined)(
    "is stale when written on this host before it rebooted, whatever its pid (the reboot ended it)",
    () => {
      expect(
        judgeLock(
          { ...me, pid: process.pid, procStart: "1", bootId: "00000000-0000-0000-0000-000000000000" },
          me,
        ),
      ).toBe("stale");
      expect(judgeLock({ ...me, bootId: "00000000-0000-0000-0000-000000000000" }, me)).toBe("stale");
    },
  );

  it("cannot be judged when written on another host or pid namespace, or without a host: even with a dead pid", async () => {
    const pid = await deadPid();
    expect(judgeLock({ ...me, pid, host: "other-container" }, me)).toBe("unverifiable");
    expect(
      judgeLock({ ...me, pid, host: "other-container", bootId: "00000000-0000-0000-0000-000000000000" }, me),
    ).toBe("unverifiable");
    expect(judgeLock({ ...me, pid, pidNs: "pid:[1]" }, me)).toBe("unverifiable");
    expect(judgeLock({ pid, startedAt: me.startedAt }, me)).toBe("unverifiable");
    // our own pid from another host is not us
    expect(judgeLock({ ...me, host: "other-container", procStart: "1" }, me)).toBe("unverifiable");
  });

  it("takes a half-written lock (no holder) as stale", () => {
    expect(judgeLock(null, me)).toBe("stale");
  });
});

describe("PGLITE_DIR as PGlite reads it", () => {
  it("strips file:// so the lock and the database are the same directory", () => {
    expect(resolveEmbeddedDir("file:///var/lib/chorus")).toBe("/var/lib/chorus");
    expect(resolveEmbeddedDir("/var/lib/chorus")).toBe("/var/lib/chorus");
    expect(resolveEmbeddedDir("file://data/pglite")).toBe(resolve("data/pglite"));
    expect(resolveEmbeddedDir(".data/pglite")).toBe(resolve(".data/pglite"));
  });

  it("keeps memory:// lock-free and refuses browser storage and other schemes", () => {
    expect(resolveEmbeddedDir("memory://")).toBeNull();
    expect(resolveEmbeddedDir("memory://tests")).toBeNull();
    for (const dir of ["idb://chorus", "opfs-ahp://chorus", "s3://bucket/x", "file://"]) {
      expect(() => resolveEmbeddedDir(dir), dir).toThrow(UnsupportedEmbeddedDirError);
    }
  });
});
