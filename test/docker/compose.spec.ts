// docker/compose.yaml's production defaults (issue 14, item 17), read as YAML: there is no Docker
// here, but what is published where and which secrets are written down is all in the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// js-yaml comes with @nestjs/swagger and ships no types; only `load` is needed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { load } = require('js-yaml') as { load(text: string): unknown };

interface Service {
  ports?: (string | { host_ip?: string; published?: string | number })[];
  environment?: Record<string, string | number | boolean | null> | string[];
}
const compose = load(readFileSync(join(__dirname, '../../docker/compose.yaml'), 'utf8')) as { services: Record<string, Service> };
const services = Object.entries(compose.services);

/** A value as compose sees it with the variable unset: `${VAR:-default}` → default (other references stay). */
const unset = (value: string) => value.replace(/\$\{\w+:?-([^}]*)\}/g, '$1');

function environment(service: Service): [string, string][] {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return env.map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]);
  return Object.entries(env).map(([name, value]) => [name, String(value ?? '')]);
}

const SECRET_NAME = /PASSWORD|PWD|SECRET|API_KEY|TOKEN/i;
/** Only a reference to a variable: required (`:?`), or empty when unset (`:-` with nothing after it). */
const REFERENCE = /^\$\{\w+(:\?[^}]*|:-)?\}$/;

describe('docker/compose.yaml', () => {
  it('publishes no port on every interface by default', () => {
    const published = services.flatMap(([name, service]) =>
      (service.ports ?? []).map((port) => {
        // "host_ip:host:container", or the long form; "host:container" alone means every interface.
        const hostIp = typeof port === 'string' ? (unset(port).match(/^(\[[^\]]+\]|[^:]+):[^:]+:[^:]+$/)?.[1] ?? '0.0.0.0') : (port.host_ip ?? '0.0.0.0');
        return { name, port, hostIp };
      }),
    );
    expect(published.map((p) => p.name)).toEqual(expect.arrayContaining(['temporal', 'temporal-ui', 'api']));
    for (const p of published) expect({ ...p, loopback: ['127.0.0.1', '[::1]'].includes(p.hostIp) }).toMatchObject({ loopback: true });
  });

  it('writes down no password: each is a variable, and the database ones are required', () => {
    for (const [name, service] of services) {
      for (const [key, value] of environment(service)) {
        if (SECRET_NAME.test(key)) expect({ service: name, key, value, reference: REFERENCE.test(value) }).toMatchObject({ reference: true });
        // A password inside a URL (user:password@host) must be a variable too.
        const inUrl = /:\/\/[^:/@\s]+:([^@\s]+)@/.exec(value)?.[1];
        if (inUrl !== undefined) expect({ service: name, key, inUrl, reference: REFERENCE.test(inUrl) }).toMatchObject({ reference: true });
      }
    }
    const required = (service: string, key: string) => environment(compose.services[service]).find(([k]) => k === key)?.[1] ?? '';
    for (const [service, key] of [
      ['postgres', 'POSTGRES_PASSWORD'],
      ['temporal-db', 'POSTGRES_PASSWORD'],
      ['temporal', 'POSTGRES_PWD'],
      ['elasticsearch', 'ELASTIC_PASSWORD'],
    ]) {
      expect(required(service, key)).toMatch(/^\$\{\w+:\?.+\}$/);
    }
  });

  it('runs Elasticsearch with security on, and the API and worker sign in to it', () => {
    const es = Object.fromEntries(environment(compose.services.elasticsearch));
    expect(es['xpack.security.enabled']).toBe('true');
    for (const app of ['api', 'worker']) {
      const env = Object.fromEntries(environment(compose.services[app]));
      expect(env).toMatchObject({ ELASTICSEARCH_USERNAME: 'elastic', ELASTICSEARCH_PASSWORD: es.ELASTIC_PASSWORD });
    }
  });
});
