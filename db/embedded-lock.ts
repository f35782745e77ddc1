import { openSync, readFileSync, readlinkSync, renameSync, unlinkSync, writeSync, closeSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";

/**
 * PGlite is one PostgreSQL backend inside one process: a second process opening the same data
 * directory gets its own copy of the pages in memory, and whatever each writes overwrites the
 * other's on disk (a CLI "closed 1" that the app never saw, then a duplicate key after a restart).
 * So whoever opens the embedded database (app, CLI, worker) first takes this lock file in the data
 * directory, created exclusively and holding who holds it; everyone else is refused before PGlite
 * is even loaded.
 *
 * A lock is taken over (stale) only when we can tell for sure that its holder is gone: it was
 * written on this host, this boot and in this pid namespace, and its pid is dead or now belongs to
 * a process that started at another time (a reused pid, e.g. a restarted container's pid 1). A lock
 * written on this host before it rebooted is stale too (the reboot ended its holder). A lock we cannot
 * judge — written by another host or container sharing the volume, or without those facts — is refused with the path to remove by hand: a lock wrongly kept costs one
 * `rm`, one wrongly taken costs the database.
 */

export const LOCK_FILE = "chorus.lock";

export const EMBEDDED_DATABASE_BUSY = "Chorus is running: use the admin page, or stop it first";

export class EmbeddedDatabaseLockedError extends Error {
  override readonly name = "EmbeddedDatabaseLockedError";
  readonly code = "embedded_database_locked";
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
    /** the lock cannot be checked from here (another host, boot or container): removing it is the operator's call */
    readonly unverifiable = false,
  ) {
    super(
      `${EMBEDDED_DATABASE_BUSY} (the embedded database in ${dir} is open in process ${holder.pid}` +
        `${holder.host ? ` on ${holder.host}` : ""} since ${holder.startedAt})` +
        (unverifiable
          ? `. This process cannot check whether that one still runs (another host, container or boot). ` +
            `If no Chorus uses this directory any more, remove the stale lock by hand: rm ${join(dir, LOCK_FILE)}`
          : ""),
    );
  }
}

export interface LockHolder {
  pid: number;
  /** when the holding process started (ISO), for people and for systems without /proc */
  startedAt: string;
  command?: string;
  /** os.hostname() of the holder: a lock from another host (or container) is never judged here */
  host?: string;
  /** Linux: /proc/sys/kernel/random/boot_id; pids and start times mean something only within one boot */
  bootId?: string;
  /** Linux: the pid namespace (/proc/self/ns/pid link): a pid means something only within it */
  pidNs?: string;
  /** Linux: field 22 of /proc/<pid>/stat, the start time in clock ticks since boot: tells a reused pid from the holder */
  procStart?: string;
}

const processStartedAt = new Date(
  Math.round((Date.now() - process.uptime() * 1000) / 1000) * 1000,
).toISOString();

