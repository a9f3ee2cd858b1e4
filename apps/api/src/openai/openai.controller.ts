import type { Caller } from '@assistants/common';
import { All, Body, Controller, Get, Headers, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExcludeEndpoint, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentCaller, NoScope, Public, RequireScope } from '../auth/auth.decorators';
import { sendCompletion, streamCompletion } from './completion-response';
import { ChatCompletionRequestDoc, parseChatCompletionRequest } from './dto/chat-completion.dto';
import { OpenAiError, OpenAiErrorFilter } from '../common/errors';
import { COMPLETION_SCHEMA, MODEL_LIST_SCHEMA, MODEL_SCHEMA } from './openai-schemas';
import { OpenAiService } from './openai.service';

/** OpenAI's API shape over assistants, outside the /api prefix so OpenAI SDKs work with base URL <host>/v1. */
@ApiTags('openai-compatible')
@ApiBearerAuth()
@UseFilters(OpenAiErrorFilter)
@Controller('v1')
// An OpenAI client works with one key: listing models is part of chatting.
@RequireScope('chat')
export class OpenAiController {
  constructor(private readonly openai: OpenAiService) {}

  @Get('models')
  @ApiOkResponse({ description: "The assistants the caller may use, in OpenAI's list shape.", schema: MODEL_LIST_SCHEMA })
  listModels(@CurrentCaller() caller: Caller) {
    return this.openai.listModels(caller);
  }

  @Get('models/:id')
  @ApiOkResponse({ description: 'One assistant the caller may use, as an OpenAI model.', schema: MODEL_SCHEMA })
  getModel(@CurrentCaller() caller: Caller, @Param('id') id: string) {
    return this.openai.getModel(caller, id);
  }

  /** A chat turn with an assistant (model = its id); the answer is stored in a conversation like any other. */
  @Post('chat/completions')
  @ApiBody({ type: ChatCompletionRequestDoc })
  @ApiOkResponse({
    description: 'A chat.completion, or with "stream": true a text/event-stream of chat.completion.chunk objects ending in data: [DONE].',
    content: { 'application/json': { schema: COMPLETION_SCHEMA }, 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiHeader({ name: 'X-Conversation-Id', required: false, description: 'Continue this conversation (same as conversation_id). The answer carries it too.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'When continuing a conversation: a retried request returns the same turn.' })
  async chatCompletions(
    @CurrentCaller() caller: Caller,
    @Body() body: unknown,
    @Headers('x-conversation-id') conversationHeader: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const parsed = parseChatCompletionRequest(body, conversationHeader);
    const started = await this.openai.start(caller, parsed, idempotencyKey?.slice(0, 100) || undefined);
    response.setHeader('X-Conversation-Id', started.ids.conversationId);
    if (parsed.stream) return streamCompletion(this.openai, started, parsed.includeUsage, request, response);
    return sendCompletion(this.openai, started, response);
  }

  /** Unknown paths under /v1 answer in OpenAI's shape, not the web app's page or problem+json. */
  @All(['', '{*path}'])
  @Public()
  @NoScope()
  @ApiExcludeEndpoint()
  unknown(@Req() request: Request): never {
    throw new OpenAiError(404, `Invalid URL (${request.method} ${request.path.slice(0, 200)}).`, 'unknown_url');
  }
}
