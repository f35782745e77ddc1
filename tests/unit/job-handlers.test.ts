import { describe, expect, it } from "vitest";
import { loadJobHandler } from "~/jobs/handlers.ts";
import { jobs } from "~/jobs/registry.ts";

// Handlers load lazily by name (jobs/handlers.ts), so a broken one would only show when its job runs:
// every registered job must load one, bound to its own contract.
describe("job handlers", () => {
  it.each(jobs.map((job) => [job.name, job] as const))(
    "%s loads a handler bound to its contract",
    async (name, contract) => {
      const job = await loadJobHandler(name);
      expect(job).toBeDefined();
      expect(job!.name).toBe(name);
      expect(job!.payload).toBe(contract.payload);
      expect(job!.attempts).toBe(contract.attempts);
      expect(job!.backoffMs).toBe(contract.backoffMs);
      expect(typeof job!.handler).toBe("function");
    },
  );

  it("has none for a name no job has", async () => {
    expect(await loadJobHandler("no-such-job")).toBeUndefined();
    expect(await loadJobHandler("toString")).toBeUndefined();
  });
});
