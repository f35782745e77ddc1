import { startApp } from "./start-server.ts";

await startApp({ dev: process.argv.includes("--dev") });
