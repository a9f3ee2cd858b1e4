// API overhead on the embedded database: reads, writes and authentication.
import { json, measure, report, startApi } from './support.mjs';

export async function run() {
  const api = await startApi();
  try {
    const { accessToken } = await json(api.base, 'POST', '/api/auth/login', { email: 'bench@example.com', password: 'quiet-harbour-lamp-42' });
    const assistant = await json(api.base, 'POST', '/api/assistants', { name: 'Bench', isPublic: true }, accessToken);
    for (let i = 0; i < 50; i++) await json(api.base, 'POST', '/api/assistants', { name: `Filler ${i}` }, accessToken);

    report('GET /api/health', await measure(2000, 20, () => json(api.base, 'GET', '/api/health')));
    report('GET /api/assistants (page of 20)', await measure(1000, 20, () => json(api.base, 'GET', '/api/assistants', undefined, accessToken)));
    report('GET /api/assistants/:id', await measure(2000, 20, () => json(api.base, 'GET', `/api/assistants/${assistant.id}`, undefined, accessToken)));
    report('POST /api/conversations', await measure(1000, 20, () => json(api.base, 'POST', '/api/conversations', { assistantId: assistant.id }, accessToken)));
  } finally {
    await api.stop();
  }
}
