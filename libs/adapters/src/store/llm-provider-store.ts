import type { LlmProvider, Prisma } from '@assistants/db';
import type { LlmEndpoint, LlmProviderChange, LlmProviderRecord, LlmProviderStore, ModelListing, NewLlmProvider } from '@assistants/domain';
import type { SecretBox } from '../secrets/secret-box';

/** LLM providers in PostgreSQL, through Prisma; the API key is sealed with the secrets key, only ever opened to call the provider. */
export class PostgresLlmProviderStore implements LlmProviderStore {
  constructor(
    private readonly db: Prisma.TransactionClient,
    private readonly box: SecretBox,
  ) {}

  async find(id: string): Promise<LlmProviderRecord | null> {
    return this.db.llmProvider.findUnique({ where: { id } });
  }

  async list(): Promise<LlmProviderRecord[]> {
    return this.db.llmProvider.findMany({ orderBy: [{ name: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] });
  }

  async create({ apiKey, listing, ...provider }: NewLlmProvider): Promise<LlmProviderRecord> {
    return this.db.llmProvider.create({ data: { ...provider, apiKey: this.sealed(apiKey), ...listed(listing) } });
  }

  async update(id: string, { apiKey, listing, ...change }: LlmProviderChange): Promise<LlmProviderRecord> {
    const data: Prisma.LlmProviderUpdateInput = { ...change, ...(apiKey !== undefined && { apiKey: this.sealed(apiKey) }), ...(listing && listed(listing)) };
    return this.db.llmProvider.update({ where: { id }, data });
  }

  async remove(id: string): Promise<void> {
    // A conversation's choice of one of its models goes with it (the foreign key alone would leave the model name on the built-in provider).
    await this.db.$executeRaw`UPDATE conversations SET llm_model = NULL, llm_provider_id = NULL WHERE llm_provider_id = ${id}::uuid`;
    await this.db.llmProvider.delete({ where: { id } });
  }

  openKey({ apiKey }: Pick<LlmProviderRecord, 'apiKey'>): string | undefined {
    return apiKey ? this.box.open(apiKey) : undefined;
  }

  async endpoint(id: string): Promise<LlmEndpoint | null> {
    const row = await this.db.llmProvider.findUnique({ where: { id }, select: { baseUrl: true, apiKey: true } });
    return row && { baseUrl: row.baseUrl, apiKey: this.openKey(row) };
  }

  private sealed(apiKey: string | null): string | null {
    return apiKey ? this.box.seal(apiKey) : null;
  }
}

/** A failed listing keeps the models (and when they were listed) as they were. */
function listed({ status, models, at }: ModelListing): Pick<LlmProvider, 'status'> & Partial<Pick<LlmProvider, 'models' | 'refreshedAt'>> {
  return models ? { status, models, refreshedAt: at } : { status };
}
