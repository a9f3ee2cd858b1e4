import { listProviderModels, MASKED_SECRET, PostgresLlmProviderStore } from '@assistants/adapters';
import type { LlmProviderView } from '@assistants/common';
import type { AppConfig } from '@assistants/config';
import type { LlmProviderRecord, ModelListing } from '@assistants/domain';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { problemText } from '../common/errors';
import { InjectConfig } from '../config/config.module';
import type { CreateLlmProviderDto, UpdateLlmProviderDto } from './dto/llm-provider.dto';
import { LISTING_TIMEOUT_MS, LlmModelsService } from './llm-models.service';
import { toLlmProviderView } from './llm-provider.view';

/** The providers admins add (the routes are admins' only): each listed from its /models when added, changed or refreshed. */
@Injectable()
export class LlmProvidersService {
  constructor(
    private readonly providers: PostgresLlmProviderStore,
    private readonly models: LlmModelsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async findOrFail(id: string): Promise<LlmProviderRecord> {
    const provider = await this.providers.find(id);
    if (!provider) throw new NotFoundException(problemText('llm_provider.not_found', { id }));
    return provider;
  }

  /** The built-in provider first, then the added ones by name. */
  async list(): Promise<LlmProviderView[]> {
    const [builtin, providers] = await Promise.all([this.models.builtinView(), this.providers.list()]);
    return [builtin, ...providers.map(toLlmProviderView)];
  }

  async get(id: string): Promise<LlmProviderView> {
    return toLlmProviderView(await this.findOrFail(id));
  }

  /** Lists its models first; one that cannot be reached is still added, its status saying why. */
  async create(dto: CreateLlmProviderDto): Promise<LlmProviderView> {
    const baseUrl = checkBaseUrl(dto.baseUrl);
    if (dto.apiKey === MASKED_SECRET) throw new BadRequestException(problemText('llm_provider.key_unreadable'));
    const apiKey = dto.apiKey || null;
    const listing = await this.list_(baseUrl, apiKey);
    return toLlmProviderView(await this.providers.create({ name: dto.name, baseUrl, apiKey, listing }));
  }

  /** A new address or key lists the models again. */
  async update(id: string, dto: UpdateLlmProviderDto): Promise<LlmProviderView> {
    const current = await this.findOrFail(id);
    const baseUrl = dto.baseUrl !== undefined ? checkBaseUrl(dto.baseUrl) : current.baseUrl;
    const keepsKey = dto.apiKey === undefined || dto.apiKey === MASKED_SECRET;
    const apiKey = keepsKey ? undefined : dto.apiKey || null;
    const reconnect = baseUrl !== current.baseUrl || !keepsKey;
    const listing = reconnect ? await this.list_(baseUrl, keepsKey ? this.storedKey(current) : (apiKey ?? null)) : undefined;
    return toLlmProviderView(await this.providers.update(id, { name: dto.name, baseUrl: dto.baseUrl !== undefined ? baseUrl : undefined, apiKey, listing }));
  }

  async remove(id: string): Promise<void> {
    await this.findOrFail(id);
    await this.providers.remove(id);
  }

  /** Lists the models again; a failure keeps the models listed before, its status saying why. */
  async refresh(id: string): Promise<LlmProviderView> {
    const provider = await this.findOrFail(id);
    const listing = await this.list_(provider.baseUrl, this.storedKey(provider));
    return toLlmProviderView(await this.providers.update(id, { listing }));
  }

  private list_(baseUrl: string, apiKey: string | null): Promise<ModelListing> {
    return listProviderModels(
      { baseUrl, apiKey: apiKey ?? undefined },
      { allowPrivateNetworks: this.config.llm.providersAllowPrivateNetworks, timeoutMs: Math.min(this.config.llm.timeoutMs, LISTING_TIMEOUT_MS) },
    );
  }

  private storedKey(provider: LlmProviderRecord): string | null {
    try {
      return this.providers.openKey(provider) ?? null;
    } catch {
      throw new BadRequestException(problemText('llm_provider.key_unreadable'));
    }
  }
}

/** An http(s) URL as the URL parser writes it, without a trailing slash; the key belongs in apiKey, which is encrypted. */
function checkBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BadRequestException(problemText('llm_provider.url_invalid'));
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new BadRequestException(problemText('llm_provider.url_invalid'));
  if (parsed.username || parsed.password) throw new BadRequestException(problemText('llm_provider.url_credentials'));
  return parsed.href.replace(/\/+$/, '');
}
