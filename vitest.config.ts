import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Not vite.config.ts: the React Router plugin has no business in tests. `~/` imports resolve through
// tsconfig.json's `paths` (the one place they are declared); every project extends this root config.

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          // projects with different maxWorkers need their own group when run together
          sequence: { groupOrder: 0 },
          include: ["tests/unit/**/*.test.{ts,tsx}"],
          environment: "node",
        },
      },
      {
        extends: true,
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
      {
        extends: true,
        test: {
          // A representative subset again, with the app's DATABASE_URL behind PgBouncer in transaction
          // mode (a pool of 2 server connections per database): tenant isolation, the click drain, a
          // goal close, and what transaction pooling breaks (tests/pgbouncer/).
          name: "pgbouncer",
          sequence: { groupOrder: 2 },
          include: [
            "tests/pgbouncer/**/*.test.ts",
            "tests/integration/tenant-isolation.test.ts",
            "tests/integration/click-drain-recovery.test.ts",
            "tests/integration/goal-periods.test.ts",
          ],
          environment: "node",
          globalSetup: ["tests/support/global-setup.ts", "tests/support/pgbouncer-setup.ts"],
          setupFiles: ["tests/support/integration-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 240_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
