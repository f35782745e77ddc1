// Build step after `react-router build` (the "build" npm script): writes `<file>.br` (brotli, quality 11)
// and `<file>.gz` (gzip, level 9) next to every compressible file in build/client, each only when it
// is smaller than the file itself. server.ts serves them by the request's Accept-Encoding.
//   npx tsx scripts/precompress.ts [dir]   (default build/client)
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { MIN_COMPRESS_BYTES, PRECOMPRESSED_EXTENSIONS } from "~/app/lib/compression.server.ts";

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

export function precompress(dir: string): { files: number; bytes: number; br: number; gzip: number } {
  const totals = { files: 0, bytes: 0, br: 0, gzip: 0 };
  for (const file of [...files(dir)]) {
    if (!PRECOMPRESSED_EXTENSIONS.has(extname(file))) continue;
    // a variant left from an earlier run must not outlive a file that no longer compresses
    rmSync(`${file}.br`, { force: true });
    rmSync(`${file}.gz`, { force: true });
    if (statSync(file).size < MIN_COMPRESS_BYTES) continue;
    const bytes = readFileSync(file);
    const br = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
    const gz = gzipSync(bytes, { level: 9 });
    totals.files++;
    totals.bytes += bytes.length;
    if (br.length < bytes.length) {
      writeFileSync(`${file}.br`, br);
      totals.br += br.length;
    } else totals.br += bytes.length;
    if (gz.length < bytes.length) {
      writeFileSync(`${file}.gz`, gz);
      totals.gzip += gz.length;
    } else totals.gzip += bytes.length;
  }
  return totals;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? "build/client";
  const started = Date.now();
  const t = precompress(dir);
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(
    `precompressed ${t.files} files in ${dir} (${kib(t.bytes)}): brotli ${kib(t.br)}, gzip ${kib(t.gzip)}, ${Date.now() - started} ms`,
  );
}
