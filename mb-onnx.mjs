// batch-size effect on one thread
import { readFileSync } from 'node:fs';
const ort = await import('onnxruntime-node');
const { Tokenizer } = await import('@huggingface/tokenizers');
const dir = '.cache/models/all-minilm-l6-v2-q';
const tokenizer = new Tokenizer(JSON.parse(readFileSync(`${dir}/all-minilm-l6-v2-q-tokenizer.json`, 'utf8')), {});
const session = await ort.InferenceSession.create(`${dir}/all-minilm-l6-v2-q.onnx`, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', extra: { session: { intra_op: { allow_spinning: '0' } } } });
const para = 'Employees may take parental leave after one year of service; the request goes to the manager two months ahead. ';
const texts = Array.from({ length: 64 }, (_, i) => `Section ${i}. ` + para.repeat(10));
const enc = texts.map((t) => { const ids = tokenizer.encode(t).ids; return ids.length <= 256 ? ids : [...ids.slice(0, 255), ids[ids.length - 1]]; });
console.log('tokens', enc[0].length);
const withTT = session.inputNames.includes('token_type_ids');
async function run(batch) {
  const t0 = performance.now();
  for (let i = 0; i < enc.length; i += batch) {
    const group = enc.slice(i, i + batch);
    const n = Math.max(...group.map((g) => g.length));
    const ids = new BigInt64Array(group.length * n), mask = new BigInt64Array(group.length * n);
    group.forEach((g, r) => g.forEach((id, c) => { ids[r * n + c] = BigInt(id); mask[r * n + c] = 1n; }));
    const feeds = { input_ids: new ort.Tensor('int64', ids, [group.length, n]), attention_mask: new ort.Tensor('int64', mask, [group.length, n]) };
    if (withTT) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(group.length * n), [group.length, n]);
    await session.run(feeds);
  }
  return (performance.now() - t0) / enc.length;
}
await run(1);
const t1 = performance.now(); for (const t of texts) tokenizer.encode(t); console.log('tokenize ms/text', ((performance.now() - t1) / texts.length).toFixed(2));
for (const b of [1, 4, 8, 16, 1, 8]) console.log('batch', b, (await run(b)).toFixed(2), 'ms/text');
