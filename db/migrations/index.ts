import type { Migration } from "kysely";
import * as m0001 from "~/db/migrations/0001-foundation.ts";
import * as m0002 from "~/db/migrations/0002-content.ts";
import * as m0003 from "~/db/migrations/0003-sharing.ts";
import * as m0004 from "~/db/migrations/0004-advocacy.ts";
import * as m0005 from "~/db/migrations/0005-profiles.ts";
import * as m0006 from "~/db/migrations/0006-escalations.ts";
import * as m0007 from "~/db/migrations/0007-click-pipeline.ts";
import * as m0008 from "~/db/migrations/0008-reach.ts";
import * as m0009 from "~/db/migrations/0009-billing.ts";
import * as m0010 from "~/db/migrations/0010-recognition.ts";
import * as m0011 from "~/db/migrations/0011-api-token-scopes.ts";
import * as m0012 from "~/db/migrations/0012-api-token-expiry.ts";
import * as m0013 from "~/db/migrations/0013-job-failures-rls.ts";
import * as m0014 from "~/db/migrations/0014-post-images.ts";
import * as m0015 from "~/db/migrations/0015-global-table-reads.ts";
import * as m0016 from "~/db/migrations/0016-share-integrity.ts";
import * as m0017 from "~/db/migrations/0017-click-credit.ts";
import * as m0018 from "~/db/migrations/0018-honest-periods.ts";
import * as m0019 from "~/db/migrations/0019-figure-runs.ts";
import * as m0020 from "~/db/migrations/0020-privacy.ts";
import * as m0021 from "~/db/migrations/0021-data-exports.ts";
import * as m0022 from "~/db/migrations/0022-erasure.ts";
import * as m0023 from "~/db/migrations/0023-retention-runs.ts";
import * as m0024 from "~/db/migrations/0024-erasure-texts.ts";
import * as m0025 from "~/db/migrations/0025-visit-baseline.ts";
import * as m0026 from "~/db/migrations/0026-tenant-keys.ts";
import * as m0027 from "~/db/migrations/0027-click-partitions.ts";
import * as m0028 from "~/db/migrations/0028-reach-periods.ts";
import * as m0029 from "~/db/migrations/0029-sso-scim.ts";
import * as m0030 from "~/db/migrations/0030-period-sharers-timeline.ts";
import * as m0031 from "~/db/migrations/0031-owner-reads-memberships.ts";
import * as m0032 from "~/db/migrations/0032-chat-integrations.ts";
import * as m0033 from "~/db/migrations/0033-reach-daily-unchecked-tenant.ts";
import * as m0034 from "~/db/migrations/0034-app-keeps-tenants.ts";

/** Numbered migrations, in order. Static imports so the bundled server carries them. */
export const migrations: Record<string, Migration> = {
  "0001-foundation": m0001,
  "0002-content": m0002,
  "0003-sharing": m0003,
  "0004-advocacy": m0004,
  "0005-profiles": m0005,
  "0006-escalations": m0006,
  "0007-click-pipeline": m0007,
  "0008-reach": m0008,
  "0009-billing": m0009,
  "0010-recognition": m0010,
  "0011-api-token-scopes": m0011,
  "0012-api-token-expiry": m0012,
  "0013-job-failures-rls": m0013,
  "0014-post-images": m0014,
  "0015-global-table-reads": m0015,
  "0016-share-integrity": m0016,
  "0017-click-credit": m0017,
  "0018-honest-periods": m0018,
  "0019-figure-runs": m0019,
  "0020-privacy": m0020,
  "0021-data-exports": m0021,
  "0022-erasure": m0022,
  "0023-retention-runs": m0023,
  "0024-erasure-texts": m0024,
  "0025-visit-baseline": m0025,
  "0026-tenant-keys": m0026,
  "0027-click-partitions": m0027,
  "0028-reach-periods": m0028,
  "0029-sso-scim": m0029,
  "0030-period-sharers-timeline": m0030,
  "0031-owner-reads-memberships": m0031,
  "0032-chat-integrations": m0032,
  "0033-reach-daily-unchecked-tenant": m0033,
  "0034-app-keeps-tenants": m0034,
};
