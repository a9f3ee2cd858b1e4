import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import type { AvailableModelView, ConversationModelView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { LlmProvidersService } from '../services/llm-providers.service';
import { ModelSelect } from './model-select';

/** The chat header's model select: shown when the assistant's owner lets people choose; the choice is the conversation's. */
@Component({
  selector: 'app-conversation-model',
  imports: [TranslatePipe, ModelSelect],
  template: `
    @if (current(); as c) {
      @if (c.allowModelChoice) {
        <span class="conversation-model">
          <label class="visually-hidden" for="conversation-model">{{ 'models.select.chatLabel' | translate }}</label>
          <app-model-select
            selectId="conversation-model"
            [models]="models()"
            [providerId]="c.providerId"
            [model]="c.model"
            [providerName]="c.provider"
            [disabled]="saving()"
            [ariaLabel]="'models.select.chatLabel' | translate"
            (changed)="choose($event)"
          />
          @if (error(); as message) {
            <span class="error" role="alert">{{ message }}</span>
          }
        </span>
      }
    }
  `,
  styles: `
    .conversation-model { display: inline-flex; gap: 0.5rem; align-items: center; }
    .error { color: var(--danger, #b00020); font-size: 0.9em; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConversationModel {
  private readonly api = inject(LlmProvidersService);
  readonly conversationId = input.required<string>();
  protected readonly current = signal<ConversationModelView | null>(null);
  protected readonly models = signal<AvailableModelView[]>([]);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    effect(() => {
      const id = this.conversationId();
      untracked(() => void this.load(id));
    });
  }

  protected async choose(choice: { providerId: string | null; model: string }): Promise<void> {
    this.saving.set(true);
    this.error.set(null);
    try {
      this.current.set(await firstValueFrom(this.api.setConversationModel(this.conversationId(), choice)));
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.saving.set(false);
    }
  }

  private async load(id: string): Promise<void> {
    this.current.set(null);
    this.error.set(null);
    try {
      const current = await firstValueFrom(this.api.conversationModel(id));
      if (id !== this.conversationId()) return;
      this.current.set(current);
      if (current.allowModelChoice) this.models.set(await firstValueFrom(this.api.models()));
    } catch {
      // No select rather than an error in the header: the chat works with the assistant's model.
      this.current.set(null);
    }
  }
}
