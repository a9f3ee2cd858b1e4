import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { elasticsearchClient } from './elasticsearch-text-index';

describe('elasticsearchClient credentials', () => {
  let server: Server;
  let url: string;
  const seen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    // Answers as Elasticsearch 8 does (the client checks the product header): the index exists.
    server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      res.writeHead(200, { 'x-elastic-product': 'Elasticsearch', 'content-type': 'application/json' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (seen.length = 0));

  it('sends basic authentication for a user name and password (a cluster with only ELASTIC_PASSWORD)', async () => {
    const client = elasticsearchClient({ url, username: 'elastic', password: 's3cret' });
    await client.indexExists('chunks');
    await client.close();
    expect(seen[0].authorization).toBe(`Basic ${Buffer.from('elastic:s3cret').toString('base64')}`);
  });

  it('sends an API key as ApiKey, and nothing when neither is set', async () => {
    const withKey = elasticsearchClient({ url, apiKey: 'a2V5' });
    await withKey.indexExists('chunks');
    await withKey.close();
    const open = elasticsearchClient({ url });
    await open.indexExists('chunks');
    await open.close();
    expect(seen.map((h) => h.authorization)).toEqual(['ApiKey a2V5', undefined]);
  });
});
