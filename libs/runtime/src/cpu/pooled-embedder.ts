import type { Embedder } from '@assistants/domain';
import type { CpuRunner } from './cpu-pool';

/** The offline hashing embedder, computed in the CPU pool: ingest embeds thousands of chunks. */
export class PooledHashingEmbedder implements Embedder {
  readonly model: string;

  constructor(
    private readonly cpu: CpuRunner,
    readonly dimensions: number,
    model: string,
  ) {
    this.model = model;
  }

  embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    return this.cpu.run('hashEmbed', { texts, dimensions: this.dimensions }, { signal });
  }
}
