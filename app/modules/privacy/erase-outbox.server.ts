import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { parseEnv } from "~/app/lib/env.server.ts";
import { mentions, type ErasureTerms } from "~/app/modules/privacy/erase-text.ts";

/**
 * Deletes the development outbox's mails (emails/send.ts writes one JSON file per mail to MAIL_DIR
 * when no Resend key is set) that mention the person; returns how many. Mails sent through Resend
 * are beyond Chorus's reach (they are in the recipient's mailbox and Resend's log).
 */
export async function eraseFromOutbox(terms: ErasureTerms): Promise<number> {
  const dir = parseEnv(process.env).MAIL_DIR;
  const files = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [] as string[];
    throw err;
  });
  let removed = 0;
  for (const file of files.filter((f) => f.endsWith(".json"))) {
    const path = join(dir, file);
    const text = await readFile(path, "utf8").catch(() => "");
    // JSON.stringify escapes neither "@" nor letters beyond ASCII: the raw text shows the person as written
    if (mentions(text, terms)) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}
