import { drainClicks } from "~/app/modules/tracking/drain-clicks.server.ts";
import { drainClicksContract } from "~/jobs/contracts/drain-clicks.ts";
import { defineHandler } from "~/jobs/define.ts";

/**
 * Moves handed-off clicks (Redis stream and click_inbox) into click_events. Scheduled every 2 s by
 * jobs/schedules.ts; ticks may overlap or repeat: every insert is idempotent on the event key.
 */
export const drainClicksJob = defineHandler(drainClicksContract, async (_payload, { log }) => {
  // the worker's drain timer may be at it already: this tick is then not needed
  const result = await drainClicks({ ifIdle: true });
  if (result.read > 0) log.debug(result, "clicks drained");
});
