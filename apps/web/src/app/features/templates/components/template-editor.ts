import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import {
  RESPONSE_FORMATS,
  TEMPLATE_TYPES,
  extractVariables,
  type CreateTemplateRequest,
  type RenderedTemplateView,
  type ResponseFormat,
  type TemplateType,
  type TemplateView,
} from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { catchError, debounceTime, firstValueFrom, map, of, switchMap, tap } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { formErrors } from '../../../shared/forms/field-errors';
import { TemplatesService, parseTags } from '../services/templates.service';

const FIELDS = ['name', 'description', 'templateType', 'promptText', 'responseFormat', 'tags', 'isPublic'] as const;
/** The editor waits this long after the last keystroke before asking the server for a preview. */
export const PREVIEW_DEBOUNCE_MS = 300;

type Preview = { kind: 'empty' } | { kind: 'ready'; result: RenderedTemplateView } | { kind: 'error'; message: string };

/** Create or edit a template; the {{variables}} of its text get an input each and a live preview. */
@Component({
  selector: 'app-template-editor',
  imports: [FormsModule, TranslatePipe],
  templateUrl: './template-editor.html',
  styleUrl: './template-editor.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TemplateEditor {
  private readonly templates = inject(TemplatesService);
  /** The template to edit; null makes a new one. */
  readonly template = input<TemplateView | null>(null);
  readonly saved = output<TemplateView>();
  readonly cancelled = output<void>();

  protected readonly types = TEMPLATE_TYPES;
  protected readonly formats = RESPONSE_FORMATS;
  // Here, not in the HTML: Angular would read the braces as an interpolation.
  protected readonly example = '{{topic}}';
  protected readonly name = signal('');
  protected readonly description = signal('');
  protected readonly templateType = signal<TemplateType>('general');
  protected readonly promptText = signal('');
  protected readonly responseFormat = signal<ResponseFormat>('markdown');
  protected readonly tagsText = signal('');
  protected readonly isPublic = signal(false);
  /** Sample values for the preview only; they are not saved. */
  protected readonly values = signal<Partial<Record<string, string>>>({});

  protected readonly busy = signal(false);
  protected readonly fieldErrors = signal<Record<string, string>>({});
  protected readonly error = signal<string | null>(null);
  protected readonly variables = computed(() => extractVariables(this.promptText()));
  protected readonly isNew = computed(() => this.template() === null);

  protected readonly previewBusy = signal(false);
  protected readonly preview = signal<Preview>({ kind: 'empty' });
  protected readonly previewText = computed(() => {
    const preview = this.preview();
    return preview.kind === 'ready' ? preview.result.text : null;
  });
  protected readonly previewMissing = computed(() => {
    const preview = this.preview();
    return preview.kind === 'ready' ? preview.result.missing.join(', ') : '';
  });
  protected readonly previewError = computed(() => {
    const preview = this.preview();
    return preview.kind === 'error' ? preview.message : null;
  });

  private readonly previewInput = computed(() => {
    const values = this.values();
    const filled = Object.fromEntries(this.variables().flatMap((name) => (values[name]?.trim() ? [[name, values[name]]] : [])));
    return { promptText: this.promptText(), variables: filled as Record<string, string> };
  });

  constructor() {
    effect(() => {
      const template = this.template();
      untracked(() => this.load(template));
    });
    toObservable(this.previewInput)
      .pipe(
        tap(() => this.previewBusy.set(true)),
        debounceTime(PREVIEW_DEBOUNCE_MS),
        switchMap(({ promptText, variables }) =>
          !promptText.trim()
            ? of<Preview>({ kind: 'empty' })
            : this.templates.preview(promptText, variables).pipe(
                map((result): Preview => ({ kind: 'ready', result })),
                catchError((error: unknown) => of<Preview>({ kind: 'error', message: errorMessage(error) })),
              ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((preview) => {
        this.preview.set(preview);
        this.previewBusy.set(false);
      });
  }

  /** Fills the form from the template given (or empties it for a new one). */
  private load(template: TemplateView | null): void {
    this.name.set(template?.name ?? '');
    this.description.set(template?.description ?? '');
    this.templateType.set(template?.templateType ?? 'general');
    this.promptText.set(template?.promptText ?? '');
    this.responseFormat.set(template?.responseFormat ?? 'markdown');
    this.tagsText.set(template?.tags.join(', ') ?? '');
    this.isPublic.set(template?.isPublic ?? false);
    this.values.set({});
    this.fieldErrors.set({});
    this.error.set(null);
  }

  protected setValue(variable: string, value: string): void {
    this.values.update((values) => ({ ...values, [variable]: value }));
  }

  protected async submit(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    this.fieldErrors.set({});
    const draft: Required<CreateTemplateRequest> = {
      name: this.name(),
      description: this.description(),
      templateType: this.templateType(),
      promptText: this.promptText(),
      responseFormat: this.responseFormat(),
      tags: parseTags(this.tagsText()),
      isPublic: this.isPublic(),
    };
    try {
      const existing = this.template();
      const saved = await firstValueFrom(existing ? this.templates.update(existing.id, draft) : this.templates.create(draft));
      this.saved.emit(saved);
    } catch (error) {
      const { fields, general } = formErrors(error, FIELDS);
      this.fieldErrors.set(fields);
      this.error.set(general);
    } finally {
      this.busy.set(false);
    }
  }
}