function readTrimmed(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Field 22 (starttime) of /proc/<pid>/stat, or undefined (no such process, or no /proc). */
export function processStartTicks(pid: number): string | undefined {
  const stat = readTrimmed(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // field 2 (comm) is in parentheses and may hold spaces and ")": count from the last ")"
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state), so field 22 is fields[19]
  return fields[19];
}

function currentPidNamespace(): string | undefined {
  try {
    return readlinkSync("/proc/self/ns/pid");
  } catch {
    return undefined;
  }
}

/** Who we are, as the lock file records it. */
export function thisProcess(): LockHolder {
  const me: LockHolder = {
    pid: process.pid,
    startedAt: processStartedAt,
    command: process.argv.slice(1, 4).join(" "),
    host: hostname(),
  };
  const bootId = readTrimmed("/proc/sys/kernel/random/boot_id");
  const pidNs = currentPidNamespace();
  const procStart = processStartTicks(process.pid);
  if (bootId) me.bootId = bootId;
  if (pidNs) me.pidNs = pidNs;
  if (procStart) me.procStart = procStart;
  return me;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it just is not ours to signal
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(path: string): { raw: string; holder: LockHolder | null } | null {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<LockHolder>;
    if (typeof parsed.pid === "number" && typeof parsed.startedAt === "string") {
      const holder: LockHolder = { pid: parsed.pid, startedAt: parsed.startedAt };
      for (const key of ["command", "host", "bootId", "pidNs", "procStart"] as const) {
        if (typeof parsed[key] === "string") holder[key] = parsed[key];
      }
      return { raw, holder };
    }
  } catch {
    // a half-written lock (its writer died between create and write): stale
  }
  return { raw, holder: null };
}

type Verdict = "held" | "stale" | "unverifiable";

/** Whether the lock's holder still holds it, judged from `me` (this process). */
export function judgeLock(holder: LockHolder | null, me: LockHolder = thisProcess()): Verdict {
  if (!holder) return "stale";
  // its pid and start time mean nothing here unless it was written on this host, boot and pid namespace
  if (holder.host === undefined || holder.host !== me.host) return "unverifiable";
  // this host since rebooted: a reboot ended every process of the old boot, the holder included
  if (holder.bootId !== undefined && me.bootId !== undefined && holder.bootId !== me.bootId) return "stale";
  if ((holder.bootId ?? null) !== (me.bootId ?? null)) return "unverifiable";
  if ((holder.pidNs ?? null) !== (me.pidNs ?? null)) return "unverifiable";
  if (holder.pid === me.pid) {
    // our own pid: this very process (it holds it already), or an earlier one whose pid we got
    if (holder.procStart !== undefined && me.procStart !== undefined)
      return holder.procStart === me.procStart ? "held" : "stale";
    return holder.startedAt === me.startedAt ? "held" : "stale";
  }
  if (!alive(holder.pid)) return "stale";
  if (holder.procStart === undefined) return me.procStart === undefined ? "held" : "unverifiable";
  const now = processStartTicks(holder.pid);
  // the pid runs but cannot be read: cannot tell, so it holds
  if (now === undefined) return "held";
  return now === holder.procStart ? "held" : "stale";
}

export class UnsupportedEmbeddedDirError extends Error {
  override readonly name = "UnsupportedEmbeddedDirError";
  constructor(readonly dir: string) {
    super(
      `PGLITE_DIR "${dir}" is not supported: use a directory path (or file:///path), or memory:// for a database that lives only in this process`,
    );
  }
}

/**
 * PGLITE_DIR as PGlite reads it (@electric-sql/pglite's dataDir parsing): "memory://…" is an
 * in-process database (null: nothing on disk, nothing to lock); "file://<path>" is <path>; a string
 * without a scheme is a path. "idb://" and "opfs-ahp://" are browser storage, and any other scheme
 * PGlite would take for a relative directory named after it: both are refused. The answer is
 * absolute, so the lock and PGlite name the same directory whatever the working directory.
 */
export function resolveEmbeddedDir(dir: string): string | null {
  if (dir.startsWith("memory://")) return null;
  let path = dir;
  if (dir.startsWith("file://")) path = dir.slice("file://".length);
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(dir)) throw new UnsupportedEmbeddedDirError(dir);
  if (!path) throw new UnsupportedEmbeddedDirError(dir);
  return resolve(path);
}

export interface EmbeddedLock {
  release(): void;
}

/** Takes the lock of `dir` or throws EmbeddedDatabaseLockedError; never touches the database. */
export function acquireEmbeddedLock(dir: string): EmbeddedLock {
  const path = join(dir, LOCK_FILE);
  const me = thisProcess();
  const mine = JSON.stringify(me);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o600);
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      return lockHandle(path, mine);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const found = readHolder(path);
    if (!found) continue; // released meanwhile: try again
    const verdict = judgeLock(found.holder, me);
    if (verdict !== "stale")
      throw new EmbeddedDatabaseLockedError(dir, found.holder!, verdict === "unverifiable");
    // Stale. Move it aside atomically (only one of two racing processes can), then check that what
    // we moved is still the stale lock we judged, not a live one someone created in between.
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    const moved = readHolder(aside);
    if (moved && moved.raw !== found.raw) {
      renameSync(aside, path);
      if (moved.holder) throw new EmbeddedDatabaseLockedError(dir, moved.holder);
    }
    try {
      unlinkSync(aside);
    } catch {
      // already gone
    }
  }
  const last = readHolder(path);
  throw new EmbeddedDatabaseLockedError(dir, last?.holder ?? { pid: 0, startedAt: "unknown" });
}

function lockHandle(path: string, mine: string): EmbeddedLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    // only our own lock: never remove one a later process took over
    if (readHolder(path)?.raw === mine) {
      try {
        unlinkSync(path);
      } catch {
        // gone already
      }
    }
  };
  // a process that exits without closing the database (process.exit, an uncaught error) still lets go;
  // a killed one leaves a stale lock that the next opener takes over
  process.on("exit", release);
  return { release };
}
