import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { MessageSource, MessageView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';

interface SourceRow {
  citation: number;
  filename: string;
  page: string | null;
  score: string;
  legs: string;
  excerpt: string;
}

const fixed = (n: number) => (Math.round(n * 1000) / 1000).toString();

function sourceRow(source: MessageSource): SourceRow {
  const page = source.metadata['page'];
  const legs = [
    source.legs?.text ? `text #${source.legs.text.rank} (${fixed(source.legs.text.score)})` : null,
    source.legs?.vector ? `vector #${source.legs.vector.rank} (${fixed(source.legs.vector.score)})` : null,
  ].filter((leg): leg is string => leg !== null);
  return {
    citation: source.citation,
    filename: source.filename,
    page: typeof page === 'number' || typeof page === 'string' ? String(page) : null,
    score: fixed(source.score),
    legs: legs.join(' · '),
    excerpt: source.text.length > 280 ? `${source.text.slice(0, 280)}…` : source.text,
  };
}

/** An answer's technical details: sources with scores, the LLM request, step timings and tokens. */
@Component({
  selector: 'app-message-details',
  imports: [TranslatePipe],
  templateUrl: './message-details.html',
  styleUrl: './message-details.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageDetails {
  readonly message = input.required<MessageView>();
  protected readonly sources = computed(() => (this.message().searchResults ?? []).map(sourceRow));
  protected readonly timings = computed(() => {
    const t = this.message().timings;
    if (!t) return [];
    // Dictionary keys under chat.detailRows; the template translates them.
    const rows: [string, number | null][] = [
      ['retrieval', t.retrievalMs],
      ['promptReady', t.promptReadyMs],
      ['firstToken', t.timeToFirstTokenMs],
      ['generation', t.generationMs],
      ['total', t.processingTimeMs],
    ];
    return rows.map(([name, ms]) => ({ name, ms: ms === null ? null : Math.round(ms) }));
  });
  protected readonly usage = computed(() => this.message().usage);
  protected readonly request = computed(() => this.message().llmRequest);
  /** The tools the model was offered, as "server/tool" (the function names it saw can differ). */
  protected readonly offeredTools = computed(() => (this.message().llmRequest?.tools ?? []).map((t) => `${t.server}/${t.tool}`).join(', '));
  protected readonly requestJson = computed(() => JSON.stringify(this.message().llmRequest?.messages ?? [], null, 2));
}
