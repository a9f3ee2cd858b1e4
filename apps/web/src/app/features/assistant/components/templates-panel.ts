import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import type { AssistantTemplateView, AssistantView, RenderedTemplateView, TemplateView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { AssistantTemplatesService } from '../services/assistant-templates.service';

/**
 * The templates linked to an assistant: link from the library, unlink, set the default, preview with
 * variables, and review and accept a newer version of someone else's template.
 */
@Component({
  selector: 'app-templates-panel',
  imports: [TranslatePipe],
  templateUrl: './templates-panel.html',
  styleUrl: './panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TemplatesPanel {
  private readonly templates = inject(AssistantTemplatesService);
  readonly assistantId = input.required<string>();
  readonly defaultTemplateId = input<string | null>(null);
  /** The assistant after its default template changed (unlinking the default clears it too). */
  readonly assistantChanged = output<AssistantView | null>();

  protected readonly linked = signal<AssistantTemplateView[] | null>(null);
  protected readonly library = signal<TemplateView[]>([]);
  protected readonly choice = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly previewing = signal<AssistantTemplateView | null>(null);
  /** The template whose newer version is shown beside the one in use. */
  protected readonly reviewing = signal<string | null>(null);
  protected readonly values = signal<Record<string, string>>({});
  protected readonly rendered = signal<RenderedTemplateView | null>(null);
  /** Library templates not linked yet. */
  protected readonly linkable = computed(() => {
    const linked = new Set((this.linked() ?? []).map((t) => t.id));
    return this.library().filter((t) => !linked.has(t.id));
  });

  constructor() {
    effect(() => {
      const id = this.assistantId();
      untracked(() => void this.load(id));
    });
  }

  protected async link(): Promise<void> {
    const templateId = this.choice();
    if (!templateId) return;
    await this.run(async () => {
      this.linked.set(await firstValueFrom(this.templates.link(this.assistantId(), templateId)));
      this.choice.set('');
    });
  }

  protected toggleReview(template: AssistantTemplateView): void {
    this.reviewing.update((id) => (id === template.id ? null : template.id));
  }

  protected async accept(template: AssistantTemplateView): Promise<void> {
    await this.run(async () => {
      this.linked.set(await firstValueFrom(this.templates.acceptUpdate(this.assistantId(), template.id)));
      this.reviewing.set(null);
      if (this.previewing()?.id === template.id) this.closePreview();
    });
  }

  protected async unlink(template: AssistantTemplateView): Promise<void> {
    await this.run(async () => {
      await firstValueFrom(this.templates.unlink(this.assistantId(), template.id));
      this.linked.update((list) => (list ?? []).filter((t) => t.id !== template.id));
      if (this.previewing()?.id === template.id) this.closePreview();
      if (this.defaultTemplateId() === template.id) this.assistantChanged.emit(null);
    });
  }

  protected async makeDefault(templateId: string | null): Promise<void> {
    await this.run(async () => this.assistantChanged.emit(await firstValueFrom(this.templates.setDefault(this.assistantId(), templateId))));
  }

  protected preview(template: AssistantTemplateView): void {
    this.previewing.set(template);
    this.values.set(Object.fromEntries(template.variables.map((name) => [name, ''])));
    this.rendered.set(null);
    void this.render();
  }

  protected closePreview(): void {
    this.previewing.set(null);
    this.rendered.set(null);
  }

  protected setValue(name: string, value: string): void {
    this.values.update((values) => ({ ...values, [name]: value }));
  }

  protected async render(): Promise<void> {
    const template = this.previewing();
    if (!template) return;
    // Variables left empty stay as {{name}} and are listed as missing.
    const variables = Object.fromEntries(Object.entries(this.values()).filter(([, value]) => value !== ''));
    await this.run(async () => this.rendered.set(await firstValueFrom(this.templates.render(template.promptText, variables))));
  }

  private async load(id: string): Promise<void> {
    await this.run(async () => {
      const [linked, library] = await Promise.all([firstValueFrom(this.templates.linked(id)), firstValueFrom(this.templates.library())]);
      this.linked.set(linked);
      this.library.set(library.items);
    });
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await work();
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }
}
