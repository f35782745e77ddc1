import pino from "pino";

/** Structured JSON logs; LOG_LEVEL from the environment (validated in env.server.ts). */
export const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: { service: "chorus" } });
