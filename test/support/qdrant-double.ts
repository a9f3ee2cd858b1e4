import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the few Qdrant REST calls QdrantVectorIndex makes (no Qdrant package exists
 * for this machine): collections list/exists/get/create, payload index, points upsert and retrieve by id,
 * query/search with a payload filter, delete by filter. Cosine similarity is computed for
 * real, so rankings are what Qdrant's exact search would give. Every request is recorded.
 */
interface Point {
  id: string | number;
  vector: number[];
  payload: Record<string, unknown>;
}

interface Collection {
  size: number;
  distance: string;
  hnsw: Record<string, unknown>;
  indexes: string[];
  points: Map<string, Point>;
}

type Condition = { key: string; match: { value: unknown } };
type Filter = { must?: Condition[]; must_not?: Condition[] };

export interface QdrantDouble {
  url: string;
  collections: Map<string, Collection>;
  requests: { method: string; path: string; body: unknown }[];
  /** Makes every request wait this long first (to test the retriever's leg deadline). */
  delayMs: number;
  close(): Promise<void>;
}

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
};

const matches = (point: Point, filter?: Filter) =>
  (filter?.must ?? []).every((c) => point.payload[c.key] === c.match.value) && !(filter?.must_not ?? []).some((c) => point.payload[c.key] === c.match.value);

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export async function startQdrantDouble(): Promise<QdrantDouble> {
  const collections = new Map<string, Collection>();
  const requests: QdrantDouble['requests'] = [];
  const state = { delayMs: 0 };

  const send = (res: ServerResponse, status: number, result: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(status < 400 ? { result, status: 'ok', time: 0 } : { status: { error: result }, time: 0 }));
  };

  function handle(method: string, path: string, body: any, res: ServerResponse) {
    if (method === 'GET' && path === '/collections') return send(res, 200, { collections: [...collections.keys()].map((name) => ({ name })) });
    const m = /^\/collections\/([^/]+)(\/.*)?$/.exec(path);
    if (!m) return send(res, 404, `no route ${method} ${path}`);
    const name = decodeURIComponent(m[1]);
    const rest = m[2] ?? '';
    const collection = collections.get(name);
    if (method === 'GET' && rest === '/exists') return send(res, 200, { exists: !!collection });
    if (method === 'PUT' && rest === '') {
      if (collection) return send(res, 400, `Wrong input: Collection \`${name}\` already exists!`);
      if (body?.vectors?.distance !== 'Cosine' || !Number.isInteger(body?.vectors?.size)) return send(res, 422, 'expected vectors { size, distance: Cosine }');
      collections.set(name, { size: body.vectors.size, distance: body.vectors.distance, hnsw: body.hnsw_config ?? {}, indexes: [], points: new Map() });
      return send(res, 200, true);
    }
    if (!collection) return send(res, 404, `Not found: Collection \`${name}\` doesn't exist!`);
    if (method === 'GET' && rest === '') {
      return send(res, 200, {
        status: 'green',
        points_count: collection.points.size,
        config: { params: { vectors: { size: collection.size, distance: collection.distance } }, hnsw_config: collection.hnsw },
      });
    }
    if (method === 'PUT' && rest === '/index') {
      collection.indexes.push(body.field_name);
      return send(res, 200, { operation_id: 0, status: 'completed' });
    }
    if (method === 'PUT' && rest === '/points') {
      for (const point of body.points as Point[]) {
        if (point.vector.length !== collection.size)
          return send(res, 400, `Wrong input: Vector dimension error: expected dim: ${collection.size}, got ${point.vector.length}`);
      }
      for (const point of body.points as Point[]) collection.points.set(String(point.id), { ...point, payload: point.payload ?? {} });
      return send(res, 200, { operation_id: 1, status: 'completed' });
    }
    if (method === 'POST' && (rest === '/points/query' || rest === '/points/search')) {
      const vector: number[] = rest === '/points/query' ? body.query : body.vector;
      if (vector.length !== collection.size) return send(res, 400, 'Wrong input: Vector dimension error');
      const scored = [...collection.points.values()]
        .filter((p) => matches(p, body.filter))
        .map((p) => ({ id: p.id, version: 1, score: cosine(vector, p.vector), payload: body.with_payload ? p.payload : null }))
        .sort((a, b) => b.score - a.score)
        .slice(0, body.limit ?? 10);
      return send(res, 200, rest === '/points/query' ? { points: scored } : scored);
    }
    if (method === 'POST' && rest === '/points') {
      // Retrieve by ids: points that exist, vectors and payload only when asked for.
      const found = (body.ids as (string | number)[]).flatMap((id) => {
        const point = collection.points.get(String(id));
        return point ? [{ id: point.id, payload: body.with_payload ? point.payload : null, vector: body.with_vector ? point.vector : null }] : [];
      });
      return send(res, 200, found);
    }
    if (method === 'POST' && rest === '/points/delete') {
      // By ids (`points`) or by a payload filter, the two selectors Qdrant's delete takes.
      if (Array.isArray(body.points)) for (const id of body.points) collection.points.delete(String(id));
      else for (const [id, point] of collection.points) if (matches(point, body.filter)) collection.points.delete(id);
      return send(res, 200, { operation_id: 2, status: 'completed' });
    }
    return send(res, 404, `no route ${method} ${path}`);
  }

  const server: Server = createServer(async (req, res) => {
    try {
      const body = await readJson(req);
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      requests.push({ method: req.method ?? 'GET', path, body });
      if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
      handle(req.method ?? 'GET', path, body, res);
    } catch (error) {
      send(res, 400, (error as Error).message);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    collections,
    requests,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(value: number) {
      state.delayMs = value;
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
