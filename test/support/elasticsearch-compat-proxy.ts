import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Lets the @elastic/elasticsearch 8 client talk to an OpenSearch node, which it otherwise refuses:
 * answers carry `x-elastic-product: Elasticsearch`, and the client's versioned media types
 * (`application/vnd.elasticsearch+json; compatible-with=8`) become plain JSON / NDJSON. Requests
 * and answers pass through unchanged otherwise, so the Elasticsearch adapter's own mapping,
 * bulk, delete-by-query and search requests run on a real BM25 engine.
 */
export async function startElasticsearchCompatProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const plain = (value: string) =>
    value.replace(/application\/vnd\.elasticsearch\+(json|x-ndjson);\s*compatible-with=\d+/g, (_, type) => `application/${type}`);
  const server: Server = createServer((req, res) => {
    const headers = { ...req.headers, host: upstream.host };
    for (const name of ['accept', 'content-type'] as const) if (typeof headers[name] === 'string') headers[name] = plain(headers[name]);
    const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-elastic-product': 'Elasticsearch' });
      answer.pipe(res);
    });
    forward.on('error', (error) => res.writeHead(502).end(error.message));
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
