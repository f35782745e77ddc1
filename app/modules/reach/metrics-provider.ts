import type { Tx } from "~/db/client.ts";
import type { Network } from "~/db/schema.ts";

/*
 * What a metrics provider is (provider-metrics.server.ts runs them; linkedin-metrics.server.ts is one):
 * its own file, so a provider and the module that lists the providers do not import each other.
 */

/** What the providers need to know about a share. */
export interface MetricsShare {
  id: string;
  tenantId: string;
  membershipId: string;
  network: Network;
  /** the network's id for the post (LinkedIn: urn:li:share:… or urn:li:ugcPost:…) */
  externalId: string;
  createdAt: Date;
}

export interface ProviderFigures {
  impressions: number;
  reactions: number;
  comments?: number | undefined;
  reshares?: number | undefined;
}

export interface MetricsProvider {
  network: Network;
  /** stored in share_metrics.provider */
  name: string;
  /** whether the tenant turned this provider on (and the server can use it) */
  enabled(tx: Tx, tenantId: string): Promise<boolean>;
  /** the share's figures now; null when the network has none (yet) */
  fetch(tx: Tx, share: MetricsShare, now: Date): Promise<ProviderFigures | null>;
}

/**
 * Thrown by a provider when the member's grant cannot be used (expired, revoked, missing scope):
 * asking again for the member's other shares cannot help, so they are skipped this run.
 */
export class ProviderAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderAuthError";
  }
}
