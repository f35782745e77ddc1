import { sql, type Kysely } from "kysely";

/**
 * API tokens may expire (new ones do after a year unless an admin chooses "never"); tokens issued
 * before this migration keep working: expires_at null means no expiry.
 *
 * Sign-in links get a stable id. The send-email job no longer carries the link itself (a job payload
 * sits in Redis and, when it fails, in job_failures): it carries this id, and the job mints the
 * token when it sends (app/modules/auth/mint-link.server.ts). token_hash stays the primary key, the
 * lookup of a presented link.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("api_tokens").addColumn("expires_at", "timestamptz").execute();
  await db.schema
    .alterTable("sign_in_tokens")
    .addColumn("id", "uuid", (c) =>
      c
        .notNull()
        .defaultTo(sql`gen_random_uuid()`)
        .unique(),
    )
    .execute();
  // "A new link ends the older ones" and "redeeming one ends the rest" look rows up by email.
  await db.schema.createIndex("sign_in_tokens_email_idx").on("sign_in_tokens").column("email").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("sign_in_tokens_email_idx").execute();
  await db.schema.alterTable("sign_in_tokens").dropColumn("id").execute();
  await db.schema.alterTable("api_tokens").dropColumn("expires_at").execute();
}
