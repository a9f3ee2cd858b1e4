import { ASSISTANT_SETTING_DEFAULTS, type AssistantTemplateView, type Caller, canSeeSystemPrompt, canUserAccess } from '@assistants/common';
import { DEFAULT_MAX_TOKENS, DEFAULT_OVERLAP_TOKENS } from '@assistants/ingest';
import type { AppConfig } from '@assistants/config';
import type { Assistant, Prisma, PromptTemplate } from '@assistants/db';
import { Injectable, NotFoundException } from '@nestjs/common';
import { type AccessNeed, assertAccess } from '../common/access';
import { escapeLike, ValidationProblem } from '../common/validation';
import { InjectConfig } from '../config/config.module';
import { PrismaService } from '../database/prisma.service';
import { ApiInstancesEvents } from '../runtime/api-instances-events';
import { LlmModelsService } from '../llm-providers/llm-models.service';
import { TemplatesService } from '../templates/templates.service';
import { toAssistantTemplateView, versionOf } from './assistant-template.view';
import { toAssistantView } from './assistant.view';
import type { CreateAssistantDto, ListAssistantsQueryDto, UpdateAssistantDto } from './dto/assistant.dto';
import { problemText } from '../common/errors';

@Injectable()
export class AssistantsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly templates: TemplatesService,
    @InjectConfig() private readonly config: AppConfig,
    private readonly instances: ApiInstancesEvents,
    private readonly models: LlmModelsService,
  ) {}

  /** Loads an assistant and checks the caller may read or edit it; used by every feature. */
  async findOrFail(caller: Caller | null, id: string, need: AccessNeed = 'read'): Promise<Assistant> {
    const assistant = await this.prisma.client.assistant.findUnique({ where: { id } });
    return assertAccess(assistant, caller, need, 'assistant', id);
  }

  async list(caller: Caller | null, query: ListAssistantsQueryDto) {
    const where: Prisma.AssistantWhereInput = { AND: [this.visibleTo(caller)] };
    const and = where.AND as Prisma.AssistantWhereInput[];
    if (query.mine) and.push({ ownerId: caller?.id ?? '00000000-0000-0000-0000-000000000000' });
    if (query.type) and.push({ assistantType: query.type });
    if (query.isPublic !== undefined) and.push({ isPublic: query.isPublic });
    if (query.search) {
      // Prisma hands `contains` to LIKE unescaped: a search must match its text literally.
      const search = escapeLike(query.search);
      and.push({ OR: [{ name: { contains: search, mode: 'insensitive' } }, { description: { contains: search, mode: 'insensitive' } }] });
    }
    const [rows, total] = await Promise.all([
      this.prisma.client.assistant.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: query.limit, skip: query.offset }),
      this.prisma.client.assistant.count({ where }),
    ]);
    return { items: rows.map((row) => toAssistantView(row, caller)), total, limit: query.limit, offset: query.offset };
  }

  async get(caller: Caller | null, id: string) {
    return toAssistantView(await this.findOrFail(caller, id), caller);
  }

  async create(caller: Caller, dto: CreateAssistantDto) {
    checkChunking(dto.chunkSize ?? DEFAULT_MAX_TOKENS, dto.chunkOverlap ?? DEFAULT_OVERLAP_TOKENS);
    const llmModel = dto.llmModel ?? this.config.llm.defaultModel;
    if (dto.llmProviderId) await this.models.checkOffered(dto.llmProviderId, llmModel);
    const assistant = await this.prisma.client.assistant.create({
      data: { ...withDefaults(dto), systemPrompt: dto.systemPrompt || null, llmModel, ownerId: caller.id },
    });
    return toAssistantView(assistant, caller);
  }

  async update(caller: Caller, id: string, dto: UpdateAssistantDto) {
    const current = await this.findOrFail(caller, id, 'edit');
    checkChunking(dto.chunkSize ?? current.chunkSize, dto.chunkOverlap ?? current.chunkOverlap);
    // A model of a provider admins added must be one it offers; the built-in provider takes any name, as before providers.
    const providerId = dto.llmProviderId !== undefined ? dto.llmProviderId : current.llmProviderId;
    const changesModel = dto.llmProviderId !== undefined || dto.llmModel !== undefined;
    if (changesModel && providerId)
      await this.models.checkOffered(providerId, dto.llmModel ?? current.llmModel, { providerId: current.llmProviderId, model: current.llmModel });
    const data = dto.systemPrompt === '' ? { ...withDefaults(dto), systemPrompt: null } : withDefaults(dto);
    const updated = await this.prisma.client.assistant.update({ where: { id }, data });
    // Fewer people may see it now: open subscriptions are checked again by the same rules on every instance.
    if (current.isPublic && !updated.isPublic) this.instances.publish({ type: 'access.changed', assistantId: id });
    return toAssistantView(updated, caller);
  }

  async remove(caller: Caller, id: string): Promise<void> {
    await this.findOrFail(caller, id, 'edit');
    await this.prisma.client.assistant.delete({ where: { id } });
    // Its conversations and documents went with it: their subscriptions end, with a word to each socket.
    this.instances.publish({ type: 'access.changed', assistantId: id });
  }

  async listTemplates(caller: Caller | null, id: string): Promise<AssistantTemplateView[]> {
    const assistant = await this.findOrFail(caller, id);
    const links = await this.prisma.client.assistantTemplate.findMany({
      where: { assistantId: id },
      include: { template: true },
      orderBy: { createdAt: 'asc' },
    });
    // A public assistant does not make its linked templates public: show each only to who may read it.
    return links.filter((link) => canUserAccess(link.template, caller)).map((link) => toAssistantTemplateView(link, assistant.ownerId));
  }

  async linkTemplate(caller: Caller, id: string, templateId: string) {
    await this.findOrFail(caller, id, 'edit');
    await this.link(id, await this.templates.findOrFail(caller, templateId));
    return this.listTemplates(caller, id);
  }

  /** The assistant uses the template as its owner has it now, from the next turn on. */
  async acceptTemplateUpdate(caller: Caller, id: string, templateId: string) {
    await this.findOrFail(caller, id, 'edit');
    const template = await this.templates.findOrFail(caller, templateId);
    const accepted = await this.prisma.client.assistantTemplate.updateMany({ where: { assistantId: id, templateId }, data: versionOf(template) });
    if (!accepted.count) throw new NotFoundException(problemText('assistant.template_not_linked', { templateId, id }));
    return this.listTemplates(caller, id);
  }

  async unlinkTemplate(caller: Caller, id: string, templateId: string): Promise<void> {
    const assistant = await this.findOrFail(caller, id, 'edit');
    await this.prisma.client.$transaction([
      this.prisma.client.assistantTemplate.deleteMany({ where: { assistantId: id, templateId } }),
      ...(assistant.defaultTemplateId === templateId ? [this.prisma.client.assistant.update({ where: { id }, data: { defaultTemplateId: null } })] : []),
    ]);
  }

  /** Setting a default also links the template, so the default is always among the assistant's templates. */
  async setDefaultTemplate(caller: Caller, id: string, templateId: string | null) {
    await this.findOrFail(caller, id, 'edit');
    if (templateId) await this.link(id, await this.templates.findOrFail(caller, templateId));
    return toAssistantView(await this.prisma.client.assistant.update({ where: { id }, data: { defaultTemplateId: templateId } }), caller);
  }

  /** Links keep the version they were made with: linking again changes nothing (accepting an update does). */
  private async link(assistantId: string, template: PromptTemplate): Promise<void> {
    await this.prisma.client.assistantTemplate.upsert({
      where: { assistantId_templateId: { assistantId, templateId: template.id } },
      create: { assistantId, templateId: template.id, ...versionOf(template) },
      update: {},
    });
  }

  /** Whether `caller` may read the system prompt of the assistant, in its view and in what was sent to the model. */
  async showsPromptTo(caller: Caller | null, assistantId: string): Promise<boolean> {
    const assistant = await this.prisma.client.assistant.findUnique({ where: { id: assistantId }, select: { ownerId: true, showPromptToUsers: true } });
    return !!assistant && canSeeSystemPrompt(assistant, caller);
  }

  /** Which assistants a caller may use: shared with the OpenAI-compatible model list. */
  visibleTo(caller: Caller | null): Prisma.AssistantWhereInput {
    if (!caller) return { isPublic: true };
    if (caller.role === 'admin') return {};
    return { OR: [{ ownerId: caller.id }, { isPublic: true }] };
  }
}

/** Overlap must leave most of each chunk new, or chunking would barely advance. */
function checkChunking(chunkSize: number, chunkOverlap: number): void {
  if (chunkOverlap * 2 > chunkSize) {
    throw new ValidationProblem([{ field: 'chunkOverlap', messages: [`chunkOverlap (${chunkOverlap}) must be at most half of chunkSize (${chunkSize})`] }]);
  }
}

/** Null temperature, maxTokens or searchLimit means "the default": stored as the default, so the view shows what applies. */
function withDefaults<T extends UpdateAssistantDto>(dto: T) {
  const { temperature, maxTokens, searchLimit, ...rest } = dto;
  const pick = <K extends keyof typeof ASSISTANT_SETTING_DEFAULTS>(key: K, value: number | null | undefined) =>
    value === undefined ? {} : { [key]: value ?? ASSISTANT_SETTING_DEFAULTS[key] };
  return { ...rest, ...pick('temperature', temperature), ...pick('maxTokens', maxTokens), ...pick('searchLimit', searchLimit) };
}
