import type { ViewKeys } from './keys';

/** GET /api/health; a database that does not answer gives a 503 problem instead. */
export interface HealthView {
  status: 'ok';
  /** `embedded-postgres`: the PostgreSQL server the product started itself (no DATABASE_URL); `postgres`: the one DATABASE_URL names. */
  database: { status: 'up'; kind: 'postgres' | 'embedded-postgres'; latencyMs: number };
  uptimeSeconds: number;
}

export const HEALTH_VIEW_KEYS: ViewKeys<HealthView> = { status: 'required', database: 'required', uptimeSeconds: 'required' };
