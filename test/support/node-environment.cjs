// jest's node environment, with Node's own Float32Array, and on the embedded test server a
// database of the test file's own.
//
// Float32Array: onnxruntime-node (the local embedding model) hands back output tensors made in
// Node's realm, and onnxruntime-common checks them with `instanceof` against the test realm's
// constructor, which rejects them. Only Float32Array, the model's output type, is shared, to
// change as little as possible for other tests.
const { TestEnvironment } = require('jest-environment-node');
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');

async function admin(statement) {
  const client = new Client({ connectionString: process.env.ASSISTANTS_TEST_SERVER_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

class NodeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.Float32Array = Float32Array;
  }

  /**
   * A copy of the migrated template (global-setup) per test file: files never see each other's
   * rows, and a copy costs tens of milliseconds (FILE_COPY: the template's files, not its WAL).
   */
  async setup() {
    await super.setup();
    const template = process.env.ASSISTANTS_TEST_TEMPLATE;
    if (!template) return;
    this.database = `assistants_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
    await admin(`CREATE DATABASE "${this.database}" TEMPLATE "${template}" STRATEGY FILE_COPY`);
    const url = new URL(process.env.ASSISTANTS_TEST_SERVER_URL);
    url.pathname = `/${this.database}`;
    this.global.process.env.ASSISTANTS_TEST_DB_URL = url.toString();
  }

  async teardown() {
    if (this.database) await admin(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`).catch(() => undefined);
    await super.teardown();
  }
}

module.exports = NodeEnvironment;
