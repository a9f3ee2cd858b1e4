import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { safeReturnUrl } from '../../../core/auth/auth.guard';
import { AuthService } from '../../../core/auth/auth.service';
import { LANGUAGES, LanguageService, type Language } from '../../../core/i18n/language.service';
import { formErrors, withoutField } from '../../../shared/forms/field-errors';

/** The first screen when signed out: one form that signs in or creates an account. */
@Component({
  selector: 'app-sign-in-page',
  imports: [FormsModule, TranslatePipe],
  templateUrl: './sign-in.page.html',
  styleUrl: './sign-in.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly language = inject(LanguageService);
  protected readonly languages = LANGUAGES;
  protected readonly mode = signal<'signIn' | 'signUp'>('signIn');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The server's messages by field (email, password), shown under each. */
  protected readonly fieldErrors = signal<Record<string, string>>({});
  protected email = '';
  protected password = '';

  protected toggleMode(): void {
    this.mode.update((mode) => (mode === 'signIn' ? 'signUp' : 'signIn'));
    this.error.set(null);
    this.fieldErrors.set({});
  }

  /** A changed field's message goes: it may no longer be true. */
  protected edited(field: 'email' | 'password'): void {
    this.fieldErrors.update((fields) => withoutField(fields, field));
  }

  protected chooseLanguage(value: string): void {
    this.language.use(value as Language);
  }

  protected async submit(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.fieldErrors.set({});
    try {
      const email = this.email.trim();
      if (this.mode() === 'signIn') await this.auth.signIn(email, this.password);
      else await this.auth.signUp(email, this.password);
      // Back to the page that sent here (a shared conversation, say), if it is one of this app's.
      await this.router.navigateByUrl(safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl')));
    } catch (error) {
      // The account's name is made from the email, so the name's message belongs under the email.
      const { fields, general } = formErrors(error, ['email', 'password', 'name']);
      const { name, ...rest } = fields;
      this.fieldErrors.set(name && !rest['email'] ? { ...rest, email: name } : rest);
      this.error.set(general);
    } finally {
      this.busy.set(false);
    }
  }
}
