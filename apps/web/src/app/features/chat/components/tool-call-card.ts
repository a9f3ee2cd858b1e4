import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import type { ToolCallView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { ApiError, errorMessage } from '../../../core/api/api-error';
import { LanguageService } from '../../../core/i18n/language.service';
import { ToolCallsService } from '../services/tool-calls.service';
import { momentLabel, prettyJson, toolLabel } from '../services/tool-calls';

let nextId = 0;

/** "350 ms" under a second, else "1.2 s": the key and its number. */
function duration(ms: number | null): { key: string; n: string } | null {
  if (ms === null) return null;
  return ms < 1000 ? { key: 'chat.tools.ms', n: String(Math.round(ms)) } : { key: 'chat.tools.seconds', n: (ms / 1000).toFixed(1) };
}

/**
 * One tool call of an answer: the tool, its arguments, its state as it changes (announced to screen
 * readers), how long it took, its result (folded) or error; Approve / Reject while it waits for the
 * conversation's owner.
 */
@Component({
  selector: 'app-tool-call-card',
  imports: [TranslatePipe],
  templateUrl: './tool-call-card.html',
  styleUrl: './tool-call-card.scss',
  host: { '[class]': 'call().status' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ToolCallCard {
  private readonly calls = inject(ToolCallsService);
  private readonly language = inject(LanguageService);

  readonly call = input.required<ToolCallView>();
  /** The conversation is the signed-in person's own: they decide its calls. */
  readonly canDecide = input(false);
  /** The call as the server answered an approval or rejection. */
  readonly changed = output<ToolCallView>();
  /** The server said the call no longer waits (409): what is shown is out of date. */
  readonly stale = output<void>();

  protected readonly headingId = `tool-call-${++nextId}`;
  protected readonly deciding = signal<'approve' | 'reject' | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly reason = signal('');

  protected readonly label = computed(() => toolLabel(this.call()));
  protected readonly awaiting = computed(() => this.call().status === 'awaiting_approval');
  protected readonly decides = computed(() => this.awaiting() && this.canDecide());
  protected readonly statusKey = computed(() =>
    this.awaiting() && !this.canDecide() ? 'chat.tools.status.awaiting_owner' : `chat.tools.status.${this.call().status}`,
  );
  protected readonly args = computed(() => {
    const text = this.call().arguments.trim();
    return text && text !== '{}' ? prettyJson(text) : null;
  });
  protected readonly took = computed(() => duration(this.call().durationMs));
  protected readonly deadline = computed(() => (this.awaiting() ? this.time(this.call().approvalDeadline) : null));
  protected readonly approvedAt = computed(() => {
    const call = this.call();
    return call.status !== 'rejected' && call.needsApproval ? this.time(call.approvedAt) : null;
  });

  protected async decide(decision: 'approve' | 'reject'): Promise<void> {
    if (this.deciding()) return;
    this.deciding.set(decision);
    this.error.set(null);
    try {
      const id = this.call().id;
      const reason = this.reason().trim();
      const updated = await firstValueFrom(decision === 'approve' ? this.calls.approve(id) : this.calls.reject(id, reason || undefined));
      this.changed.emit(updated);
    } catch (error) {
      // A 409: decided meanwhile (another tab, the deadline passed). The reason stays shown while the page reads the call again.
      this.error.set(errorMessage(error));
      if (error instanceof ApiError && error.status === 409) this.stale.emit();
    } finally {
      this.deciding.set(null);
    }
  }

  private time(iso: string | null): string | null {
    return momentLabel(iso, this.language.current());
  }
}
