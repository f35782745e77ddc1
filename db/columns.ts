import type { ColumnType } from "kysely";

/*
 * The column types and value lists every table file shares. Their own file, imported by db/schema.ts
 * and db/tables/*.ts alike, so the table files need not import db/schema.ts, which joins them (no cycle).
 * db/schema.ts re-exports them: app code keeps importing table types from there.
 */

/** Timestamps are written as Date and read back as Date (pg and PGlite both parse timestamptz). */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export const LOCALES = ["de", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export const NETWORKS = ["linkedin", "x", "facebook", "xing", "bluesky", "mastodon", "threads"] as const;
export type Network = (typeof NETWORKS)[number];
