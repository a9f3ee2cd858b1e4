import type { PrismaClient } from '@assistants/db';
import { HybridRetriever } from './hybrid-retriever';

describe('HybridRetriever fusion weights', () => {
  const prisma = {} as PrismaClient;

  it('weights the vector leg down for a query that is not English, when told to', () => {
    const retriever = new HybridRetriever(prisma, {}, { weights: { text: 1, vector: 1 }, vectorWeightNonEnglish: 0.1 });
    expect(retriever.weightsFor('How many days of leave do I get?')).toEqual({ text: 1, vector: 1 });
    expect(retriever.weightsFor('Сколько дней отпуска мне положено?')).toEqual({ text: 1, vector: 0.1 });
    // Mostly Cyrillic with a product name is still Russian.
    expect(retriever.weightsFor('Как настроить VPN Tunnelgate дома?')).toEqual({ text: 1, vector: 0.1 });
  });

  it('uses one weight for every query when no non-English weight is set (a multilingual endpoint)', () => {
    const retriever = new HybridRetriever(prisma, {}, { weights: { text: 1, vector: 0.7 } });
    expect(retriever.weightsFor('Сколько дней отпуска мне положено?')).toEqual({ text: 1, vector: 0.7 });
  });
});
