import fc from 'fast-check';

/**
 * Requests generated from the API's own OpenAPI document: values that fit each
 * schema, mixed with hostile ones (deep nesting, NUL characters, huge numbers,
 * wrong types, odd unicode, prototype-pollution keys).
 */

type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  example?: unknown;
  nullable?: boolean;
  format?: string;
};
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  operation: Operation;
}

export type FuzzBody = { kind: 'text'; contentType: string; text: string } | { kind: 'file'; filename: string; contentType: string; content: Uint8Array };

export interface FuzzRequest {
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: FuzzBody;
}

/** JSON text that JSON.stringify cannot write (or would overflow on): spliced in as it is. */
class RawJson {
  constructor(readonly text: string) {}
}

const deepArray = (depth: number) => new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const deepObject = (depth: number) => new RawJson(`${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`);

/** An object with exactly these own keys, `__proto__` included (a literal would set the prototype instead). */
function objectOf(entries: Array<[string, unknown]>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '$where', '$ne'];

const oddStrings = fc.constantFrom(
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  '\uFEFFbom',
  'rtl \u202Eevil\u202C',
  'zero\u200Bwidth',
  'e\u0301\u0301\u0301',
  '𝕏 😀 中文',
  '\uD800',
  '\uDFFF lone',
  '%00',
  '%ZZ',
  '../../etc/passwd',
  "' OR '1'='1",
  '{{constructor}}',
  '__proto__',
  'null',
  'true',
  '-1',
  '1e999',
  'NaN',
  '0x10',
  'x'.repeat(5000),
);

const hostileString = fc.oneof(oddStrings, fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 300 }));

const hostileNumber = fc.oneof(
  fc.constantFrom<unknown>(0, -0, -1, 0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -(2 ** 63)),
  fc.constantFrom('1e999', '-1e999', '123456789012345678901234567890', '1e-400').map((text) => new RawJson(text)),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Anything at all, in the shapes attackers send. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom<unknown>(null, true, false, [], {}),
  fc.integer({ min: 30, max: 20_000 }).chain((depth) => fc.constantFrom(deepArray(depth), deepObject(depth))),
  fc.constantFrom(...POLLUTION_KEYS).map((key) =>
    objectOf([
      [
        key,
        objectOf([
          ['role', 'admin'],
          ['isAdmin', true],
        ]),
      ],
    ]),
  ),
  fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Values that look right for a field, picked by its schema and, where the schema says little, its name. */
function fitting(name: string, schema: Schema, doc: OpenApiDocument, ids: IdPool): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, doc);
  if (resolved.enum) return fc.constantFrom(...resolved.enum);
  if (/id$/i.test(name)) return ids.any();
  if (/email/i.test(name)) return fc.emailAddress();
  if (/password/i.test(name)) return fc.constantFrom('password-123', 'correct horse battery staple');
  switch (resolved.type) {
    case 'boolean':
      return fc.boolean();
    case 'number':
    case 'integer': {
      const min = resolved.minimum ?? 0;
      const max = resolved.maximum ?? min + 1000;
      return fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.double({ min, max, noNaN: true }));
    }
    case 'array':
      return fc.array(fitting('item', resolved.items ?? { type: 'string' }, doc, ids), { maxLength: 4 });
    case 'object':
      if (resolved.properties) return objectArbitrary(resolved, doc, ids);
      if (resolved.additionalProperties) {
        const values = typeof resolved.additionalProperties === 'object' ? resolved.additionalProperties : {};
        return fc.dictionary(fc.string({ maxLength: 12 }), fitting('value', values, doc, ids), { maxKeys: 4 });
      }
      return fc.oneof(fc.string({ maxLength: 50 }), fc.constant(null));
    default: {
      const examples = resolved.example === undefined ? [] : [fc.constant(resolved.example)];
      const maxLength = Math.min(resolved.maxLength ?? 80, 80);
      return fc.oneof(...examples, fc.string({ minLength: Math.min(resolved.minLength ?? 0, maxLength), maxLength }));
    }
  }
}

/** Usually the right value, sometimes a hostile one. */
const field = (name: string, schema: Schema, doc: OpenApiDocument, ids: IdPool) =>
  fc.oneof({ weight: 4, arbitrary: fitting(name, schema, doc, ids) }, { weight: 1, arbitrary: hostileValue });

function objectArbitrary(schema: Schema, doc: OpenApiDocument, ids: IdPool): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const present = properties.map(([name, property]) =>
    fc.option(
      field(name, property, doc, ids).map((value) => [name, value] as [string, unknown]),
      { nil: undefined, freq: required.has(name) ? 10 : 2 },
    ),
  );
  const extra = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...POLLUTION_KEYS), hostileString), hostileValue), { maxLength: 2 });
  return fc
    .tuple(fc.tuple(...present), fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: extra }))
    .map(([own, more]) => objectOf([...own.filter((e): e is [string, unknown] => e !== undefined), ...more]));
}

function resolve(schema: Schema, doc: OpenApiDocument): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split('/').pop()!;
  return doc.components?.schemas?.[name] ?? {};
}

/** JSON text of a value, with RawJson parts spliced in unchanged. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof RawJson ? `\u0001raw${raws.push(v.text) - 1}\u0001` : v));
  return (text ?? 'null').replace(/"\\u0001raw(\d+)\\u0001"/g, (_, i: string) => raws[Number(i)]);
}

/** Ids of real resources of each kind, plus unknown ones, for path parameters and *Id fields. */
export interface IdPool {
  any(): fc.Arbitrary<string>;
  of(kind: string): fc.Arbitrary<string>;
}

