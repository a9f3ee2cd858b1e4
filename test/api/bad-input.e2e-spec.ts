import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import {
  ADMIN,
  craftJwt,
  expectProblem,
  loginAdmin,
  registerUser,
  startTestApp,
  TEST_JWT_SECRET,
  type TestApp,
  type TestUser,
  uniqueEmail,
} from '../support/api-app';
import { waitForTask } from '../support/chat-harness';
import { docxBomb, docxWithEntries } from '../support/hostile-documents';

/**
 * Hostile and malformed input across the API. Every case states the status it
 * expects and gets a problem+json body; none may ever end in a 500.
 */

type Who = 'member' | 'admin' | 'anonymous';
const METHODS = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' } as const;

interface BadCase {
  /** "METHOD /path"; {assistant}, {template}, {conversation}, {member}, {admin} and {unknown} are filled in at run time. */
  route: string;
  label: string;
  status: number;
  as?: Who;
  query?: Record<string, unknown>;
  body?: unknown;
  /** JSON text sent as the body instead of `body`. */
  json?: string;
  headers?: Record<string, string>;
  /** For validation errors: exactly the fields body.errors must name. */
  fields?: string[];
  /** Multipart file parts: [field, filename, content]. */
  files?: [field: string, filename: string, content: string][];
}

