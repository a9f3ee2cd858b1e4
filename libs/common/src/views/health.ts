import type { ViewKeys } from './keys';

/** GET /api/health; a database that does not answer gives a 503 problem instead. */
export interface HealthView {
  status: 'ok';
  database: { status: 'up'; kind: 'postgres' | 'pglite'; latencyMs: number };
  uptimeSeconds: number;
}

export const HEALTH_VIEW_KEYS: ViewKeys<HealthView> = { status: 'required', database: 'required', uptimeSeconds: 'required' };
