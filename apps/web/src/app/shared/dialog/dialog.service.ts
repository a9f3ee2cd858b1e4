import { ApplicationRef, createComponent, EnvironmentInjector, inject, Injectable } from '@angular/core';
import { AppDialog, type ConfirmOptions, type DialogRequest, type PromptOptions } from './app-dialog';

/** The app's confirm and prompt, in place of the browser's: a modal that gives focus back to its opener. */
@Injectable({ providedIn: 'root' })
export class DialogService {
  private readonly appRef = inject(ApplicationRef);
  private readonly injector = inject(EnvironmentInjector);

  /** true when confirmed; false when cancelled (Esc, Cancel). */
  async confirm(options: ConfirmOptions): Promise<boolean> {
    return (await this.open({ kind: 'confirm', ...options })) === true;
  }

  /** The trimmed text (never empty, at most maxLength), or null when cancelled. */
  async prompt(options: PromptOptions): Promise<string | null> {
    const answer = await this.open({ kind: 'prompt', ...options });
    return typeof answer === 'string' ? answer : null;
  }

  private open(request: DialogRequest): Promise<string | true | null> {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const ref = createComponent(AppDialog, { environmentInjector: this.injector });
    document.body.appendChild(ref.location.nativeElement as HTMLElement);
    this.appRef.attachView(ref.hostView);
    ref.instance.open(request);
    ref.changeDetectorRef.detectChanges();
    ref.instance.show();
    return new Promise((resolve) => {
      ref.instance.onClose = (answer) => {
        this.appRef.detachView(ref.hostView);
        ref.destroy();
        if (opener?.isConnected) opener.focus();
        resolve(answer);
      };
    });
  }
}
