import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Role, UserView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { FormProblems } from '../../../shared/forms/field-errors';
import { UsersAdminService } from '../services/users-admin.service';

/** A new account: a person with a password, or a service account that uses API keys only. */
@Component({
  selector: 'app-new-user-form',
  imports: [FormsModule, TranslatePipe],
  template: `
    <form class="panel" (ngSubmit)="submit()">
      <div class="row">
        <div class="field"><label for="nu-email">{{ 'admin.email' | translate }}</label>
          <input id="nu-email" name="email" type="email" [(ngModel)]="email" (ngModelChange)="problems.edited('email')" required autocomplete="off"
            [attr.aria-invalid]="!!problems.fields()['email']" />
          @if (problems.fields()['email']; as message) { <p class="error" role="alert">{{ message }}</p> }</div>
        <div class="field"><label for="nu-name">{{ 'admin.name' | translate }}</label>
          <input id="nu-name" name="name" [(ngModel)]="name" (ngModelChange)="problems.edited('name')" required maxlength="120"
            [attr.aria-invalid]="!!problems.fields()['name']" />
          @if (problems.fields()['name']; as message) { <p class="error" role="alert">{{ message }}</p> }</div>
      </div>
      <div class="row">
        <div class="field narrow"><label for="nu-role">{{ 'admin.role' | translate }}</label>
          <select id="nu-role" name="role" [(ngModel)]="role" (ngModelChange)="problems.edited('role')">
            <option value="member">{{ 'admin.roles.member' | translate }}</option>
            <option value="admin">{{ 'admin.roles.admin' | translate }}</option>
          </select>
          @if (problems.fields()['role']; as message) { <p class="error" role="alert">{{ message }}</p> }</div>
        @if (!serviceAccount) {
          <div class="field"><label for="nu-password">{{ 'admin.password' | translate }}</label>
            <input id="nu-password" name="password" type="password" [(ngModel)]="password" (ngModelChange)="problems.edited('password')" required
              minlength="8" autocomplete="new-password" [attr.aria-invalid]="!!problems.fields()['password']" />
            @if (problems.fields()['password']; as message) { <p class="error" role="alert">{{ message }}</p> }</div>
        }
      </div>
      <label class="check"><input type="checkbox" name="service" [(ngModel)]="serviceAccount" (ngModelChange)="problems.edited('password')" /> {{ 'admin.serviceAccountHint' | translate }}</label>
      @if (problems.general(); as message) { <p class="error" role="alert">{{ message }}</p> }
      <div class="actions">
        <button type="button" (click)="cancelled.emit()">{{ 'admin.cancel' | translate }}</button>
        <button type="submit" class="primary" [disabled]="busy()">{{ (busy() ? 'admin.creating' : 'admin.createUser') | translate }}</button>
      </div>
    </form>
  `,
  styles: `
    .panel { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 1rem; margin-bottom: 1rem; display: flex; flex-direction: column; gap: .5rem; }
    .row { display: flex; gap: .75rem; flex-wrap: wrap; }
    .field { flex: 1 1 200px; min-width: 0; } .field.narrow { flex: 0 1 160px; }
    .check { display: flex; gap: .5rem; align-items: center; color: var(--text); }
    .check input { width: auto; }
    .actions { display: flex; justify-content: flex-end; gap: .5rem; flex-wrap: wrap; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NewUserForm {
  private readonly users = inject(UsersAdminService);
  readonly created = output<UserView>();
  readonly cancelled = output<void>();
  protected readonly busy = signal(false);
  /** The server's reasons by their field; what no field shows (an email in use, say) as one line. */
  protected readonly problems = new FormProblems(['email', 'name', 'role', 'password']);
  protected email = '';
  protected name = '';
  protected role: Role = 'member';
  protected password = '';
  protected serviceAccount = false;

  protected async submit(): Promise<void> {
    this.busy.set(true);
    this.problems.clear();
    try {
      const user = await firstValueFrom(
        this.users.create({
          email: this.email.trim(),
          name: this.name.trim(),
          role: this.role,
          isServiceAccount: this.serviceAccount,
          ...(this.serviceAccount ? {} : { password: this.password }),
        }),
      );
      this.created.emit(user);
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.busy.set(false);
    }
  }
}
