import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { ASSISTANT_SETTING_DEFAULTS, ASSISTANT_TYPES, type AssistantView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { formErrors, withoutField } from '../../../shared/forms/field-errors';
import { AuthService } from '../../../core/auth/auth.service';
import { AssistantsService, type AssistantSettings } from '../../catalogue/services/assistants.service';
import { KnowledgePanel } from '../components/knowledge-panel';
import { TemplatesPanel } from '../components/templates-panel';
import { ToolsPanel } from '../components/tools-panel';
import { UsagePanel } from '../components/usage-panel';
import { ModelSelect } from '../../models/components/model-select';
import { LlmProvidersService } from '../../models/services/llm-providers.service';
import type { AvailableModelView } from '@assistants/common';
import { AccessProblemPage, accessProblemOf, type AccessProblem } from '../../../shared/access/access-problem';

/** The settings that show their own message beside them; a problem with any other goes at the foot of the form. */
const SETTINGS_FIELDS = ['name', 'description', 'temperature', 'maxTokens', 'llmModel', 'systemPrompt', 'searchLimit'] as const;

function settingsOf(assistant: AssistantView): AssistantSettings {
  const { name, description, assistantType, llmModel, llmProviderId, allowModelChoice, temperature, maxTokens, systemPrompt, isPublic, showPromptToUsers } =
    assistant;
  const { enableSearch, searchLimit } = assistant;
  return {
    name,
    description,
    assistantType,
    llmModel,
    llmProviderId,
    allowModelChoice,
    temperature,
    maxTokens,
    systemPrompt: systemPrompt ?? '',
    isPublic,
    showPromptToUsers,
    enableSearch,
    searchLimit,
  };
}

/**
 * A number field's text as the API takes it: empty means "the default" (null), never 0 (as
 * Number('') would make it); anything else is sent as typed, for the server to check.
 */
export function numberOrDefault(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || String(value).trim() === '') return null;
  return Number(value);
}

/**
 * An assistant's page: name and description edited in place, usage charts, the settings form (the
 * server's validation messages per field), linked templates, the knowledge base, its tools (owner and
 * admins), a way into the chat.
 */
@Component({
  selector: 'app-assistant-page',
  imports: [FormsModule, RouterLink, TranslatePipe, UsagePanel, TemplatesPanel, KnowledgePanel, ToolsPanel, ModelSelect, AccessProblemPage],
  templateUrl: './assistant.page.html',
  styleUrl: './assistant.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AssistantPage {
  private readonly assistants = inject(AssistantsService);
  readonly assistantId = input.required<string>();
  protected readonly types = ASSISTANT_TYPES;
  /** Shown in an emptied number field: what saving it empty gives. */
  protected readonly defaults = ASSISTANT_SETTING_DEFAULTS;
  protected readonly assistant = signal<AssistantView | null>(null);
  protected readonly draft = signal<AssistantSettings | null>(null);
  protected readonly saving = signal(false);
  protected readonly saved = signal(false);
  protected readonly inlineSaved = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The assistant may not be seen, or does not exist: the page says so plainly. */
  protected readonly accessProblem = signal<AccessProblem | null>(null);
  /** Field name → the server's messages about it. */
  protected readonly fieldErrors = signal<Record<string, string>>({});
  private readonly user = inject(AuthService).user;
  private readonly llmProviders = inject(LlmProvidersService);
  /** The models the select offers (every provider's); empty until loaded, the current model shown meanwhile. */
  protected readonly models = signal<AvailableModelView[]>([]);
  /** Only the owner and admins change an assistant (the server checks it again): others see its settings read-only. */
  protected readonly canEdit = computed(() => {
    const assistant = this.assistant();
    const user = this.user();
    return !!assistant && !!user && (user.role === 'admin' || assistant.ownerId === user.id);
  });

  constructor() {
    effect(() => {
      const id = this.assistantId();
      untracked(() => void this.load(id));
    });
    this.llmProviders.models().subscribe({ next: (models) => this.models.set(models), error: () => this.models.set([]) });
  }

  protected set<K extends keyof AssistantSettings>(key: K, value: AssistantSettings[K]): void {
    this.draft.update((draft) => (draft ? { ...draft, [key]: value } : draft));
    this.saved.set(false);
    // A field's message goes as soon as the field changes (the provider is part of the model's field).
    this.fieldErrors.update((errors) => withoutField(withoutField(errors, key), key === 'llmProviderId' ? 'llmModel' : key));
  }

  protected setModel(choice: { providerId: string | null; model: string }): void {
    this.set('llmProviderId', choice.providerId);
    this.set('llmModel', choice.model);
  }

  /** Name or description, saved on its own when the field is left (Enter leaves it too). */
  protected async saveInline(key: 'name' | 'description'): Promise<void> {
    const value = this.draft()?.[key];
    const assistant = this.assistant();
    if (!assistant || value === undefined || value === assistant[key]) return;
    this.inlineSaved.set(false);
    this.fieldErrors.update(({ [key]: _, ...rest }) => rest);
    try {
      const updated = await firstValueFrom(this.assistants.update(this.assistantId(), { [key]: value }));
      this.assistant.set(updated);
      // Only this field: other settings may be mid-edit in the form.
      this.draft.update((draft) => (draft ? { ...draft, [key]: updated[key] } : draft));
      this.inlineSaved.set(true);
    } catch (error) {
      const { fields, general } = formErrors(error, [key]);
      this.fieldErrors.update((errors) => ({ ...errors, [key]: fields[key] ?? general ?? errorMessage(error) }));
    }
  }

  /** Escape puts the saved value back. */
  protected revert(key: 'name' | 'description', field: HTMLInputElement | HTMLTextAreaElement): void {
    const saved = this.assistant()?.[key] ?? '';
    field.value = saved;
    this.set(key, saved);
    this.fieldErrors.update(({ [key]: _, ...rest }) => rest);
  }

  /** A new default template (or none, after its template was unlinked): null means read the assistant again. */
  protected async onAssistantChanged(updated: AssistantView | null): Promise<void> {
    try {
      this.assistant.set(updated ?? (await firstValueFrom(this.assistants.get(this.assistantId()))));
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const draft = this.draft();
    if (!draft) return;
    this.saving.set(true);
    this.error.set(null);
    this.fieldErrors.set({});
    try {
      // An empty prompt means "use the default of the type".
      const body = {
        ...draft,
        systemPrompt: draft.systemPrompt?.trim() ? draft.systemPrompt : null,
        temperature: numberOrDefault(draft.temperature),
        maxTokens: numberOrDefault(draft.maxTokens),
        searchLimit: numberOrDefault(draft.searchLimit),
      };
      const updated = await firstValueFrom(this.assistants.update(this.assistantId(), body));
      this.assistant.set(updated);
      this.draft.set(settingsOf(updated));
      this.saved.set(true);
    } catch (error) {
      // Each field's message once, by its field; the message at the foot only for what no field shows.
      const { fields, general } = formErrors(error, SETTINGS_FIELDS);
      this.fieldErrors.set(fields);
      this.error.set(general);
    } finally {
      this.saving.set(false);
    }
  }

  private async load(id: string): Promise<void> {
    try {
      const assistant = await firstValueFrom(this.assistants.get(id));
      this.assistant.set(assistant);
      this.draft.set(settingsOf(assistant));
    } catch (error) {
      this.accessProblem.set(accessProblemOf(error));
      this.error.set(errorMessage(error));
    }
  }
}
