import { TestBed } from '@angular/core/testing';
import { TranslateService } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { LanguageService } from '../../core/i18n/language.service';
import { provideAppTranslations } from '../../core/i18n/provide-translations';
import { ConversationTitlePipe, isUntitled } from './conversation-title.pipe';

describe('conversationTitle', () => {
  it('counts an empty title, and the English default stored before, as untitled; any other as a title', () => {
    expect(isUntitled('')).toBe(true);
    expect(isUntitled('   ')).toBe(true);
    expect(isUntitled('New conversation')).toBe(true);
    expect(isUntitled('Budget questions')).toBe(false);
  });

  it('shows an untitled conversation in the interface language, and a title as it is', async () => {
    TestBed.configureTestingModule({ providers: [provideAppTranslations('ru'), ConversationTitlePipe] });
    TestBed.inject(LanguageService).use('ru');
    await firstValueFrom(TestBed.inject(TranslateService).use('ru'));
    const pipe = TestBed.inject(ConversationTitlePipe);
    expect(pipe.transform('')).toBe('Новый диалог');
    expect(pipe.transform('New conversation')).toBe('Новый диалог');
    expect(pipe.transform('Отпуск')).toBe('Отпуск');
  });
});
