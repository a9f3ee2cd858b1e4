import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardedFetch, isPrivateAddress } from './network-guard';

describe('network guard for tool servers', () => {
  it('knows private, local and reserved addresses in both families, IPv4 inside IPv6 too', () => {
    const refused = ['127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255'];
    const refused6 = ['::1', '::', 'fd00:ec2::254', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::a9fe:a9fe', 'not-an-address'];
    for (const address of [...refused, ...refused6]) expect([address, isPrivateAddress(address)]).toEqual([address, true]);
    for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect([address, isPrivateAddress(address)]).toEqual([address, false]);
  });

  describe('fetch', () => {
    let server: Server;
    let port: number;
    let requests = 0;
    beforeAll(async () => {
      server = createServer((_, res) => {
        requests++;
        res.end('inside');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('refuses a private address given literally or by a name, before any request is sent', async () => {
      const guarded = guardedFetch({ allowPrivate: false });
      for (const host of ['127.0.0.1', 'localhost', '[::ffff:127.0.0.1]']) {
        const error = await guarded(`http://${host}:${port}/mcp`).catch((e: Error) => e);
        expect(error).toBeInstanceOf(Error);
        expect(String((error as Error & { cause?: Error }).cause ?? error)).toMatch(/private or local address.*TOOLS_ALLOW_PRIVATE_NETWORKS/);
      }
      expect(requests).toBe(0);
    });

    it('reaches it when private networks are allowed', async () => {
      const response = await guardedFetch({ allowPrivate: true })(`http://127.0.0.1:${port}/`);
      expect(await response.text()).toBe('inside');
      expect(requests).toBe(1);
    });
  });
});
