import { type Caller, extractVariables, renderTemplate, TemplateTooLargeError } from '@assistants/common';
import type { AppConfig } from '@assistants/config';
import type { Prisma, PromptTemplate } from '@assistants/db';
import { BadRequestException, Injectable } from '@nestjs/common';
import { type AccessNeed, assertAccess } from '../common/access';
import { escapeLike } from '../common/validation';
import { InjectConfig } from '../config/config.module';
import { PrismaService } from '../database/prisma.service';
import type { CreateTemplateDto, ListTemplatesQueryDto, UpdateTemplateDto } from './dto/template.dto';
import { toTemplateView } from './template.view';
import { codedMessage } from '../common/errors';

@Injectable()
export class TemplatesService {
  constructor(
    private readonly prisma: PrismaService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async findOrFail(caller: Caller | null, id: string, need: AccessNeed = 'read'): Promise<PromptTemplate> {
    const template = await this.prisma.client.promptTemplate.findUnique({ where: { id } });
    return assertAccess(template, caller, need, 'template', id);
  }

  async list(caller: Caller, query: ListTemplatesQueryDto) {
    const and: Prisma.PromptTemplateWhereInput[] = [];
    if (caller.role !== 'admin') and.push({ OR: [{ ownerId: caller.id }, { isPublic: true }] });
    if (query.tag) and.push({ tags: { has: query.tag } });
    if (query.type) and.push({ templateType: query.type });
    if (query.search) {
      // Prisma hands `contains` to LIKE unescaped: a search must match its text literally.
      const search = escapeLike(query.search);
      and.push({ OR: [{ name: { contains: search, mode: 'insensitive' } }, { description: { contains: search, mode: 'insensitive' } }] });
    }
    const where = { AND: and };
    const [rows, total] = await Promise.all([
      this.prisma.client.promptTemplate.findMany({
        where,
        orderBy: [{ usageCount: 'desc' }, { createdAt: 'desc' }, { id: 'asc' }],
        take: query.limit,
        skip: query.offset,
      }),
      this.prisma.client.promptTemplate.count({ where }),
    ]);
    return { items: rows.map(toTemplateView), total, limit: query.limit, offset: query.offset };
  }

  async get(caller: Caller, id: string) {
    return toTemplateView(await this.findOrFail(caller, id));
  }

  async create(caller: Caller, dto: CreateTemplateDto) {
    const template = await this.prisma.client.promptTemplate.create({
      data: { ...dto, variables: extractVariables(dto.promptText), ownerId: caller.id },
    });
    return toTemplateView(template);
  }

  async update(caller: Caller, id: string, dto: UpdateTemplateDto) {
    await this.findOrFail(caller, id, 'edit');
    const data = dto.promptText === undefined ? dto : { ...dto, variables: extractVariables(dto.promptText) };
    return toTemplateView(await this.prisma.client.promptTemplate.update({ where: { id }, data }));
  }

  async remove(caller: Caller, id: string): Promise<void> {
    await this.findOrFail(caller, id, 'edit');
    await this.prisma.client.promptTemplate.delete({ where: { id } });
  }

  async render(caller: Caller, id: string, variables: Record<string, string> = {}) {
    const template = await this.findOrFail(caller, id);
    return this.preview(template.promptText, variables);
  }

  preview(promptText: string, variables: Record<string, string> = {}) {
    try {
      const { text } = renderTemplate(promptText, variables, this.config.chat.maxRenderedTemplateChars);
      const names = extractVariables(promptText);
      // Blank values are as good as none: a message with them is refused (template.unfilled_variables).
      const missing = names.filter((name) => !Object.prototype.hasOwnProperty.call(variables, name) || variables[name].trim() === '');
      return { text, missing, variables: names };
    } catch (error) {
      if (error instanceof TemplateTooLargeError) throw new BadRequestException(codedMessage('template.too_large', { max: error.maxChars }, error.message));
      throw error;
    }
  }
}
