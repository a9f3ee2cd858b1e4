import { HashingEmbedder } from '../../embeddings/hashing-embedder';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpReranker, parseRerankResponse } from './http-reranker';
import { LocalReranker } from './local-reranker';

const candidates = [
  'Travel expenses are reimbursed within two weeks.',
  'Employees get thirty days of paid leave.',
  'Laptops are replaced every three years.',
].map((text, i) => ({ chunkId: `c${i}`, text, score: 0.03 - i * 0.001 }));

/** A small `/rerank` server: answers with `reply(body)` and keeps what it was sent. */
async function rerankDouble(reply: (body: any, res: ServerResponse) => void) {
  const requests: { url?: string; headers: IncomingMessage['headers']; body: any }[] = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (d) => (data += d));
    req.on('end', () => {
      const body = JSON.parse(data);
      requests.push({ url: req.url, headers: req.headers, body });
      reply(body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('HttpReranker', () => {
  it('reads the Cohere/Jina/vLLM answer ({results: [{index, relevance_score}]}) and sends both passage spellings', async () => {
    const server = await rerankDouble((body, res) =>
      send(res, 200, {
        id: 'x',
        results: [
          { index: 1, relevance_score: 0.9 },
          { index: 2, relevance_score: 0.2 },
        ],
      }),
    );
    try {
      const reranker = new HttpReranker({ baseUrl: `${server.url}/v1/`, model: 'bge-reranker-v2-m3', apiKey: 'secret', timeoutMs: 2000 });
      expect(await reranker.rerank('how much leave', candidates, 2)).toEqual([
        { chunkId: 'c1', score: 0.9 },
        { chunkId: 'c2', score: 0.2 },
      ]);
      const [request] = server.requests;
      expect(request.url).toBe('/v1/rerank');
      expect(request.headers.authorization).toBe('Bearer secret');
      expect(request.body).toEqual({
        model: 'bge-reranker-v2-m3',
        query: 'how much leave',
        documents: candidates.map((c) => c.text),
        texts: candidates.map((c) => c.text),
        top_n: 2,
        return_documents: false,
      });
    } finally {
      await server.close();
    }
  });

  it("reads TEI's bare list ([{index, score}]), in any order, and keeps a URL that already ends in /rerank", async () => {
    const server = await rerankDouble((body, res) =>
      send(res, 200, [
        { index: 2, score: 0.1 },
        { index: 0, score: 0.7 },
        { index: 1, score: 0.4 },
      ]),
    );
    try {
      const reranker = new HttpReranker({ baseUrl: `${server.url}/rerank`, timeoutMs: 2000 });
      expect(await reranker.rerank('reimbursing travel', candidates, 2)).toEqual([
        { chunkId: 'c0', score: 0.7 },
        { chunkId: 'c1', score: 0.4 },
      ]);
      expect(server.requests[0].url).toBe('/rerank');
      expect(server.requests[0].body.model).toBeUndefined();
      expect(server.requests[0].headers.authorization).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('fails on an error status, a slow server and a malformed answer (the retriever then keeps the fused order)', async () => {
    let mode = 'error';
    let late: NodeJS.Timeout | undefined;
    const server = await rerankDouble((body, res) => {
      if (mode === 'error') send(res, 503, { error: 'model loading' });
      else if (mode === 'slow') late = setTimeout(() => send(res, 200, []), 1000);
      else send(res, 200, { results: [{ index: 7, relevance_score: 1 }] });
    });
    try {
      const reranker = new HttpReranker({ baseUrl: server.url, timeoutMs: 200 });
      await expect(reranker.rerank('q', candidates, 3)).rejects.toThrow(/answered 503: .*model loading/);
      mode = 'slow';
      await expect(reranker.rerank('q', candidates, 3)).rejects.toThrow(/timeout|aborted/i);
      mode = 'bad';
      await expect(reranker.rerank('q', candidates, 3)).rejects.toThrow(/bad index: 7/);
    } finally {
      clearTimeout(late);
      await server.close();
    }
  });

  it('refuses answers it cannot read rather than guess', () => {
    expect(() => parseRerankResponse({ nothing: true }, candidates)).toThrow(/without a results list/);
    expect(() => parseRerankResponse([{ index: 0 }], candidates)).toThrow(/bad score/);
    expect(() =>
      parseRerankResponse(
        [
          { index: 0, score: 1 },
          { index: 0, score: 2 },
        ],
        candidates,
      ),
    ).toThrow(/bad index: 0/);
    // Jina's older answers name the list `data`.
    expect(parseRerankResponse({ data: [{ index: 2, relevance_score: 0.5 }] }, candidates)).toEqual([{ chunkId: 'c2', score: 0.5 }]);
  });
});

describe('LocalReranker', () => {
  it("lifts the passage the query's words are about, embedding each passage once", async () => {
    const embedder = new HashingEmbedder();
    const embed = jest.spyOn(embedder, 'embed');
    const reranker = new LocalReranker(embedder, { semantic: 1, lambda: 1 });
    const first = await reranker.rerank('laptops replaced every three years', candidates, 3);
    expect(first[0]).toEqual({ chunkId: 'c2', score: 1 });
    expect(first.map((h) => h.chunkId).sort()).toEqual(['c0', 'c1', 'c2']);
    await reranker.rerank('paid leave days', candidates, 2);
    // Second query: only the query itself is embedded, the passages come from the cache.
    expect(embed.mock.calls.map(([texts]) => texts.length)).toEqual([4, 1]);
  });

  it("uses the vector leg's query embedding from the same model instead of embedding the query again", async () => {
    const embedder = new HashingEmbedder();
    const embed = jest.spyOn(embedder, 'embed');
    const reranker = new LocalReranker(embedder, { semantic: 1, lambda: 1 });
    const query = 'laptops replaced every three years';
    const [vector] = await new HashingEmbedder().embed([query]);
    const given = await reranker.rerank(query, candidates, 3, undefined, { model: embedder.model, vector });
    expect(embed.mock.calls.map(([texts]) => texts)).toEqual([candidates.map((c) => c.text)]);
    // Passages cached, query known: nothing is embedded; another model's vector is not used.
    await reranker.rerank(query, candidates, 3, undefined, { model: embedder.model, vector });
    await reranker.rerank(query, candidates, 3, undefined, { model: 'another-model', vector });
    expect(embed.mock.calls.map(([texts]) => texts.length)).toEqual([3, 1]);
    expect(given).toEqual(await new LocalReranker(new HashingEmbedder(), { semantic: 1, lambda: 1 }).rerank(query, candidates, 3));
  });

  it("reads the candidates' stored vectors of its model from the vector index and embeds only the ones missing there", async () => {
    const embedder = new HashingEmbedder();
    const embed = jest.spyOn(embedder, 'embed');
    const storedVectors = new Map([
      [candidates[0].chunkId, embedder.vector(candidates[0].text)],
      [candidates[2].chunkId, embedder.vector(candidates[2].text)],
    ]);
    const asked: [string, number, string[]][] = [];
    const stored = {
      vectorsOf: async (model: string, dimensions: number, chunkIds: string[]) => {
        asked.push([model, dimensions, chunkIds]);
        return new Map([...storedVectors].filter(([id]) => model === embedder.model && chunkIds.includes(id)));
      },
    };
    const query = 'laptops replaced every three years';
    const reranker = new LocalReranker(embedder, { semantic: 1, lambda: 1 }, stored);
    const ranked = await reranker.rerank(query, candidates, 3, undefined, { model: embedder.model, vector: embedder.vector(query) });
    // Only c1 had no stored vector; the query came with its embedding.
    expect(embed.mock.calls.map(([texts]) => texts)).toEqual([[candidates[1].text]]);
    expect(asked).toEqual([[embedder.model, embedder.dimensions, ['c0', 'c1', 'c2']]]);
    expect(ranked).toEqual(await new LocalReranker(new HashingEmbedder(), { semantic: 1, lambda: 1 }).rerank(query, candidates, 3));
    // Known now: a second query neither reads nor embeds a passage again.
    await reranker.rerank('paid leave', candidates, 3, undefined, { model: embedder.model, vector: embedder.vector('paid leave') });
    expect(asked).toHaveLength(1);
    expect(embed).toHaveBeenCalledTimes(1);
    // A failing index only means embedding here.
    const failing = new LocalReranker(new HashingEmbedder(), { semantic: 1, lambda: 1 }, { vectorsOf: () => Promise.reject(new Error('down')) });
    expect(await failing.rerank(query, candidates, 3)).toEqual(ranked);
  });

  it('keeps the fused order with no semantic share, and weighs the cosine less for a Russian query', async () => {
    const embedder = new HashingEmbedder();
    const fusedOnly = new LocalReranker(embedder, { semantic: 0, semanticNonEnglish: 0, lambda: 1 });
    expect((await fusedOnly.rerank('laptops', candidates, 3)).map((h) => h.chunkId)).toEqual(['c0', 'c1', 'c2']);
    const ru = [
      { chunkId: 'a', text: 'Командировочные расходы возмещаются за две недели.', score: 0.03 },
      { chunkId: 'b', text: 'Ноутбуки заменяют раз в три года.', score: 0.02 },
    ];
    // Fully semantic for English, fused-only for Russian: the Russian query keeps the fused order.
    const split = new LocalReranker(embedder, { semantic: 1, semanticNonEnglish: 0, nonEnglish: 'model', lambda: 1 });
    expect((await split.rerank('ноутбуки заменяют', ru, 2)).map((h) => h.chunkId)).toEqual(['a', 'b']);
    expect(
      (await new LocalReranker(embedder, { semantic: 1, semanticNonEnglish: 1, nonEnglish: 'model', lambda: 1 }).rerank('ноутбуки заменяют', ru, 2))[0].chunkId,
    ).toBe('b');
    // The default mix for other languages: fused order only when every other weight is 0.
    const fusedMix = new LocalReranker(embedder, { lambda: 1, mix: { fused: 1, semantic: 0, lexical: 0, text: 0, stems: 0 } });
    expect((await fusedMix.rerank('ноутбуки заменяют', ru, 2)).map((h) => h.chunkId)).toEqual(['a', 'b']);
  });

  it('compares a non-English query by its words, not by the (English) model, unless told to use the model', async () => {
    // Stands in for the model: a different size, so its vectors cannot be mistaken for the lexical ones.
    const model = new HashingEmbedder(128);
    const embed = jest.spyOn(model, 'embed');
    const ru = [
      { chunkId: 'a', text: 'Командировочные расходы возмещаются за две недели.', score: 0.03 },
      { chunkId: 'b', text: 'Ноутбуки заменяют раз в три года.', score: 0.02 },
    ];
    const lexical = new LocalReranker(model, { lambda: 1, mix: { fused: 0, semantic: 0, lexical: 1, text: 0, stems: 0 } });
    // "ноутбуков" shares the stem (trigrams) with "Ноутбуки": lifted above the better fused passage.
    expect((await lexical.rerank('замена ноутбуков', ru, 2)).map((h) => h.chunkId)).toEqual(['b', 'a']);
    // So does its 4-letter stem ("ноут"), alone, and the text leg's score where only one candidate has one.
    const stems = new LocalReranker(model, { lambda: 1, mix: { fused: 0, semantic: 0, lexical: 0, text: 0, stems: 1 } });
    expect((await stems.rerank('замена ноутбуков', ru, 2)).map((h) => h.chunkId)).toEqual(['b', 'a']);
    const text = new LocalReranker(model, { lambda: 1, mix: { fused: 0, semantic: 0, lexical: 0, text: 1, stems: 0 } });
    expect((await text.rerank('замена', [ru[0], { ...ru[1], legs: { text: { rank: 1, score: 3.2 } } }], 2)).map((h) => h.chunkId)).toEqual(['b', 'a']);
    expect(embed).not.toHaveBeenCalled();
    await new LocalReranker(model, { semanticNonEnglish: 1, lambda: 1, nonEnglish: 'model' }).rerank('замена ноутбуков', ru, 2);
    expect(embed).toHaveBeenCalledTimes(1);
    // English queries always use the model.
    await lexical.rerank('laptop replacement', candidates, 2);
    expect(embed).toHaveBeenCalledTimes(2);
  });
});
