import { listProviderModels, PostgresLlmProviderStore } from '@assistants/adapters';
import type { AvailableModelView, LlmProviderView } from '@assistants/common';
import type { AppConfig } from '@assistants/config';
import type { ModelListing } from '@assistants/domain';
import { BadRequestException, Injectable } from '@nestjs/common';
import { problemText } from '../common/errors';
import { InjectConfig } from '../config/config.module';

/** The name the built-in provider shows under: the web app translates it by `builtin`. */
export const BUILTIN_PROVIDER_NAME = 'Built-in';
/** The built-in endpoint's /models are listed again after this long (admins see the list fresh). */
const BUILTIN_LISTING_TTL_MS = 60_000;
export const LISTING_TIMEOUT_MS = 15_000;

/** Which models are offered, by which provider: what assistants and conversations may pick from. */
@Injectable()
export class LlmModelsService {
  private builtinListing?: { listing: ModelListing; until: number };

  constructor(
    private readonly providers: PostgresLlmProviderStore,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Every model of every provider, the built-in one first; no keys, no addresses. */
  async available(): Promise<AvailableModelView[]> {
    const [builtin, providers] = await Promise.all([this.builtinModels(), this.providers.list()]);
    return [
      ...builtin.map((model) => ({ providerId: null, provider: BUILTIN_PROVIDER_NAME, model })),
      ...providers.flatMap((p) => p.models.map((model) => ({ providerId: p.id, provider: p.name, model }))),
    ];
  }

  /** The built-in provider as admins see it beside the others. */
  async builtinView(): Promise<LlmProviderView> {
    const listing = await this.listBuiltin(true);
    return {
      id: null,
      name: BUILTIN_PROVIDER_NAME,
      builtin: true,
      baseUrl: null,
      apiKey: null,
      models: this.withDefault(listing.models ?? []),
      status: listing.status,
      refreshedAt: listing.at.toISOString(),
      createdAt: null,
      updatedAt: null,
    };
  }

  /**
   * Refuses (coded 400) a model its provider does not offer. `kept` is a model that stays allowed
   * although no longer listed: the assistant's own, which a conversation may go back to.
   */
  async checkOffered(providerId: string | null, model: string, kept?: { providerId: string | null; model: string }): Promise<void> {
    if (kept && kept.providerId === providerId && kept.model === model) return;
    if (providerId === null) {
      if (!(await this.builtinModels()).includes(model)) throw notOffered(model, BUILTIN_PROVIDER_NAME);
      return;
    }
    const provider = await this.providers.find(providerId);
    if (!provider) throw new BadRequestException(problemText('llm_provider.not_found', { id: providerId }));
    if (!provider.models.includes(model)) throw notOffered(model, provider.name);
  }

  /** LLM_DEFAULT_MODEL, and what LLM_BASE_URL's /models lists (the offline answerer lists nothing). */
  private async builtinModels(): Promise<string[]> {
    return this.withDefault((await this.listBuiltin(false)).models ?? []);
  }

  private withDefault(models: string[]): string[] {
    return [...new Set([this.config.llm.defaultModel, ...models])];
  }

  private async listBuiltin(fresh: boolean): Promise<ModelListing> {
    const { baseUrl, apiKey } = this.config.llm;
    if (!baseUrl) return { status: 'ok', models: [], at: new Date() };
    if (!fresh && this.builtinListing && this.builtinListing.until > Date.now()) return this.builtinListing.listing;
    // The operator configured this endpoint: it may be on a private network (Ollama next door).
    const listing = await listProviderModels({ baseUrl, apiKey }, { allowPrivateNetworks: true, timeoutMs: LISTING_TIMEOUT_MS });
    this.builtinListing = { listing, until: Date.now() + BUILTIN_LISTING_TTL_MS };
    return listing;
  }
}

const notOffered = (model: string, provider: string) => new BadRequestException(problemText('llm_model.not_offered', { model, provider }));
