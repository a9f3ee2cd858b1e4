import type { Caller, SearchPassageView, SearchResultView } from '@assistants/common';
import type { RetrievedPassage } from '@assistants/domain';
import type { SearchStack } from '@assistants/runtime';
import { Injectable } from '@nestjs/common';
import { AssistantsService } from '../assistants/assistants.service';
import { InjectSearch } from '../runtime/runtime.module';
import type { SearchDto } from './dto/search.dto';

/** The heading path the chunker stored (outermost first), else the single heading. */
function heading(metadata: Record<string, unknown>): string | null {
  const value = Array.isArray(metadata.headingPath) && metadata.headingPath.length ? metadata.headingPath : metadata.heading;
  if (Array.isArray(value)) return value.length ? value.map(String).join(' › ') : null;
  return typeof value === 'string' && value ? value : null;
}

function page(metadata: Record<string, unknown>): number | null {
  const value = metadata.page ?? metadata.pageNumber;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function toSearchPassageView(passage: RetrievedPassage, index: number): SearchPassageView {
  return {
    rank: index + 1,
    chunkId: passage.chunkId,
    documentId: passage.documentId,
    documentName: passage.filename,
    page: page(passage.metadata),
    heading: heading(passage.metadata),
    position: passage.position,
    text: passage.text,
    score: passage.score,
    legs: passage.legs ?? {},
  };
}

/** The retrieval a chat turn would do, shown with each leg's ranks so owners can debug it. */
@Injectable()
export class SearchService {
  constructor(
    private readonly assistants: AssistantsService,
    @InjectSearch() private readonly search: SearchStack,
  ) {}

  async run(caller: Caller, assistantId: string, dto: SearchDto): Promise<SearchResultView> {
    // Whoever may chat with the assistant may see what its chats would be given.
    const assistant = await this.assistants.findOrFail(caller, assistantId, 'read');
    const started = performance.now();
    // By default as many passages as the assistant's chat turns get.
    const { passages, legs } = await this.search.retriever.retrieve(assistantId, dto.query, dto.limit ?? assistant.searchLimit);
    return {
      query: dto.query,
      passages: passages.map(toSearchPassageView),
      legs,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    };
  }
}
