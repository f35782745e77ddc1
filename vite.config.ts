import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  // `~/` imports resolve through tsconfig.json's `paths`, declared there once for tsc, tsx, vite and vitest
  plugins: [reactRouter(), tsconfigPaths()],
  ssr: {
    // server-only packages stay external: they are installed at runtime
    external: ["@electric-sql/pglite", "pg", "bullmq", "ioredis", "pino", "prom-client"],
  },
});
