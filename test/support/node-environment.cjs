// jest's node environment, with Node's own Float32Array. onnxruntime-node (the local embedding
// model) hands back output tensors made in Node's realm, and onnxruntime-common checks them with
// `instanceof` against the test realm's constructor, which rejects them. Only Float32Array, the
// model's output type, is shared, to change as little as possible for other tests.
const { TestEnvironment } = require('jest-environment-node');

class NodeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.Float32Array = Float32Array;
  }
}

module.exports = NodeEnvironment;
