// Client JavaScript per page, from the React Router build's manifest: what a browser loads for one
// route (entry, root, the route's ancestors and the route, with every chunk they import, each once).
// Run after `npm run build`: `npm run bundle:report [-- --json]`. Figures are bytes, raw and gzip.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

interface RouteEntry {
  id: string;
  parentId?: string;
  path?: string;
  module: string;
  imports?: string[];
}
interface Manifest {
  entry: { module: string; imports: string[] };
  routes: Record<string, RouteEntry>;
}

const client = "build/client";
const manifestFile = readdirSync(join(client, "assets")).find((f) => /^manifest-.*\.js$/.test(f));
if (!manifestFile) throw new Error("no build/client/assets/manifest-*.js: run `npm run build` first");
const source = readFileSync(join(client, "assets", manifestFile), "utf8");
const manifest = JSON.parse(source.slice(source.indexOf("=") + 1).replace(/;\s*$/, "")) as Manifest;

const sizes = new Map<string, { raw: number; gzip: number }>();
function size(asset: string) {
  let known = sizes.get(asset);
  if (!known) {
    const bytes = readFileSync(join(client, asset));
    known = { raw: bytes.length, gzip: gzipSync(bytes).length };
    sizes.set(asset, known);
  }
  return known;
}

function chain(route: RouteEntry): RouteEntry[] {
  const parent = route.parentId ? manifest.routes[route.parentId] : undefined;
  return parent ? [...chain(parent), route] : [route];
}

const rows = Object.values(manifest.routes)
  .filter((route) => route.id !== "root")
  .map((route) => {
    const assets = new Set<string>([manifest.entry.module, ...manifest.entry.imports]);
    for (const r of chain(route)) [r.module, ...(r.imports ?? [])].forEach((a) => assets.add(a));
    let raw = 0;
    let gzip = 0;
    for (const asset of assets) {
      const s = size(asset);
      raw += s.raw;
      gzip += s.gzip;
    }
    return { route: route.id.replace(/^routes\//, ""), raw, gzip };
  })
  .sort((a, b) => b.gzip - a.gzip);

if (process.argv.includes("--json")) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const kb = (n: number) => (n / 1024).toFixed(1).padStart(7);
  console.log("route".padEnd(40) + "raw KiB".padStart(8) + "gzip KiB".padStart(9));
  for (const r of rows) console.log(r.route.padEnd(40) + kb(r.raw) + " " + kb(r.gzip));
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  console.log(
    `median over ${rows.length} routes: raw ${kb(median(rows.map((r) => r.raw)))} KiB, gzip ${kb(median(rows.map((r) => r.gzip)))} KiB`,
  );
}
