import { z } from "zod";
import { CliError, parseFlags, type CommandResult } from "~/cli/args.ts";

export async function jobRun(argv: string[]): Promise<CommandResult> {
  const flags = parseFlags(
    argv,
    { payload: { type: "string" }, json: { type: "boolean" } },
    z.object({ job: z.string().min(1), payload: z.string().optional(), json: z.boolean().optional() }),
    { positionals: ["job"] },
  );
  // pino writes to stdout, which must hold nothing but the JSON result under --json. An explicit
  // LOG_LEVEL still wins (the operator then asked for both).
  if (flags.json && !process.env.LOG_LEVEL) process.env.LOG_LEVEL = "silent";
  // Loaded on demand: the queue pulls in BullMQ and the job contracts (the handler only when the job
  // runs, jobs/handlers.ts), which the tenant and token commands do not need.
  const { jobs, findJob } = await import("~/jobs/registry.ts");
  const { runJobNow, closeQueue } = await import("~/jobs/queue.ts");
  const { InvalidJobPayloadError } = await import("~/jobs/define.ts");

  if (!findJob(flags.job))
    throw new CliError(
      `unknown job "${flags.job}"; known jobs: ${jobs.map((j) => j.name).join(", ")}`,
      "unknown_job",
    );
  let payload: unknown = {};
  if (flags.payload !== undefined) {
    try {
      payload = JSON.parse(flags.payload);
    } catch (error) {
      throw new CliError(`invalid --payload: not JSON (${(error as Error).message})`, "invalid_input");
    }
  }
  const started = Date.now();
  try {
    await runJobNow(flags.job, payload);
  } catch (error) {
    if (error instanceof InvalidJobPayloadError) throw new CliError(error.message, "invalid_input");
    throw error;
  } finally {
    // Jobs the handler enqueued run in this process when REDIS_URL is unset; let them finish.
    await closeQueue({ timeoutMs: 30_000 });
  }
  const ms = Date.now() - started;
  return {
    json: { job: { name: flags.job, status: "completed", durationMs: ms } },
    text: `Job ${flags.job} completed in ${ms} ms.`,
  };
}

/** `job failures [--json] [--limit N]`: every recorded failure, all tenants, newest first. */
export async function jobFailures(argv: string[]): Promise<CommandResult> {
  const flags = parseFlags(
    argv,
    { limit: { type: "string" }, json: { type: "boolean" } },
    z.object({ limit: z.coerce.number().int().min(1).max(10_000).optional(), json: z.boolean().optional() }),
  );
  const { asOwner, database } = await import("~/db/client.ts");
  const { listAllJobFailures } = await import("~/app/modules/jobs-admin/job-failures.server.ts");
  // As the owner: row level security shows the app role no failure without its tenant.
  const failures = await asOwner(await database(), (owner) => listAllJobFailures(owner, flags.limit ?? 100));
  const rows = failures.map((f) => ({
    ...f,
    payload: JSON.parse(f.payload) as unknown,
    failedAt: f.failedAt.toISOString(),
  }));
  const text =
    rows.length === 0
      ? "No failed jobs."
      : [
          "FAILED AT                 JOB                       TENANT                                ATTEMPTS  ERROR",
          ...rows.map(
            (f) =>
              `${f.failedAt.padEnd(24)}  ${f.jobName.padEnd(24)}  ${(f.tenantId ?? "-").padEnd(36)}  ${String(f.attempts).padEnd(8)}  ${f.error.replace(/\s+/g, " ").slice(0, 120)}`,
          ),
        ].join("\n");
  return { json: { failures: rows }, text };
}
