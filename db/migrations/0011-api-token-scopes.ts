import { sql, type Kysely } from "kysely";

/**
 * API token scopes. Until now every token could call every endpoint, so a token made for a CMS
 * (posting drafts) could also read every employee's released credit statements. "content" covers
 * posts and suggestions, "credit" the credit statements. Existing tokens were made for content
 * integrations (there was nothing else to choose): they get "content" only, by the default.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("api_tokens")
    .addColumn("scopes", sql`text[]`, (c) =>
      c
        .notNull()
        .defaultTo(sql`'{content}'`)
        // at least one scope, each a known one: a token that may do nothing is a mistake, not a state
        .check(sql`cardinality(scopes) > 0 and scopes <@ array['content', 'credit']::text[]`),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("api_tokens").dropColumn("scopes").execute();
}
