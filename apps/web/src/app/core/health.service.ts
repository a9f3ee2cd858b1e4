import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';

export interface Health {
  status: string;
  database: { status: string; kind: 'postgres' | 'pglite'; latencyMs: number };
  uptimeSeconds: number;
}

@Injectable({ providedIn: 'root' })
export class HealthService {
  private readonly http = inject(HttpClient);

  check() {
    return this.http.get<Health>('/api/health');
  }
}
