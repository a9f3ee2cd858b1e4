import { isUuid } from '@assistants/common';
import { QdrantClient } from '@qdrant/js-client-rest';
import { createHash } from 'node:crypto';
import type { IndexedChunk, VectorIndex } from '@assistants/domain';

export interface QdrantOptions {
  url: string;
  apiKey?: string;
  /** Collections are named `<prefix>-<model>-<dimensions>`. */
  collectionPrefix?: string;
  /** HNSW graph: links per node (m) and build-time candidate list (efConstruct); ef is the search-time list. */
  hnsw?: { m?: number; efConstruct?: number; ef?: number };
  /** Points per upsert request. */
  batchSize?: number;
  timeoutMs?: number;
}

/** Qdrant wants UUIDs or integers as point ids: a chunk id that is a UUID is used as is, anything else is hashed into one. */
export function pointId(chunkId: string): string {
  if (isUuid(chunkId)) return chunkId.toLowerCase();
  const hex = createHash('sha1').update(chunkId).digest('hex');
  // Shaped as a version-5 UUID: the same chunk id always gives the same point.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** One collection per embedding model and size: vectors of different models are never compared. */
export function collectionName(prefix: string, model: string, dimensions: number): string {
  let slug =
    model
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'model';
  if (slug.length > 80) slug = `${slug.slice(0, 60)}-${createHash('sha1').update(model).digest('hex').slice(0, 8)}`;
  return `${prefix}-${slug}-${dimensions}`;
}

const isNotFound = (error: unknown) => (error as { status?: number })?.status === 404;

/**
 * Vectors in Qdrant: cosine distance, HNSW with the configured parameters, assistant and
 * document ids in the payload (keyword-indexed, so filtered search stays on the graph).
 */
export class QdrantVectorIndex implements VectorIndex {
  readonly engine = 'qdrant';
  private readonly client: QdrantClient;
  private readonly prefix: string;
  private readonly batchSize: number;
  private readonly created = new Map<string, Promise<void>>();

  constructor(private readonly options: QdrantOptions) {
    this.client = new QdrantClient({ url: options.url, apiKey: options.apiKey, timeout: options.timeoutMs ?? 30_000, checkCompatibility: false });
    this.prefix = options.collectionPrefix ?? 'chunks';
    this.batchSize = options.batchSize ?? 256;
  }

  /** Creates the collection for this model and size on first use; a failure is retried next time. */
  ensureCollection(model: string, dimensions: number): Promise<void> {
    const name = collectionName(this.prefix, model, dimensions);
    let ready = this.created.get(name);
    if (!ready) {
      ready = this.create(name, dimensions).catch((error) => {
        this.created.delete(name);
        throw error;
      });
      this.created.set(name, ready);
    }
    return ready;
  }

  private async create(name: string, dimensions: number): Promise<void> {
    const { exists } = await this.client.collectionExists(name);
    if (exists) return;
    const { m = 16, efConstruct = 100 } = this.options.hnsw ?? {};
    try {
      await this.client.createCollection(name, { vectors: { size: dimensions, distance: 'Cosine' }, hnsw_config: { m, ef_construct: efConstruct } });
    } catch (error) {
      // Another worker may have created it in the meantime; anything else is a real failure.
      if (!(await this.client.collectionExists(name)).exists) throw error;
    }
    for (const field of ['assistantId', 'documentId']) {
      await this.client.createPayloadIndex(name, { field_name: field, field_schema: 'keyword', wait: true });
    }
  }

  async upsert(chunks: IndexedChunk[], model: string): Promise<void> {
    if (chunks.length === 0) return;
    const dimensions = chunks[0].vector.length;
    await this.ensureCollection(model, dimensions);
    const name = collectionName(this.prefix, model, dimensions);
    for (let i = 0; i < chunks.length; i += this.batchSize) {
      const points = chunks.slice(i, i + this.batchSize).map((c) => ({
        id: pointId(c.chunkId),
        vector: c.vector,
        payload: { chunkId: c.chunkId, assistantId: c.assistantId, documentId: c.documentId },
      }));
      await this.client.upsert(name, { wait: true, points });
    }
  }

  /** From every collection of this prefix: a document may have been embedded by an earlier model too. */
  async deleteDocument(documentId: string): Promise<void> {
    const { collections } = await this.client.getCollections();
    for (const { name } of collections.filter((c) => c.name.startsWith(`${this.prefix}-`))) {
      await this.client.delete(name, { wait: true, filter: { must: [{ key: 'documentId', match: { value: documentId } }] } });
    }
  }

  /** From every collection of this prefix: the previous generation may have been embedded by another model. */
  async deleteChunks(chunkIds: string[]): Promise<void> {
    if (chunkIds.length === 0) return;
    const { collections } = await this.client.getCollections();
    for (const { name } of collections.filter((c) => c.name.startsWith(`${this.prefix}-`))) {
      await this.client.delete(name, { wait: true, points: chunkIds.map(pointId) });
    }
  }

  async search(assistantId: string, model: string, vector: number[], limit: number): Promise<{ chunkId: string; score: number }[]> {
    const name = collectionName(this.prefix, model, vector.length);
    try {
      const { points } = await this.client.query(name, {
        query: vector,
        limit,
        filter: { must: [{ key: 'assistantId', match: { value: assistantId } }] },
        with_payload: ['chunkId'],
        ...(this.options.hnsw?.ef && { params: { hnsw_ef: this.options.hnsw.ef } }),
      });
      return points.map((p) => ({ chunkId: String((p.payload as { chunkId?: string } | null)?.chunkId ?? p.id), score: p.score }));
    } catch (error) {
      // Nothing embedded with this model yet.
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  /** Points by id with their vectors (one request); a collection not created yet holds none. */
  async vectorsOf(model: string, dimensions: number, chunkIds: string[]): Promise<Map<string, number[]>> {
    if (chunkIds.length === 0) return new Map();
    const byPoint = new Map(chunkIds.map((id) => [pointId(id), id]));
    try {
      const points = await this.client.retrieve(collectionName(this.prefix, model, dimensions), {
        ids: [...byPoint.keys()],
        with_vector: true,
        with_payload: false,
      });
      return new Map(
        points.flatMap((p) => {
          const chunkId = byPoint.get(String(p.id));
          return chunkId && Array.isArray(p.vector) && typeof p.vector[0] === 'number' ? [[chunkId, p.vector as number[]]] : [];
        }),
      );
    } catch (error) {
      if (isNotFound(error)) return new Map();
      throw error;
    }
  }
}
