import { createChatModel } from './llm/create-chat-model';
import { createEmbedder } from './embeddings/create-embedder';
import { HashingEmbedder } from './embeddings/hashing-embedder';
import { OfflineAnswerer } from './llm/offline-answerer';
import { OpenAiChatModel } from './llm/openai-chat-model';
import { OpenAiEmbedder } from './embeddings/openai-embedder';

describe('factories', () => {
  it('use the configured endpoint whenever a base URL is set', () => {
    const model = createChatModel({ baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'k' });
    expect(model).toBeInstanceOf(OpenAiChatModel);
    expect(model.provider).toBe('openai');
    expect(createEmbedder({ baseUrl: 'http://127.0.0.1:9/v1' })).toBeInstanceOf(OpenAiEmbedder);
  });

  it('answer offline without one', () => {
    const model = createChatModel({});
    expect(model).toBeInstanceOf(OfflineAnswerer);
    expect(model.provider).toBe('offline');
    const embedder = createEmbedder({ provider: 'hashing', apiKey: 'ignored' });
    expect(embedder).toBeInstanceOf(HashingEmbedder);
    expect(embedder.dimensions).toBe(384);
    expect(createEmbedder({ provider: 'hashing', offlineDimensions: 128 }).dimensions).toBe(128);
  });
});
