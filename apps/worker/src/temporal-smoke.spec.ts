// Runs a real workflow end to end against Temporal's Java test server
// (scripts/temporal-test-server.mjs): native worker, bundled workflow code,
// activity retries, memo and search attributes, then a replay of the history.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import * as activities from './smoke/activities';
import { smokeStage, smokeWorkflow } from './smoke/workflows';

type TestServer = { address: string; stop(): Promise<void> };

// swc compiles import() to require() in CommonJS output, which cannot load .mjs;
// a Function-built import() survives and jest (--experimental-vm-modules) resolves it.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;

const workflowsPath = require.resolve('./smoke/workflows');
const timings: Record<string, number> = {};
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    timings[label] = Math.round(performance.now() - start);
  }
}

describe('Temporal smoke test (Java test server)', () => {
  let server: TestServer;
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let client: Client;

  beforeAll(async () => {
    // The failing first activity attempt is intended; keep the output to real errors.
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    });
    const { startTemporalTestServer } = await importEsm(
      path.resolve(__dirname, '../../../scripts/temporal-test-server.mjs'),
    );
    server = await timed('server start', () => startTemporalTestServer());
    connection = await Connection.connect({ address: server.address });
    nativeConnection = await NativeConnection.connect({ address: server.address });
    client = new Client({ connection, namespace: 'default' });
  }, 120_000); // the first run may download the server's jars from Maven Central

  afterAll(async () => {
    await nativeConnection?.close();
    await connection?.close();
    await server?.stop();
    console.log(`temporal smoke timings (ms): ${JSON.stringify(timings)}`);
  });

  it('runs a workflow with a retried activity and replays its history', async () => {
    const taskQueue = `smoke-${randomUUID()}`;
    const worker = await timed('worker create (bundling)', () =>
      Worker.create({ connection: nativeConnection, namespace: 'default', taskQueue, workflowsPath, activities }),
    );
    const requestId = 'request-42';
    const workflowId = `smoke-greet-${requestId}-${Date.now()}`;

    const handle = await timed('workflow run', () =>
      worker.runUntil(async () => {
        const h = await client.workflow.start(smokeWorkflow, {
          taskQueue,
          workflowId,
          args: ['Ada'],
          memo: { requestId },
          typedSearchAttributes: [{ key: smokeStage, value: 'started' }],
        });
        expect(await h.result()).toBe('Hello, Ada! (attempt 2)');
        return h;
      }),
    );

    const description = await handle.describe();
    expect(description.workflowId).toBe(workflowId);
    expect(description.memo).toEqual({ requestId, greeting: 'Hello, Ada! (attempt 2)' });
    expect(description.typedSearchAttributes.get(smokeStage)).toBe('greeted');

    const history = await handle.fetchHistory();
    expect(history.events?.length).toBeGreaterThan(0);
    await timed('replay', () => Worker.runReplayHistory({ workflowsPath }, history, workflowId));
  });

  it('rejects search attributes that were never registered', async () => {
    const unknown = defineSearchAttributeKey('AssistantId', SearchAttributeType.KEYWORD);
    await expect(
      client.workflow.start(smokeWorkflow, {
        taskQueue: 'unused',
        workflowId: `smoke-unregistered-${Date.now()}`,
        args: ['nobody'],
        typedSearchAttributes: [{ key: unknown, value: 'a-1' }],
      }),
    ).rejects.toMatchObject({ cause: { message: expect.stringContaining('AssistantId is not defined') } });
  });
});
