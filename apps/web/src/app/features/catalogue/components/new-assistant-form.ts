import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ASSISTANT_TYPES, type AssistantType, type AssistantView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { AssistantsService } from '../services/assistants.service';

/** A small form for a new assistant; the server's validation messages show as they come. */
@Component({
  selector: 'app-new-assistant-form',
  imports: [FormsModule, TranslatePipe],
  template: `
    <form class="panel" (ngSubmit)="submit()">
      <div class="row">
        <div class="field"><label for="na-name">{{ 'catalogue.name' | translate }}</label>
          <input id="na-name" name="name" [(ngModel)]="name" required maxlength="120" /></div>
        <div class="field narrow"><label for="na-type">{{ 'catalogue.type' | translate }}</label>
          <select id="na-type" name="type" [(ngModel)]="type">
            @for (t of types; track t) { <option [value]="t">{{ 'types.' + t | translate }}</option> }
          </select></div>
      </div>
      <label for="na-description">{{ 'catalogue.description' | translate }}</label>
      <textarea id="na-description" name="description" rows="2" [(ngModel)]="description" maxlength="2000"></textarea>
      <label class="check"><input type="checkbox" name="isPublic" [(ngModel)]="isPublic" /> {{ 'catalogue.public' | translate }}</label>
      @if (error(); as message) { <p class="error" role="alert">{{ message }}</p> }
      <div class="actions">
        <button type="button" (click)="cancelled.emit()">{{ 'catalogue.cancel' | translate }}</button>
        <button type="submit" class="primary" [disabled]="busy()">{{ 'catalogue.create' | translate }}</button>
      </div>
    </form>
  `,
  styles: `
    .panel { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 1rem; margin-bottom: 1rem; display: flex; flex-direction: column; gap: .4rem; }
    .row { display: flex; gap: .75rem; flex-wrap: wrap; }
    .field { flex: 1 1 240px; } .field.narrow { flex: 0 1 180px; }
    .check { display: flex; gap: .4rem; align-items: center; color: var(--text); }
    .check input { width: auto; }
    .actions { display: flex; justify-content: flex-end; gap: .5rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NewAssistantForm {
  private readonly assistants = inject(AssistantsService);
  readonly created = output<AssistantView>();
  readonly cancelled = output<void>();
  protected readonly types = ASSISTANT_TYPES;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected name = '';
  protected description = '';
  protected type: AssistantType = 'qa';
  protected isPublic = false;

  protected async submit(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      const assistant = await firstValueFrom(
        this.assistants.create({ name: this.name, description: this.description, assistantType: this.type, isPublic: this.isPublic }),
      );
      this.created.emit(assistant);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }
}
