import { ChangeDetectionStrategy, Component, DestroyRef, inject } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { AuthService } from '../auth/auth.service';
import { LANGUAGES, LanguageService, type Language } from '../i18n/language.service';
import { LiveService } from '../live/live.service';

/** The signed-in frame: header, language switch, sign out, and the lost-connection banner. */
@Component({
  selector: 'app-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TranslatePipe],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly live = inject(LiveService);
  protected readonly language = inject(LanguageService);
  protected readonly languages = LANGUAGES;
  protected readonly user = this.auth.user;

  constructor() {
    this.live.start();
    inject(DestroyRef).onDestroy(() => this.live.stop());
  }

  protected chooseLanguage(value: string): void {
    this.language.use(value as Language);
  }

  protected signOut(): void {
    this.live.stop();
    this.auth.signOut();
    void this.router.navigateByUrl('/sign-in');
  }
}
