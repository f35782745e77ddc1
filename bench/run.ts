/**
 * `npm run bench` runs every benchmark; `npm run bench -- redirect` runs the named ones.
 * Each writes its figures under its own key in bench/results.json (other keys are kept) and its
 * own "## <name>" section in bench/RESULTS.md (other sections are kept).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

interface Outcome {
  json: unknown;
  markdown: string;
}

/** Add a benchmark here: a name and a function returning its figures and its section. */
const BENCHMARKS: Record<string, () => Promise<Outcome>> = {
  redirect: async () => (await import("~/bench/redirect.ts")).runRedirectBenchmark(),
  reach: async () => (await import("~/bench/reach.ts")).runReachBenchmark(),
  retention: async () => (await import("~/bench/retention.ts")).runRetentionBenchmark(),
  lighthouse: async () => (await import("~/bench/lighthouse.ts")).runLighthouseBenchmark(),
  tenants: async () => (await import("~/bench/tenants.ts")).runTenantsBenchmark(),
};

const RESULTS_JSON = "bench/results.json";
const RESULTS_MD = "bench/RESULTS.md";
const MD_TITLE =
  "# Benchmarks\n\nWritten by `npm run bench`; one section per benchmark, replaced when it runs again.\n";

function readJson(): Record<string, unknown> {
  if (!existsSync(RESULTS_JSON)) return {};
  return JSON.parse(readFileSync(RESULTS_JSON, "utf8")) as Record<string, unknown>;
}

/** Replaces the "## name" section (up to the next "## ") or appends it. */
function mergeSection(document: string, name: string, section: string): string {
  const lines = document.split("\n");
  const start = lines.findIndex((l) => l.trim() === `## ${name}`);
  if (start < 0) return `${document.trimEnd()}\n\n${section.trimEnd()}\n`;
  let end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  if (end < 0) end = lines.length;
  return (
    [...lines.slice(0, start), ...section.trimEnd().split("\n"), "", ...lines.slice(end)]
      .join("\n")
      .trimEnd() + "\n"
  );
}

const requested = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = requested.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(", ")}. Known: ${Object.keys(BENCHMARKS).join(", ")}`);
  process.exit(2);
}

for (const name of requested.length > 0 ? requested : Object.keys(BENCHMARKS)) {
  console.log(`\n▶ ${name}`);
  const outcome = await BENCHMARKS[name]!();
  writeFileSync(RESULTS_JSON, JSON.stringify({ ...readJson(), [name]: outcome.json }, null, 2) + "\n");
  const document = existsSync(RESULTS_MD) ? readFileSync(RESULTS_MD, "utf8") : MD_TITLE;
  writeFileSync(RESULTS_MD, mergeSection(document, name, outcome.markdown));
  console.log(JSON.stringify({ [name]: outcome.json }, null, 2));
}
// pools and sockets of the benchmark's own modules must not keep the process alive
process.exit(0);
