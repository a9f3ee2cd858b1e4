import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { safeReturnUrl } from '../../../core/auth/auth.guard';
import { AuthService } from '../../../core/auth/auth.service';
import { LANGUAGES, LanguageService, type Language } from '../../../core/i18n/language.service';
import { FormProblems } from '../../../shared/forms/field-errors';

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
  /** The server's reasons: by the email or password field, or as one line for the rest (a wrong password, say); the account's name is made from the email, so its reason shows under the email. */
  protected readonly problems = new FormProblems(['email', 'password'], { name: 'email' });
  protected email = '';
  protected password = '';

  protected toggleMode(): void {
    this.mode.update((mode) => (mode === 'signIn' ? 'signUp' : 'signIn'));
    this.problems.clear();
  }

  protected chooseLanguage(value: string): void {
    this.language.use(value as Language);
  }

  protected async submit(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.problems.clear();
    try {
      const email = this.email.trim();
      if (this.mode() === 'signIn') await this.auth.signIn(email, this.password);
      else await this.auth.signUp(email, this.password);
      // Back to the page that sent here (a shared conversation, say), if it is one of this app's.
      await this.router.navigateByUrl(safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl')));
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.busy.set(false);
    }
  }
}