const long = (n: number) => 'x'.repeat(n);
/** JSON text nested `depth` levels deep, {"a":{"a":…"x"}}, sent as it is: JSON.stringify itself overflows the stack on it. */
const deep = (depth: number) => `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
/** A cursor in the form the API issues, for any timestamp text and id. */
const cursor = (iso: string, id = '00000000-0000-4000-8000-000000000000') => Buffer.from(`${iso}|${id}`).toString('base64url');
const validRegistration = () => ({ email: uniqueEmail('bad-input'), name: 'Someone', password: 'password-123' });
const validUser = () => ({ email: uniqueEmail('bad-input-user'), name: 'Someone', password: 'password-123' });

const ASSISTANT_CASES: BadCase[] = [
  { route: 'POST /api/assistants', label: 'empty body', body: {}, status: 400, fields: ['name'] },
  { route: 'POST /api/assistants', label: 'number for name', body: { name: 123 }, status: 400, fields: ['name'] },
  { route: 'POST /api/assistants', label: 'blank name', body: { name: '   ' }, status: 400, fields: ['name'] },
  { route: 'POST /api/assistants', label: 'array for name', body: { name: ['a'] }, status: 400, fields: ['name'] },
  { route: 'POST /api/assistants', label: 'operator object for name', body: { name: { $ne: null } }, status: 400, fields: ['name'] },
  { route: 'POST /api/assistants', label: 'name of 10,000 chars', body: { name: long(10_000) }, status: 400, fields: ['name'] },
  { route: 'POST /api/assistants', label: 'description over 2000 chars', body: { name: 'a', description: long(2001) }, status: 400, fields: ['description'] },
  {
    route: 'POST /api/assistants',
    label: 'systemPrompt over 20,000 chars',
    body: { name: 'a', systemPrompt: long(20_001) },
    status: 400,
    fields: ['systemPrompt'],
  },
  { route: 'POST /api/assistants', label: 'string for temperature', body: { name: 'a', temperature: '0.5' }, status: 400, fields: ['temperature'] },
  { route: 'POST /api/assistants', label: 'temperature 3', body: { name: 'a', temperature: 3 }, status: 400, fields: ['temperature'] },
  { route: 'POST /api/assistants', label: 'negative temperature', body: { name: 'a', temperature: -0.1 }, status: 400, fields: ['temperature'] },
  { route: 'POST /api/assistants', label: 'maxTokens 0', body: { name: 'a', maxTokens: 0 }, status: 400, fields: ['maxTokens'] },
  { route: 'POST /api/assistants', label: 'fractional maxTokens', body: { name: 'a', maxTokens: 1.5 }, status: 400, fields: ['maxTokens'] },
  { route: 'POST /api/assistants', label: 'maxTokens over 128000', body: { name: 'a', maxTokens: 128_001 }, status: 400, fields: ['maxTokens'] },
  { route: 'POST /api/assistants', label: 'searchLimit 1000', body: { name: 'a', searchLimit: 1000 }, status: 400, fields: ['searchLimit'] },
  { route: 'POST /api/assistants', label: 'searchLimit 0', body: { name: 'a', searchLimit: 0 }, status: 400, fields: ['searchLimit'] },
  { route: 'POST /api/assistants', label: 'chunkSize 8', body: { name: 'a', chunkSize: 8 }, status: 400, fields: ['chunkSize'] },
  {
    route: 'POST /api/assistants',
    label: 'chunkOverlap over half the default size',
    body: { name: 'a', chunkOverlap: 200 },
    status: 400,
    fields: ['chunkOverlap'],
  },
  { route: 'POST /api/assistants', label: 'string for isPublic', body: { name: 'a', isPublic: 'true' }, status: 400, fields: ['isPublic'] },
  {
    route: 'POST /api/assistants',
    label: 'string for showPromptToUsers',
    body: { name: 'a', showPromptToUsers: 'yes' },
    status: 400,
    fields: ['showPromptToUsers'],
  },
  {
    route: 'PATCH /api/assistants/{assistant}',
    label: 'null showPromptToUsers',
    body: { showPromptToUsers: null },
    status: 400,
    fields: ['showPromptToUsers'],
  },
  { route: 'POST /api/assistants', label: 'number for enableSearch', body: { name: 'a', enableSearch: 1 }, status: 400, fields: ['enableSearch'] },
  { route: 'POST /api/assistants', label: 'unknown assistantType', body: { name: 'a', assistantType: 'robot' }, status: 400, fields: ['assistantType'] },
  { route: 'POST /api/assistants', label: 'extra field ownerId', body: { name: 'a', ownerId: randomUUID() }, status: 400, fields: ['ownerId'] },
  {
    route: 'POST /api/assistants',
    label: 'extra statistics fields',
    body: { name: 'a', totalConversations: 1000, statistics: { ratingCount: 5 } },
    status: 400,
    fields: ['totalConversations', 'statistics'],
  },
  {
    route: 'POST /api/assistants',
    label: 'several bad fields at once',
    body: { name: 5, temperature: 'hot', maxTokens: 0 },
    status: 400,
    fields: ['name', 'temperature', 'maxTokens'],
  },
  { route: 'POST /api/assistants', label: 'array as the body', body: [{ name: 'a' }], status: 400, fields: ['0', 'name'] },
  { route: 'POST /api/assistants', label: 'anonymous', as: 'anonymous', body: { name: 'a' }, status: 401 },
  { route: 'PATCH /api/assistants/{assistant}', label: 'temperature 3', body: { temperature: 3 }, status: 400, fields: ['temperature'] },
  { route: 'PATCH /api/assistants/{assistant}', label: 'null name', body: { name: null }, status: 400, fields: ['name'] },
  // Null temperature is "the default" (see the assistants settings test); an empty string is no number.
  { route: 'POST /api/assistants', label: 'empty temperature', body: { name: 'a', temperature: '' }, status: 400, fields: ['temperature'] },
  { route: 'POST /api/assistants', label: 'NUL character in name', body: { name: 'a\u0000b' }, status: 400, fields: ['name'] },
  { route: 'POST /api/assistants', label: 'NUL character nested', body: { name: 'a', description: 'ok', x: { y: '\u0000' } }, status: 400, fields: ['x.y'] },
  { route: 'GET /api/assistants', label: 'NUL character in search', query: { search: 'a\u0000' }, status: 400, fields: ['search'] },
  { route: 'PATCH /api/assistants/{assistant}', label: 'extra field id', body: { id: randomUUID() }, status: 400, fields: ['id'] },
  { route: 'GET /api/assistants', label: 'limit=0', query: { limit: 0 }, status: 400, fields: ['limit'] },
  { route: 'GET /api/assistants', label: 'limit=1000', query: { limit: 1000 }, status: 400, fields: ['limit'] },
  { route: 'GET /api/assistants', label: 'limit=abc', query: { limit: 'abc' }, status: 400, fields: ['limit'] },
  { route: 'GET /api/assistants', label: 'offset=-1', query: { offset: -1 }, status: 400, fields: ['offset'] },
  { route: 'GET /api/assistants', label: 'unknown type', query: { type: 'robot' }, status: 400, fields: ['type'] },
  { route: 'GET /api/assistants', label: 'mine=maybe', query: { mine: 'maybe' }, status: 400, fields: ['mine'] },
  { route: 'GET /api/assistants', label: 'search over 200 chars', query: { search: long(201) }, status: 400, fields: ['search'] },
  { route: 'GET /api/assistants', label: 'anonymous, limit=0', as: 'anonymous', query: { limit: 0 }, status: 400, fields: ['limit'] },
  { route: 'GET /api/assistants/not-a-uuid', label: 'malformed id', status: 404 },
  { route: 'GET /api/assistants/not-a-uuid', label: 'malformed id, anonymous', as: 'anonymous', status: 404 },
  { route: "GET /api/assistants/1'%20OR%20'1'='1", label: 'SQL in the id', status: 404 },
  { route: 'GET /api/assistants/{assistant}x', label: 'uuid with a suffix', status: 404 },
  { route: 'GET /api/assistants/{unknown}', label: 'unknown uuid', status: 404 },
  { route: 'PATCH /api/assistants/not-a-uuid', label: 'malformed id', body: { name: 'a' }, status: 404 },
  { route: 'DELETE /api/assistants/{unknown}', label: 'unknown uuid', status: 404 },
  { route: 'PUT /api/assistants/{assistant}/default-template', label: 'missing templateId', body: {}, status: 400, fields: ['templateId'] },
  {
    route: 'PUT /api/assistants/{assistant}/default-template',
    label: 'templateId not a uuid',
    body: { templateId: 'nope' },
    status: 400,
    fields: ['templateId'],
  },
  { route: 'PUT /api/assistants/{assistant}/default-template', label: 'number for templateId', body: { templateId: 5 }, status: 400, fields: ['templateId'] },
  { route: 'PUT /api/assistants/{assistant}/default-template', label: 'unknown templateId', body: { templateId: '{unknown}' }, status: 404 },
  {
    route: 'PUT /api/assistants/{assistant}/default-template',
    label: 'object with its own toString for templateId',
    body: { templateId: { toString: { role: 'admin' } } },
    status: 400,
    fields: ['templateId'],
  },
  {
    route: 'POST /api/assistants',
    label: 'constructor key (would hide the DTO from validation)',
    json: '{"name":"a","constructor":{"name":"x"},"ownerId":"{unknown}"}',
    status: 400,
    fields: ['constructor'],
  },
  { route: 'POST /api/assistants', label: '__proto__ key', json: '{"name":"a","__proto__":{"isPublic":true}}', status: 400, fields: ['__proto__'] },
  { route: 'PUT /api/assistants/{assistant}/templates/not-a-uuid', label: 'malformed template id', status: 404 },
  { route: 'POST /api/assistants/{assistant}/templates/not-a-uuid/accept-update', label: 'malformed template id', status: 404 },
  { route: 'POST /api/assistants/{assistant}/templates/{template}/accept-update', label: 'template not linked', status: 404 },
  { route: 'POST /api/assistants/{assistant}/templates/{unknown}/accept-update', label: 'unknown template', status: 404 },
];

const TEMPLATE_CASES: BadCase[] = [
  { route: 'POST /api/templates', label: 'empty body', body: {}, status: 400, fields: ['name', 'promptText'] },
  { route: 'POST /api/templates', label: 'number for promptText', body: { name: 'a', promptText: 42 }, status: 400, fields: ['promptText'] },
  { route: 'POST /api/templates', label: 'promptText over 50,000 chars', body: { name: 'a', promptText: long(50_001) }, status: 400, fields: ['promptText'] },
  { route: 'POST /api/templates', label: 'name of 10,000 chars', body: { name: long(10_000), promptText: 'p' }, status: 400, fields: ['name'] },
  {
    route: 'POST /api/templates',
    label: 'unknown templateType',
    body: { name: 'a', promptText: 'p', templateType: 'poem' },
    status: 400,
    fields: ['templateType'],
  },
  {
    route: 'POST /api/templates',
    label: 'unknown responseFormat',
    body: { name: 'a', promptText: 'p', responseFormat: 'pdf' },
    status: 400,
    fields: ['responseFormat'],
  },
  { route: 'POST /api/templates', label: 'string for tags', body: { name: 'a', promptText: 'p', tags: 'hr' }, status: 400, fields: ['tags'] },
  { route: 'POST /api/templates', label: 'object for tags', body: { name: 'a', promptText: 'p', tags: { a: 1 } }, status: 400, fields: ['tags'] },
  {
    route: 'POST /api/templates',
    label: '21 tags',
    body: { name: 'a', promptText: 'p', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
    status: 400,
    fields: ['tags'],
  },
  { route: 'POST /api/templates', label: 'tag with symbols', body: { name: 'a', promptText: 'p', tags: ['bad tag!'] }, status: 400, fields: ['tags'] },
  { route: 'POST /api/templates', label: 'number as a tag', body: { name: 'a', promptText: 'p', tags: [1] }, status: 400, fields: ['tags'] },
  { route: 'POST /api/templates', label: 'string for isPublic', body: { name: 'a', promptText: 'p', isPublic: 'true' }, status: 400, fields: ['isPublic'] },
  { route: 'POST /api/templates', label: 'null description', body: { name: 'a', promptText: 'p', description: null }, status: 400, fields: ['description'] },
  {
    route: 'POST /api/templates',
    label: 'extra fields usageCount and ownerId',
    body: { name: 'a', promptText: 'p', usageCount: 99, ownerId: randomUUID() },
    status: 400,
    fields: ['usageCount', 'ownerId'],
  },
  { route: 'PATCH /api/templates/{template}', label: 'null name', body: { name: null }, status: 400, fields: ['name'] },
  { route: 'PATCH /api/templates/{template}', label: 'null tags', body: { tags: null }, status: 400, fields: ['tags'] },
  { route: 'PATCH /api/templates/{template}', label: 'extra field variables', body: { variables: ['x'] }, status: 400, fields: ['variables'] },
  { route: 'GET /api/templates', label: 'unknown type', query: { type: 'poem' }, status: 400, fields: ['type'] },
  { route: 'GET /api/templates', label: 'limit=0', query: { limit: 0 }, status: 400, fields: ['limit'] },
  { route: 'GET /api/templates', label: 'limit=1000', query: { limit: 1000 }, status: 400, fields: ['limit'] },
  { route: 'GET /api/templates', label: 'tag over 40 chars', query: { tag: long(41) }, status: 400, fields: ['tag'] },
  { route: 'GET /api/templates', label: 'search over 200 chars', query: { search: long(201) }, status: 400, fields: ['search'] },
  { route: 'GET /api/templates', label: 'search given twice', query: { search: ['a', 'b'] }, status: 400, fields: ['search'] },
  { route: 'POST /api/templates/preview', label: 'empty body', body: {}, status: 400, fields: ['promptText'] },
  { route: 'POST /api/templates/preview', label: 'array for variables', body: { promptText: 'p', variables: ['a'] }, status: 400, fields: ['variables'] },
  { route: 'POST /api/templates/preview', label: 'string for variables', body: { promptText: 'p', variables: 'a' }, status: 400, fields: ['variables'] },
  {
    route: 'POST /api/templates/preview',
    label: 'number as a variable value',
    body: { promptText: '{{a}}', variables: { a: 1 } },
    status: 400,
    fields: ['variables.a'],
  },
  {
    route: 'POST /api/templates/preview',
    label: 'object as a variable value',
    body: { promptText: '{{a}}', variables: { a: { b: 'c' } } },
    status: 400,
    fields: ['variables.a'],
  },
  {
    route: 'POST /api/templates/preview',
    label: 'array as a variable value',
    body: { promptText: '{{a}}', variables: { a: ['x'] } },
    status: 400,
    fields: ['variables.a'],
  },
  {
    route: 'POST /api/templates/preview',
    label: '__proto__ as a variables key',
    json: '{"promptText":"{{a}}","variables":{"__proto__":{"a":"x"}}}',
    status: 400,
    fields: ['variables.__proto__'],
  },
  { route: 'GET /api/templates', label: 'constructor query parameter', query: { constructor: 'x' }, status: 400, fields: ['constructor'] },
  {
    route: 'POST /api/templates/preview',
    label: 'NUL character in a variables key',
    body: { promptText: '{{a}}', variables: { 'a\u0000': 'x' } },
    status: 400,
    fields: ['variables'],
  },
  {
    route: 'POST /api/templates/preview',
    label: 'JSON nested 5,000 deep',
    json: `{"promptText":"p","variables":${deep(5000)}}`,
    status: 400,
    fields: ['variables'],
  },
  { route: 'POST /api/templates/{template}/render', label: 'JSON nested 5,000 deep', json: `{"variables":${deep(5000)}}`, status: 400, fields: ['variables'] },
  {
    route: 'POST /api/templates/{template}/render',
    label: 'object as a variable value',
    body: { variables: { a: { b: 'c' } } },
    status: 400,
    fields: ['variables.a'],
  },
  {
    route: 'POST /api/templates/{template}/render',
    label: 'NUL character in a variables key',
    body: { variables: { '\u0000': 'x' } },
    status: 400,
    fields: ['variables'],
  },
  {
    route: 'POST /api/templates',
    label: 'JSON nested 5,000 deep in tags',
    json: `{"name":"a","promptText":"p","tags":${deep(5000)}}`,
    status: 400,
    fields: ['tags'],
  },
  { route: 'PATCH /api/templates/{template}', label: 'JSON nested 33 deep', json: `{"description":${deep(33)}}`, status: 400, fields: ['description'] },
  { route: 'POST /api/templates/{template}/render', label: 'null variables', body: { variables: null }, status: 400, fields: ['variables'] },
  { route: 'POST /api/templates/{unknown}/render', label: 'unknown uuid', body: {}, status: 404 },
  { route: 'GET /api/templates/not-a-uuid', label: 'malformed id', status: 404 },
  { route: 'GET /api/templates/{unknown}', label: 'unknown uuid', status: 404 },
  { route: 'DELETE /api/templates/{unknown}', label: 'unknown uuid', status: 404 },
  { route: 'GET /api/templates', label: 'anonymous', as: 'anonymous', status: 401 },
  // A template amplifies its values: 10,000 uses of a 50,000-character value would render 500 MB.
  {
    route: 'POST /api/templates/preview',
    label: '10,000 × {{a}} with a of 50,000 chars',
    body: { promptText: '{{a}}'.repeat(10_000), variables: { a: long(50_000) } },
    status: 400,
  },
  {
    route: 'POST /api/templates/{template}/render',
    label: 'rendering past MAX_RENDERED_TEMPLATE_CHARS',
    body: { variables: { a: long(200_000) } },
    status: 400,
  },
];

const CONVERSATION_CASES: BadCase[] = [
  { route: 'POST /api/conversations', label: 'empty body', body: {}, status: 400, fields: ['assistantId'] },
  { route: 'POST /api/conversations', label: 'assistantId not a uuid', body: { assistantId: 'abc' }, status: 400, fields: ['assistantId'] },
  { route: 'POST /api/conversations', label: 'number for assistantId', body: { assistantId: 42 }, status: 400, fields: ['assistantId'] },
  { route: 'POST /api/conversations', label: 'empty title', body: { assistantId: '{assistant}', title: '' }, status: 400, fields: ['title'] },
  { route: 'POST /api/conversations', label: 'title over 200 chars', body: { assistantId: '{assistant}', title: long(201) }, status: 400, fields: ['title'] },
  {
    route: 'POST /api/conversations',
    label: 'extra field userId',
    body: { assistantId: '{assistant}', userId: randomUUID() },
    status: 400,
    fields: ['userId'],
  },
  { route: 'POST /api/conversations', label: 'unknown assistant', body: { assistantId: '{unknown}' }, status: 404 },
  { route: 'PATCH /api/conversations/{conversation}', label: 'status deleted', body: { status: 'deleted' }, status: 400, fields: ['status'] },
  { route: 'PATCH /api/conversations/{conversation}', label: 'number for title', body: { title: 123 }, status: 400, fields: ['title'] },
  { route: 'PATCH /api/conversations/{conversation}', label: 'null title', body: { title: null }, status: 400, fields: ['title'] },
  { route: 'PATCH /api/conversations/{conversation}', label: 'extra field messageCount', body: { messageCount: 5 }, status: 400, fields: ['messageCount'] },
  { route: 'GET /api/conversations', label: 'status=deleted', query: { status: 'deleted' }, status: 400, fields: ['status'] },
  { route: 'GET /api/conversations', label: 'assistantId not a uuid', query: { assistantId: 'nope' }, status: 400, fields: ['assistantId'] },
  { route: 'GET /api/conversations', label: 'limit=0', query: { limit: 0 }, status: 400, fields: ['limit'] },
  { route: 'GET /api/conversations', label: 'unknown query parameter', query: { userId: randomUUID() }, status: 400, fields: ['userId'] },
  { route: 'GET /api/conversations/{conversation}/messages', label: 'limit=0', query: { limit: 0 }, status: 400, fields: ['limit'] },
  { route: 'GET /api/conversations/{conversation}/messages', label: 'limit=1000', query: { limit: 1000 }, status: 400, fields: ['limit'] },
  { route: 'GET /api/conversations/{conversation}/messages', label: 'unknown order', query: { order: 'sideways' }, status: 400, fields: ['order'] },
  { route: 'GET /api/conversations/{conversation}/messages', label: 'cursor over 200 chars', query: { cursor: long(201) }, status: 400, fields: ['cursor'] },
  { route: 'GET /api/conversations/{conversation}/messages', label: 'garbage cursor', query: { cursor: "' OR 1=1 --" }, status: 400 },
  {
    route: 'GET /api/conversations/{conversation}/messages',
    label: 'cursor dated year 0000',
    query: { cursor: cursor('0000-01-01T00:00:00.000Z') },
    status: 400,
  },
  { route: 'GET /api/conversations/{conversation}/messages', label: 'cursor dated year 1', query: { cursor: cursor('0001-01-01T00:00:00.000Z') }, status: 400 },
  {
    route: 'GET /api/conversations/{conversation}/messages',
    label: 'cursor with a bad id',
    query: { cursor: cursor('2026-01-01T00:00:00.000Z', 'nope') },
    status: 400,
  },
  {
    route: 'POST /api/conversations/{conversation}/messages',
    label: 'JSON nested 5,000 deep',
    json: `{"content":"hi","variables":${deep(5000)}}`,
    status: 400,
    fields: ['variables'],
  },
  {
    route: 'POST /api/conversations/{conversation}/messages',
    label: 'NUL character in a variables key',
    body: { content: 'hi', variables: { 'a\u0000': 'x' } },
    status: 400,
    fields: ['variables'],
  },
  {
    route: 'POST /api/conversations/{conversation}/messages',
    label: 'object as a variable value',
    body: { content: 'hi', variables: { a: { b: 'c' } } },
    status: 400,
    fields: ['variables.a'],
  },
  {
    route: 'POST /api/conversations/{conversation}/messages',
    label: 'number as a variable value',
    body: { content: 'hi', variables: { a: 1 } },
    status: 400,
    fields: ['variables.a'],
  },
  {
    route: 'POST /api/conversations/{conversation}/messages',
    label: 'array for variables',
    body: { content: 'hi', variables: ['a'] },
    status: 400,
    fields: ['variables'],
  },
  {
    route: 'POST /api/conversations/{conversation}/messages',
    label: 'content of 32,001 chars',
    body: { content: long(32_001) },
    status: 400,
    fields: ['content'],
  },
  { route: 'GET /api/conversations/not-a-uuid', label: 'malformed id', status: 404 },
  { route: 'GET /api/conversations/{unknown}', label: 'unknown uuid', status: 404 },
  { route: 'POST /api/conversations/not-a-uuid/clear', label: 'malformed id', status: 404 },
  { route: 'GET /api/conversations/{unknown}/messages', label: 'unknown uuid', status: 404 },
  { route: 'GET /api/conversations', label: 'anonymous', as: 'anonymous', status: 401 },
];

const AUTH_CASES: BadCase[] = [
  { route: 'POST /api/auth/register', as: 'anonymous', label: 'empty body', body: {}, status: 400, fields: ['email', 'name', 'password'] },
  {
    route: 'POST /api/auth/register',
    as: 'anonymous',
    label: 'invalid email',
    body: { ...validRegistration(), email: 'not-an-email' },
    status: 400,
    fields: ['email'],
  },
  {
    route: 'POST /api/auth/register',
    as: 'anonymous',
    label: 'email with SQL',
    body: { ...validRegistration(), email: "x'; DROP TABLE users; --@x.io" },
    status: 400,
    fields: ['email'],
  },
  {
    route: 'POST /api/auth/register',
    as: 'anonymous',
    label: 'email over 254 chars',
    body: { ...validRegistration(), email: `${long(250)}@x.io` },
    status: 400,
    fields: ['email'],
  },
  {
    route: 'POST /api/auth/register',
    as: 'anonymous',
    label: 'short password',
    body: { ...validRegistration(), password: 'short' },
    status: 400,
    fields: ['password'],
  },
  {
    route: 'POST /api/auth/register',
    as: 'anonymous',
    label: 'number for password',
    body: { ...validRegistration(), password: 12345678 },
    status: 400,
    fields: ['password'],
  },
  {
    route: 'POST /api/auth/register',
    as: 'anonymous',
    label: 'name of 10,000 chars',
    body: { ...validRegistration(), name: long(10_000) },
    status: 400,
    fields: ['name'],
  },
  {
    route: 'POST /api/auth/register',
    as: 'anonymous',
    label: 'extra field role',
    body: { ...validRegistration(), role: 'admin' },
    status: 400,
    fields: ['role'],
  },
  {
    route: 'POST /api/auth/register',
    as: 'anonymous',
    label: 'common password',
    body: { ...validRegistration(), password: 'password1' },
    status: 400,
    fields: ['password'],
  },
  {
    route: 'POST /api/auth/register',
    as: 'anonymous',
    label: 'keyboard-walk password',
    body: { ...validRegistration(), password: 'qwertyuiop' },
    status: 400,
    fields: ['password'],
  },
  {
    route: 'POST /api/auth/register',
    as: 'anonymous',
    label: 'password equal to the email',
    body: { ...validRegistration(), email: 'pat.jones@example.org', password: 'pat.jones@example.org' },
    status: 400,
    fields: ['password'],
  },
  {
    route: 'POST /api/auth/register',
    as: 'anonymous',
    label: 'password containing the email local part',
    body: { ...validRegistration(), email: 'pat.jones@example.org', password: 'Pat.Jones-2026' },
    status: 400,
    fields: ['password'],
  },
  { route: 'POST /api/auth/login', as: 'anonymous', label: 'empty body', body: {}, status: 400, fields: ['email', 'password'] },
  { route: 'POST /api/auth/login', as: 'anonymous', label: 'invalid email', body: { email: 'admin', password: 'x' }, status: 400, fields: ['email'] },
  {
    route: 'POST /api/auth/login',
    as: 'anonymous',
    label: 'array for password',
    body: { email: ADMIN.email, password: [ADMIN.password] },
    status: 400,
    fields: ['password'],
  },
  {
    route: 'POST /api/auth/login',
    as: 'anonymous',
    label: 'operator object for password',
    body: { email: ADMIN.email, password: { $ne: '' } },
    status: 400,
    fields: ['password'],
  },
  { route: 'POST /api/auth/login', as: 'anonymous', label: 'wrong password', body: { email: ADMIN.email, password: 'wrong-password' }, status: 401 },
  { route: 'POST /api/auth/login', as: 'anonymous', label: 'SQL as the password', body: { email: ADMIN.email, password: "' OR '1'='1" }, status: 401 },
  { route: 'POST /api/auth/login', as: 'anonymous', label: 'unknown email', body: { email: uniqueEmail('nobody'), password: 'password-123' }, status: 401 },
  { route: 'POST /api/auth/api-keys', label: 'empty body', body: {}, status: 400, fields: ['name'] },
  { route: 'POST /api/auth/api-keys', label: 'name over 100 chars', body: { name: long(101) }, status: 400, fields: ['name'] },
  { route: 'POST /api/auth/api-keys', label: 'expiresInDays 0', body: { name: 'k', expiresInDays: 0 }, status: 400, fields: ['expiresInDays'] },
  { route: 'POST /api/auth/api-keys', label: 'expiresInDays 4000', body: { name: 'k', expiresInDays: 4000 }, status: 400, fields: ['expiresInDays'] },
  { route: 'POST /api/auth/api-keys', label: 'string for expiresInDays', body: { name: 'k', expiresInDays: '30' }, status: 400, fields: ['expiresInDays'] },
  { route: 'POST /api/auth/api-keys', label: 'extra field userId', body: { name: 'k', userId: randomUUID() }, status: 400, fields: ['userId'] },
  { route: 'POST /api/auth/api-keys', label: 'anonymous', as: 'anonymous', body: { name: 'k' }, status: 401 },
  { route: 'POST /api/auth/api-keys', label: 'unknown scope', body: { name: 'k', scopes: ['root'] }, status: 400, fields: ['scopes'] },
  { route: 'POST /api/auth/api-keys', label: 'empty scopes', body: { name: 'k', scopes: [] }, status: 400, fields: ['scopes'] },
  { route: 'POST /api/auth/api-keys', label: 'string for scopes', body: { name: 'k', scopes: 'admin' }, status: 400, fields: ['scopes'] },
  { route: 'POST /api/auth/api-keys', label: 'null scopes', body: { name: 'k', scopes: null }, status: 400, fields: ['scopes'] },
  {
    route: 'GET /api/auth/me',
    as: 'anonymous',
    label: 'JWT with alg none',
    headers: { Authorization: `Bearer ${craftJwt({ alg: 'none' }, { sub: randomUUID() })}` },
    status: 401,
  },
  {
    route: 'GET /api/auth/me',
    as: 'anonymous',
    label: 'JWT signed with HS512',
    headers: { Authorization: `Bearer ${craftJwt({ alg: 'HS512' }, { sub: randomUUID() }, TEST_JWT_SECRET, 'sha512')}` },
    status: 401,
  },
  {
    route: 'GET /api/auth/me',
    as: 'anonymous',
    label: 'JWT whose subject is not an id',
    headers: { Authorization: `Bearer ${craftJwt({ alg: 'HS256' }, { sub: "' OR 1=1 --" }, TEST_JWT_SECRET)}` },
    status: 401,
  },
  {
    route: 'GET /api/auth/me',
    as: 'anonymous',
    label: 'JWT whose subject is an object',
    headers: { Authorization: `Bearer ${craftJwt({ alg: 'HS256' }, { sub: { id: 1 } }, TEST_JWT_SECRET)}` },
    status: 401,
  },
  { route: 'DELETE /api/auth/api-keys/not-a-uuid', label: 'malformed id', status: 404 },
  { route: 'DELETE /api/auth/api-keys/{unknown}', label: 'unknown uuid', status: 404 },
  { route: 'GET /api/auth/me', as: 'anonymous', label: 'Basic auth header', headers: { Authorization: 'Basic YWRtaW46YWRtaW4=' }, status: 401 },
  { route: 'GET /api/auth/me', as: 'anonymous', label: 'garbage bearer token', headers: { Authorization: "Bearer ' OR 1=1 --" }, status: 401 },
  { route: 'GET /api/auth/me', as: 'anonymous', label: 'unknown API key', headers: { Authorization: 'Bearer ak_unknownunknownunknown' }, status: 401 },
];

const USER_CASES: BadCase[] = [
  { route: 'GET /api/users', label: 'as a member', status: 403 },
  { route: 'GET /api/users', label: 'anonymous', as: 'anonymous', status: 401 },
  { route: 'GET /api/users', as: 'admin', label: 'limit=1000', query: { limit: 1000 }, status: 400, fields: ['limit'] },
  { route: 'GET /api/users', as: 'admin', label: 'offset=-5', query: { offset: -5 }, status: 400, fields: ['offset'] },
  { route: 'POST /api/users', as: 'admin', label: 'empty body', body: {}, status: 400, fields: ['email', 'name', 'password'] },
  { route: 'POST /api/users', as: 'admin', label: 'invalid email', body: { ...validUser(), email: 'nope' }, status: 400, fields: ['email'] },
  { route: 'POST /api/users', as: 'admin', label: 'unknown role', body: { ...validUser(), role: 'root' }, status: 400, fields: ['role'] },
  {
    route: 'POST /api/users',
    as: 'admin',
    label: 'string for isServiceAccount',
    body: { ...validUser(), isServiceAccount: 'yes' },
    status: 400,
    fields: ['isServiceAccount'],
  },
  { route: 'POST /api/users', as: 'admin', label: 'short password', body: { ...validUser(), password: 'short' }, status: 400, fields: ['password'] },
  { route: 'POST /api/users', as: 'admin', label: 'common password', body: { ...validUser(), password: 'iloveyou1' }, status: 400, fields: ['password'] },
  { route: 'POST /api/users', as: 'admin', label: 'name of 10,000 chars', body: { ...validUser(), name: long(10_000) }, status: 400, fields: ['name'] },
  { route: 'POST /api/users', label: 'as a member', body: validUser(), status: 403 },
  {
    route: 'POST /api/users',
    as: 'admin',
    label: 'constructor key with a bad email',
    json: '{"email":"\\ud800","name":"n","password":"password-123","constructor":{}}',
    status: 400,
    fields: ['constructor'],
  },
  {
    route: 'POST /api/users',
    as: 'admin',
    label: 'lone surrogate as the email',
    json: '{"email":"\\ud800","name":"n","password":"password-123"}',
    status: 400,
    fields: ['email'],
  },
  { route: 'PATCH /api/users/{member}', as: 'admin', label: 'unknown role', body: { role: 'owner' }, status: 400, fields: ['role'] },
  { route: 'PATCH /api/users/{member}', as: 'admin', label: 'number for name', body: { name: 5 }, status: 400, fields: ['name'] },
  { route: 'PATCH /api/users/{member}', as: 'admin', label: 'extra field email', body: { email: uniqueEmail() }, status: 400, fields: ['email'] },
  { route: 'PATCH /api/users/{member}', as: 'admin', label: 'null role', body: { role: null }, status: 400, fields: ['role'] },
  { route: 'PATCH /api/users/{member}', label: 'member promoting themselves', body: { role: 'admin' }, status: 403 },
  { route: 'PATCH /api/users/{member}', as: 'admin', label: 'string for disabled', body: { disabled: 'yes' }, status: 400, fields: ['disabled'] },
  { route: 'PATCH /api/users/{member}', as: 'admin', label: 'null disabled', body: { disabled: null }, status: 400, fields: ['disabled'] },
  { route: 'PATCH /api/users/{member}', label: 'member disabling themselves', body: { disabled: true }, status: 403 },
  { route: 'PATCH /api/users/{admin}', as: 'admin', label: 'admin disabling themself', body: { disabled: true }, status: 409 },
  { route: 'PATCH /api/users/{admin}', as: 'admin', label: 'admin demoting themself', body: { role: 'member' }, status: 409 },
  { route: 'PATCH /api/users/{unknown}', as: 'admin', label: 'disabling an unknown user', body: { disabled: true }, status: 404 },
  { route: 'GET /api/users', as: 'admin', label: 'search of 201 chars', query: { search: long(201) }, status: 400, fields: ['search'] },
  { route: 'PATCH /api/users/not-a-uuid', as: 'admin', label: 'malformed id', body: { name: 'x' }, status: 404 },
  { route: 'PATCH /api/users/{unknown}', as: 'admin', label: 'unknown uuid', body: { name: 'x' }, status: 404 },
  { route: 'POST /api/users/{unknown}/api-keys', as: 'admin', label: 'unknown uuid', body: { name: 'k' }, status: 404 },
  { route: 'POST /api/assistants/{assistant}/search', label: 'empty body', body: {}, status: 400, fields: ['query'] },
  { route: 'POST /api/assistants/{assistant}/search', label: 'blank query', body: { query: '  ' }, status: 400, fields: ['query'] },
  { route: 'POST /api/assistants/{assistant}/search', label: 'number for query', body: { query: 5 }, status: 400, fields: ['query'] },
  { route: 'POST /api/assistants/{assistant}/search', label: 'query over 2000 chars', body: { query: long(2001) }, status: 400, fields: ['query'] },
  { route: 'POST /api/assistants/{assistant}/search', label: 'NUL character in query', body: { query: 'a\u0000' }, status: 400, fields: ['query'] },
  { route: 'POST /api/assistants/{assistant}/search', label: 'limit 51', body: { query: 'a', limit: 51 }, status: 400, fields: ['limit'] },
  { route: 'POST /api/assistants/{assistant}/search', label: 'null limit', body: { query: 'a', limit: null }, status: 400, fields: ['limit'] },
  { route: 'POST /api/assistants/{assistant}/search', label: 'fractional limit', body: { query: 'a', limit: 2.5 }, status: 400, fields: ['limit'] },
  {
    route: 'POST /api/assistants/{assistant}/search',
    label: 'extra field assistantId',
    body: { query: 'a', assistantId: randomUUID() },
    status: 400,
    fields: ['assistantId'],
  },
  { route: 'POST /api/assistants/{unknown}/search', label: 'unknown assistant', body: { query: 'a' }, status: 404 },
  {
    route: 'POST /api/users/{member}/api-keys',
    as: 'admin',
    label: 'negative expiresInDays',
    body: { name: 'k', expiresInDays: -1 },
    status: 400,
    fields: ['expiresInDays'],
  },
  { route: 'POST /api/users/{member}/api-keys', as: 'admin', label: 'a member, not a service account', body: { name: 'k' }, status: 403 },
  // No way round it: a person cannot be turned into a service account, nor given a password by an admin.
  {
    route: 'PATCH /api/users/{member}',
    as: 'admin',
    label: 'making a member a service account',
    body: { isServiceAccount: true },
    status: 400,
    fields: ['isServiceAccount'],
  },
  {
    route: 'PATCH /api/users/{member}',
    as: 'admin',
    label: "setting a member's password",
    body: { password: 'correct-horse-92' },
    status: 400,
    fields: ['password'],
  },
];

/**
 * Knowledge files the upload accepts (202: content is read off the request thread) whose document
 * must then end with a readable reason, or ready, within moments: never stalled, never retried.
 */
const MB = 1024 * 1024;
const HOSTILE_FILES: Array<{ label: string; filename: string; content: () => Uint8Array; status: 'failed' | 'ready'; error?: RegExp; code?: string }> = [
  {
    label: 'DOCX element bomb (a few hundred KB, 51 MB of XML)',
    filename: 'bomb.docx',
    content: () => docxBomb(51 * MB),
    status: 'failed',
    error: /"bomb\.docx" unpacks to more than 50 MB \(MAX_DECOMPRESSED_BYTES\)/,
    code: 'document.unpacked_too_large',
  },
  {
    label: 'the same bomb behind ZIP headers that declare it small',
    filename: 'liar.docx',
    content: () => docxBomb(51 * MB, { lying: true }),
    status: 'failed',
    error: /"liar\.docx" unpacks to more than 50 MB/,
    code: 'document.unpacked_too_large',
  },
  {
    label: 'DOCX packing 20,000 files',
    filename: 'many.docx',
    content: () => docxWithEntries(20_000),
    status: 'failed',
    error: /"many\.docx" packs 20,0\d\d files/,
    code: 'document.too_many_files',
  },
  { label: 'one 100 KB word', filename: 'word.txt', content: () => Buffer.from('y'.repeat(100_000)), status: 'ready' },
];

/** Knowledge-base uploads are refused on their headers where they can be (issue 14, item 7); exports take a format. */
const UPLOAD_AND_EXPORT_CASES: BadCase[] = [
  { route: 'POST /api/assistants/{unknown}/documents', label: 'unknown assistant', files: [['file', 'a.txt', 'Notes.']], status: 404 },
  { route: 'POST /api/assistants/not-a-uuid/documents', label: 'malformed id', files: [['file', 'a.txt', 'Notes.']], status: 404 },
  { route: 'POST /api/assistants/{assistant}/documents', label: 'anonymous', as: 'anonymous', files: [['file', 'a.txt', 'Notes.']], status: 401 },
  { route: 'POST /api/assistants/{assistant}/documents', label: 'JSON instead of multipart', body: { file: 'x' }, status: 400 },
  { route: 'POST /api/assistants/{assistant}/documents', label: 'empty file', files: [['file', 'empty.txt', '']], status: 400 },
  { route: 'POST /api/assistants/{assistant}/documents', label: 'unknown part name', files: [['document', 'a.txt', 'Notes.']], status: 400 },
  {
    route: 'POST /api/assistants/{assistant}/documents',
    label: 'declared length beyond any upload',
    headers: { 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': '999999999999' },
    body: '--x',
    status: 413,
  },
  { route: 'GET /api/conversations/{conversation}/export', label: 'unknown format', query: { format: 'docx' }, status: 400, fields: ['format'] },
  { route: 'GET /api/conversations/{conversation}/export', label: 'format given twice', query: { format: ['pdf', 'md'] }, status: 400, fields: ['format'] },
  { route: 'GET /api/conversations/{unknown}/export', label: 'unknown conversation, as PDF', query: { format: 'pdf' }, status: 404 },
];

/** Text that must be stored and returned byte for byte, and never break a query. */
const HOSTILE_TEXT: Array<[label: string, text: string]> = [
  ['SQL quote break-out', "Robert'); DROP TABLE assistants; --"],
  ['SQL tautology', "' OR '1'='1' --"],
  ['SQL stacked query', '1; SELECT pg_sleep(5); --'],
  ['SQL union in a comment', '*/ UNION SELECT password_hash FROM users /*'],
  ['script tag', '<script>alert("xss")</script>'],
  ['HTML attribute and entities', '<img src=x onerror="alert(1)"> &amp; &lt;b&gt;'],
  ['template and format tokens', '{{constructor}} ${process.env.HOME} %s %n'],
  ['JSON that looks like an operator', '{"$ne": null, "__proto__": {"role": "admin"}}'],
  ['unicode, emoji and bidi', 'Zoë 😀 中文 \u202Ertl\u202C ﬁ'],
];

describe('bad and hostile input', () => {
  let t: TestApp;
  const users = {} as Record<Exclude<Who, 'anonymous'>, TestUser>;
  const fixtures: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    [users.member, users.admin] = await Promise.all([registerUser(t, 'bad-input'), loginAdmin(t)]);
    const assistant = await t.http().post('/api/assistants').set(users.member.auth).send({ name: 'Fixture assistant' }).expect(201);
    const template = await t.http().post('/api/templates').set(users.member.auth).send({ name: 'Fixture template', promptText: 'Hi {{a}}' }).expect(201);
    const conversation = await t.http().post('/api/conversations').set(users.member.auth).send({ assistantId: assistant.body.id }).expect(201);
    Object.assign(fixtures, {
      assistant: assistant.body.id,
      template: template.body.id,
      conversation: conversation.body.id,
      member: users.member.id,
      admin: users.admin.id,
      unknown: randomUUID(),
    });
  });
  afterAll(() => t.close());

  const fill = (text: string) => text.replace(/\{(assistant|template|conversation|member|admin|unknown)\}/g, (_, key: string) => fixtures[key]);
  const fillBody = (body: unknown): unknown =>
    typeof body === 'string'
      ? fill(body)
      : Array.isArray(body)
        ? body.map(fillBody)
        : body && typeof body === 'object'
          ? Object.fromEntries(Object.entries(body).map(([k, v]) => [k, fillBody(v)]))
          : body;

  function send(c: BadCase): request.Test {
    const [method, path] = c.route.split(' ') as [keyof typeof METHODS, string];
    let req = t.http()[METHODS[method]](fill(path));
    const who = c.as ?? 'member';
    if (who !== 'anonymous') req = req.set(users[who].auth);
    if (c.headers) req = req.set(c.headers);
    if (c.query) req = req.query(c.query as Record<string, string>);
    if (c.body !== undefined) req = req.send(fillBody(c.body) as object);
    if (c.json !== undefined) req = req.set('Content-Type', 'application/json').send(fill(c.json));
    for (const [field, filename, content] of c.files ?? []) req = req.attach(field, Buffer.from(content), { filename, contentType: 'text/plain' });
    return req;
  }

  describe.each([
    ['assistants', ASSISTANT_CASES],
    ['templates', TEMPLATE_CASES],
    ['conversations', CONVERSATION_CASES],
    ['auth', AUTH_CASES],
    ['users (admin)', USER_CASES],
    ['uploads and exports', UPLOAD_AND_EXPORT_CASES],
  ] as const)('%s', (_group, cases) => {
    it.each(cases)('$route, $label → $status', async (c) => {
      const problem = expectProblem(await send(c), c.status);
      if (c.fields) {
        expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual([...c.fields].sort());
        for (const error of problem.errors) expect(error.messages).toEqual(expect.arrayContaining([expect.any(String)]));
      }
    });
  });

  it('accepts a message of 32,000 characters, the most allowed, and answers it', async () => {
    const conversation = await t.http().post('/api/conversations').set(users.member.auth).send({ assistantId: fixtures.assistant }).expect(201);
    const sent = await t
      .http()
      .post(`/api/conversations/${conversation.body.id}/messages`)
      .set(users.member.auth)
      .send({ content: long(32_000) })
      .expect(202);
    expect((await waitForTask({ t }, { user: users.member }, sent.body.taskId)).status).toBe('done');
  });

  describe('hostile knowledge files', () => {
    let assistant: string;
    beforeAll(async () => {
      assistant = (await t.http().post('/api/assistants').set(users.member.auth).send({ name: 'Hostile files' }).expect(201)).body.id;
    });

    it.each(HOSTILE_FILES)(
      '$label: accepted, then $status',
      async ({ filename, content, status, error, code }) => {
        const upload = await t
          .http()
          .post(`/api/assistants/${assistant}/documents`)
          .set(users.member.auth)
          .attach('file', Buffer.from(content()), { filename, contentType: 'application/octet-stream' })
          .expect(202);
        const deadline = Date.now() + 90_000;
        let document = upload.body.document;
        while (!['failed', 'ready'].includes(document.status) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          document = (await t.http().get(`/api/documents/${document.id}`).set(users.member.auth).expect(200)).body;
        }
        expect(document.status).toBe(status);
        if (error) expect(document.error).toMatch(error);
        // Beside the English text, its code and params: what the web app says it by in Russian.
        expect(document.errorCode).toBe(code ?? null);
        if (code === 'document.unpacked_too_large') expect(document.errorParams).toEqual({ megabytes: 50 });
      },
      120_000,
    );
  });

  /** Creates a resource holding `text`, then reads it back through the API; the text must come back unchanged. */
  const ROUND_TRIPS: Record<string, (text: string) => Promise<void>> = {
    'assistant name, description and search': async (text) => {
      const { member } = users;
      const created = await t.http().post('/api/assistants').set(member.auth).send({ name: text, description: text, isPublic: true }).expect(201);
      expect(created.body).toMatchObject({ name: text, description: text });
      const read = await t.http().get(`/api/assistants/${created.body.id}`).expect(200);
      expect(read.body).toMatchObject({ name: text, description: text });
      const found = await t.http().get('/api/assistants').query({ search: text, mine: 'true', limit: 100 }).set(member.auth).expect(200);
      expect(found.body.items.map((a: { id: string }) => a.id)).toContain(created.body.id);
      // A tautology must not widen the search: everything found really contains the text.
      const anonymous = await t.http().get('/api/assistants').query({ search: text, limit: 100 }).expect(200);
      for (const a of anonymous.body.items) expect(`${a.name}\n${a.description}`.toLowerCase()).toContain(text.toLowerCase());
    },
    'template name, description, prompt and search': async (text) => {
      const { member } = users;
      const created = await t.http().post('/api/templates').set(member.auth).send({ name: text, description: text, promptText: text }).expect(201);
      expect(created.body).toMatchObject({ name: text, description: text, promptText: text });
      const read = await t.http().get(`/api/templates/${created.body.id}`).set(member.auth).expect(200);
      expect(read.body).toMatchObject({ name: text, description: text, promptText: text });
      const found = await t.http().get('/api/templates').query({ search: text, limit: 100 }).set(member.auth).expect(200);
      expect(found.body.items.map((x: { id: string }) => x.id)).toContain(created.body.id);
      for (const x of found.body.items) expect(`${x.name}\n${x.description}`.toLowerCase()).toContain(text.toLowerCase());
      const preview = await t
        .http()
        .post('/api/templates/preview')
        .set(member.auth)
        .send({ promptText: `[{{v}}]`, variables: { v: text } })
        .expect(200);
      expect(preview.body.text).toBe(`[${text}]`);
    },
    'conversation title': async (text) => {
      const { member } = users;
      const created = await t.http().post('/api/conversations').set(member.auth).send({ assistantId: fixtures.assistant, title: text }).expect(201);
      expect(created.body.title).toBe(text);
      const renamed = await t
        .http()
        .patch(`/api/conversations/${created.body.id}`)
        .set(member.auth)
        .send({ title: `${text}!` })
        .expect(200);
      expect(renamed.body.title).toBe(`${text}!`);
      const read = await t.http().get(`/api/conversations/${created.body.id}`).set(member.auth).expect(200);
      expect(read.body.title).toBe(`${text}!`);
    },
    'API key name': async (text) => {
      const { member } = users;
      const created = await t.http().post('/api/auth/api-keys').set(member.auth).send({ name: text }).expect(201);
      expect(created.body.name).toBe(text);
      const listed = await t.http().get('/api/auth/api-keys').set(member.auth).expect(200);
      expect(listed.body.find((k: { id: string }) => k.id === created.body.id)?.name).toBe(text);
    },
    'registered user name': async (text) => {
      const email = uniqueEmail('hostile');
      await t.http().post('/api/auth/register').send({ email, name: text, password: 'password-123' }).expect(202);
      const registered = await t.http().post('/api/auth/login').send({ email, password: 'password-123' }).expect(200);
      expect(registered.body.user).toMatchObject({ name: text, role: 'member' });
      const me = await t
        .http()
        .get('/api/auth/me')
        .set({ Authorization: `Bearer ${registered.body.accessToken}` })
        .expect(200);
      expect(me.body.name).toBe(text);
    },
    'user name set by an admin': async (text) => {
      const created = await t
        .http()
        .post('/api/users')
        .set(users.admin.auth)
        .send({ email: uniqueEmail('hostile-admin'), name: 'placeholder', isServiceAccount: true })
        .expect(201);
      const updated = await t.http().patch(`/api/users/${created.body.id}`).set(users.admin.auth).send({ name: text }).expect(200);
      expect(updated.body.name).toBe(text);
    },
  };

  it.each(HOSTILE_TEXT)('hostile search query: %s', async (_label, text) => {
    const res = await t.http().post(`/api/assistants/${fixtures.assistant}/search`).set(users.member.auth).send({ query: text }).expect(200);
    expect(res.body).toMatchObject({ query: text.trim(), passages: [] });
    expect(res.body.legs.every((leg: { status: string }) => leg.status === 'ok')).toBe(true);
  });

  describe('hostile text is stored and returned unchanged', () => {
    const cases = HOSTILE_TEXT.flatMap(([label, text]) => Object.keys(ROUND_TRIPS).map((resource) => ({ label, text, resource })));
    it.each(cases)('$resource: $label', async ({ text, resource }) => {
      await ROUND_TRIPS[resource](text);
    });
  });
});

/** Past the limits one account may reach: the same problem+json, never a 500. */
describe('bad input past per-account limits', () => {
  let t: TestApp;
  let member: TestUser;
  let assistant: string;
  beforeAll(async () => {
    t = await startTestApp({ MAX_API_KEYS_PER_USER: '1', MAX_CONVERSATIONS_PER_DAY: '1', TRUST_PROXY: 'loopback', RATE_LIMIT_LOGIN_ACCOUNT: '1/1m' });
    member = await registerUser(t, 'at-the-limits');
    assistant = (await t.http().post('/api/assistants').set(member.auth).send({ name: 'A' }).expect(201)).body.id;
    await t.http().post('/api/auth/api-keys').set(member.auth).send({ name: 'only' }).expect(201);
    await t.http().post('/api/conversations').set(member.auth).send({ assistantId: assistant }).expect(201);
    await t.http().post('/api/auth/login').set('X-Forwarded-For', '203.0.113.99').send({ email: member.email, password: 'wrong-password' }).expect(401);
  });
  afterAll(() => t.close());

  const CASES: Array<[label: string, status: number, send: () => request.Test]> = [
    ['POST /api/auth/api-keys past MAX_API_KEYS_PER_USER', 409, () => t.http().post('/api/auth/api-keys').set(member.auth).send({ name: 'second' })],
    [
      'POST /api/conversations past MAX_CONVERSATIONS_PER_DAY',
      429,
      () => t.http().post('/api/conversations').set(member.auth).send({ assistantId: assistant }),
    ],
    [
      'POST /api/auth/login, the right password from an address that failed',
      429,
      () => t.http().post('/api/auth/login').set('X-Forwarded-For', '203.0.113.99').send({ email: member.email, password: 'password-123' }),
    ],
  ];
  it.each(CASES)('%s → %i', async (_label, status, send) => {
    const problem = expectProblem(await send(), status);
    expect(problem.detail).toEqual(expect.any(String));
  });
});
