import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { drainInProcessJobs } from "~/jobs/queue.ts";
import { logger } from "~/runtime/logger.server.ts";

/**
 * In-process jobs and the file outbox for this test file — what a trial install without Redis or
 * Resend does: MAIL_DIR is a temporary directory of the file's own, RESEND_API_KEY and REDIS_URL are
 * unset, the logger is silent (unless `quiet: false`); after the file the queued jobs are drained and
 * the directory removed. Call it at the top level, before the file's own beforeAll (hooks run in
 * order, so the file's database and jobs see these settings).
 *
 *   const outbox = useFileOutbox("goals");
 *   // outbox.dir: the directory the mails land in (emails/send.ts listOutbox reads MAIL_DIR)
 */
export function useFileOutbox(name: string, { quiet = true }: { quiet?: boolean } = {}): { dir: string } {
  const outbox = { dir: "" };
  beforeAll(async () => {
    outbox.dir = await mkdtemp(join(tmpdir(), `chorus-${name}-mail-`));
    process.env.MAIL_DIR = outbox.dir;
    delete process.env.RESEND_API_KEY;
    delete process.env.REDIS_URL;
    if (quiet) logger.level = "silent";
  });
  afterAll(async () => {
    await drainInProcessJobs();
    await rm(outbox.dir, { recursive: true, force: true });
  });
  return outbox;
}
