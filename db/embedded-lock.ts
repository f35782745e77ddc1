import { openSync, readFileSync, renameSync, unlinkSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";

/**
 * PGlite is one PostgreSQL backend inside one process: a second process opening the same data
 * directory gets its own copy of the pages in memory, and whatever each writes overwrites the
 * other's on disk (a CLI "closed 1" that the app never saw, then a duplicate key after a restart).
 * So whoever opens the embedded database (app, CLI, worker) first takes this lock file in the data
 * directory, created exclusively and holding its pid and start time; everyone else is refused
 * before PGlite is even loaded. A lock whose process is gone (killed, machine restarted) is stale
 * and taken over.
 */

export const LOCK_FILE = "chorus.lock";

export const EMBEDDED_DATABASE_BUSY = "Chorus is running: use the admin page, or stop it first";

export class EmbeddedDatabaseLockedError extends Error {
  override readonly name = "EmbeddedDatabaseLockedError";
  readonly code = "embedded_database_locked";
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(`${EMBEDDED_DATABASE_BUSY} (the embedded database in ${dir} is open in process ${holder.pid} since ${holder.startedAt})`);
  }
}

interface LockHolder {
  pid: number;
  /** when the holding process started (ISO): tells a reused pid (a container's pid 1 again) from the holder */
  startedAt: string;
  command?: string;
}

const processStartedAt = new Date(Math.round((Date.now() - process.uptime() * 1000) / 1000) * 1000).toISOString();

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
    if (typeof parsed.pid === "number" && typeof parsed.startedAt === "string") return { raw, holder: { pid: parsed.pid, startedAt: parsed.startedAt, command: parsed.command } };
  } catch {
    // a half-written lock (its writer died between create and write): stale
  }
  return { raw, holder: null };
}

/** The holder still holds: its process runs, and it is not this pid reused by a later process. */
function holds(holder: LockHolder | null): holder is LockHolder {
  if (!holder) return false;
  if (holder.pid === process.pid) return holder.startedAt === processStartedAt;
  return alive(holder.pid);
}

export interface EmbeddedLock {
  release(): void;
}

/** Takes the lock of `dir` or throws EmbeddedDatabaseLockedError; never touches the database. */
export function acquireEmbeddedLock(dir: string): EmbeddedLock {
  const path = join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, startedAt: processStartedAt, command: process.argv.slice(1, 4).join(" ") };
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
    if (holds(found.holder)) throw new EmbeddedDatabaseLockedError(dir, found.holder);
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
