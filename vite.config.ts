import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

export default defineConfig({
  plugins: [reactRouter()],
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  ssr: {
    // server-only packages stay external: they are installed at runtime
    external: ["@electric-sql/pglite", "pg", "bullmq", "ioredis", "pino", "prom-client"],
  },
});
