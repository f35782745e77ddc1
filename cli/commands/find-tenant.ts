import type { DB } from "~/db/client.ts";
import { CliError } from "~/cli/args.ts";

/** The tenant of a `--tenant <slug>` flag, or exit 2 with a pointer to `tenant list`. */
export async function findTenant(
  db: DB,
  slug: string,
): Promise<{ id: string; slug: string; name: string; time_zone: string }> {
  const tenant = await db
    .selectFrom("tenants")
    .select(["id", "slug", "name", "time_zone"])
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (!tenant)
    throw new CliError(`unknown tenant "${slug}" (see: npm run chorus -- tenant list)`, "unknown_tenant");
  return tenant;
}
