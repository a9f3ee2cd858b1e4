import { Pipe, type PipeTransform, inject } from '@angular/core';
import { TranslateService } from '@ngx-translate/core';

/** What the server stored as the title of every new conversation before it stored none; shown as untitled too. */
const OLD_DEFAULT_TITLE = 'New conversation';

/** A conversation no one has titled yet: the server leaves the title empty, for each reader's own language. */
export function isUntitled(title: string | null | undefined): boolean {
  return !title?.trim() || title === OLD_DEFAULT_TITLE;
}

/** A conversation's title, or "New conversation" in the interface language for one not titled yet. */
export function conversationTitle(title: string | null | undefined, translate: TranslateService): string {
  return isUntitled(title) ? (translate.instant('chat.untitled') as string) : title!;
}

/** `{{ conversation.title | conversationTitle }}`; impure like the translate pipe, so a change of language shows at once. */
@Pipe({ name: 'conversationTitle', pure: false })
export class ConversationTitlePipe implements PipeTransform {
  private readonly translate = inject(TranslateService);

  transform(title: string | null | undefined): string {
    return conversationTitle(title, this.translate);
  }
}