export function idPool(known: Record<string, string[]>): IdPool {
  const all = Object.values(known).flat();
  return {
    any: () => fc.oneof(fc.constantFrom(...all), fc.uuid()),
    of: (kind) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(known[kind] ?? all)) }, { weight: 1, arbitrary: fc.uuid() }),
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const encode = (text: string) => encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'));

/** Path segments an attacker would try, left unencoded where the point is a bad escape. */
const hostileSegment = fc.oneof(
  fc.constantFrom('%00', '%ZZ', '%C0%AF', '..', '%2e%2e%2f', 'null', '0', '-1', 'x'.repeat(3000), 'chat-' + 'a'.repeat(80)),
  hostileString.filter((s) => s.length > 0).map(encode),
);

function queryArbitrary(parameters: Parameter[], doc: OpenApiDocument, ids: IdPool): fc.Arbitrary<string> {
  const pairs = parameters.map((p) =>
    fc.option(
      fc.oneof(
        { weight: 4, arbitrary: fitting(p.name, p.schema ?? {}, doc, ids).map((v) => [[p.name, typeof v === 'string' ? v : JSON.stringify(v)]]) },
        { weight: 1, arbitrary: fc.array(hostileString, { minLength: 1, maxLength: 3 }).map((vs) => vs.map((v) => [p.name, v])) },
      ),
      { nil: undefined, freq: 2 },
    ),
  );
  const extra = fc.array(
    fc.tuple(fc.constantFrom('__proto__[role]', 'constructor[prototype][x]', 'a[b][c][d][e][f][g]', 'limit[]', 'x', '%00'), hostileString),
    { maxLength: 2 },
  );
  return fc.tuple(fc.tuple(...pairs), extra).map(([own, more]) => {
    const all = [...own.filter((p) => p !== undefined).flat(), ...more] as Array<[string, string]>;
    return all.map(([k, v]) => `${k.includes('[') || k.startsWith('%') ? k : encode(k)}=${encode(v)}`).join('&');
  });
}

function bodyArbitrary(operation: Operation, doc: OpenApiDocument, ids: IdPool): fc.Arbitrary<FuzzBody | undefined> {
  const content = operation.requestBody?.content ?? {};
  const json = (value: unknown): FuzzBody => ({ kind: 'text', contentType: 'application/json', text: toJsonText(value) });
  const hostileBodies = fc.oneof(
    hostileValue.map(json),
    fc.string({ maxLength: 200 }).map((text): FuzzBody => ({ kind: 'text', contentType: 'application/json', text })),
    fc
      .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'application/xml')
      .map((contentType): FuzzBody => ({ kind: 'text', contentType, text: 'a=1&b[c]=2' })),
  );
  if (content['multipart/form-data']) {
    const file = fc.record({
      kind: fc.constant('file' as const),
      filename: fc.oneof(
        fc.constantFrom('notes.txt', 'readme.md', 'scan.pdf', '../../etc/passwd', '<script>.md', 'ü😀.txt', '.md'),
        fc.string({ minLength: 1, maxLength: 40 }),
      ),
      contentType: fc.constantFrom('text/plain', 'text/markdown', 'application/pdf', 'application/octet-stream', 'image/png'),
      content: fc.uint8Array({ maxLength: 2000 }),
    });
    return fc.oneof({ weight: 3, arbitrary: file }, { weight: 1, arbitrary: hostileBodies });
  }
  const schema = content['application/json']?.schema;
  if (!schema) return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: hostileBodies });
  return fc.oneof({ weight: 3, arbitrary: fitting('body', schema, doc, ids).map(json) }, { weight: 1, arbitrary: hostileBodies });
}

/** Path parameters name their kind by the segment before them: /assistants/{id} is an assistant id. */
function kindOf(path: string, name: string): string {
  if (name !== 'id') return name.replace(/Id$/, '');
  const segments = path.split('/');
  const before = segments[segments.indexOf(`{${name}}`) - 1] ?? '';
  return before.replace(/s$/, '').replace(/-key$/, 'Key');
}

export function requestArbitrary(route: Route, doc: OpenApiDocument, ids: IdPool): fc.Arbitrary<FuzzRequest> {
  const parameters = route.operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const path = fc
    .tuple(...pathParams.map((p) => fc.oneof({ weight: 4, arbitrary: ids.of(kindOf(route.path, p.name)) }, { weight: 1, arbitrary: hostileSegment })))
    .map((values) => pathParams.reduce((text, p, i) => text.replace(`{${p.name}}`, values[i]), route.path));
  const headerParams = parameters.filter((p) => p.in === 'header');
  // Header values must be visible ASCII, or the client refuses to send them.
  const headerValue = fc.oneof(fc.string({ minLength: 1, maxLength: 100 }), fc.constant('k'.repeat(5000))).map((v) => v.replace(/[^\x20-\x7e]/g, '_'));
  const headers = fc
    .tuple(...headerParams.map(() => fc.option(headerValue, { nil: undefined, freq: 2 })))
    .map((values) => Object.fromEntries(headerParams.flatMap((p, i) => (values[i] === undefined ? [] : [[p.name, values[i]!]]))));
  return fc.record({
    path,
    query: queryArbitrary(
      parameters.filter((p) => p.in === 'query'),
      doc,
      ids,
    ),
    headers,
    body: bodyArbitrary(route.operation, doc, ids),
  });
}

export function routesOf(doc: OpenApiDocument): Route[] {
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({ method: method as Route['method'], path, operation })),
  );
}
