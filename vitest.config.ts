import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// Not vite.config.ts: the React Router plugin has no business in tests. The `~` alias is repeated here.
const alias = { "~": fileURLToPath(new URL("./app", import.meta.url)) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          // projects with different maxWorkers need their own group when run together
          sequence: { groupOrder: 0 },
          include: ["tests/unit/**/*.test.{ts,tsx}"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          // One migrated template database per run; every test file clones its own from it.
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/integration-setup.ts"],
          testTimeout: 30_000,
          // generous: opening PGlite (WASM) and migrating it takes 10–30 s on a busy 2-core machine
          hookTimeout: 240_000,
          // Files run in parallel, each in its own database; the machine has 2 cores.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
