import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import type { MessageView } from '@assistants/common';
import { TranslateService } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { setProblemLanguage } from '../../../core/i18n/problem-message';
import { provideAppTranslations } from '../../../core/i18n/provide-translations';
import { MessageItem } from './message-item';
import { messageView } from '../testing/message-view';

const failed = (over: Partial<MessageView>): MessageView =>
  messageView({
    id: 'a1',
    role: 'assistant',
    status: 'failed',
    error: 'chat completion (gpt-4o) failed (HTTP 503): overloaded',
    errorCode: 'chat.provider_unreachable',
    replyToId: 'q1',
    parentId: 'q1',
    versions: ['a1'],
    ...over,
  });

async function show(view: MessageView, language: 'en' | 'ru') {
  setProblemLanguage(language);
  TestBed.configureTestingModule({ providers: [provideHttpClient(), provideAppTranslations(language)] });
  await firstValueFrom(TestBed.inject(TranslateService).use(language));
  const fixture = TestBed.createComponent(MessageItem);
  fixture.componentRef.setInput('message', view);
  fixture.componentRef.setInput('text', view.content);
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

const squeeze = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

describe('MessageItem: a failed answer', () => {
  afterEach(() => setProblemLanguage('en'));

  it('says why in Russian by its code, the English reason folded away and labelled for support', async () => {
    const element = await show(failed({}), 'ru');
    expect(squeeze(element.querySelector('.error')?.textContent)).toBe(
      'Ответ не получен: Не удалось связаться с поставщиком модели, или он не смог ответить. Попробуйте ещё раз чуть позже.',
    );
    expect(element.querySelector('.error')?.textContent).not.toMatch(/HTTP|overloaded/);
    const support = element.querySelector('details.support');
    expect(squeeze(support?.querySelector('summary')?.textContent)).toBe('Подробности для поддержки');
    expect(support?.querySelector('code')?.textContent).toBe('chat completion (gpt-4o) failed (HTTP 503): overloaded');
  });

  it("fills a code's params in Russian", async () => {
    const element = await show(
      failed({ error: 'Template "T" would render to more than 200,000 characters…', errorCode: 'chat.template_too_long', errorParams: { max: 200_000 } }),
      'ru',
    );
    expect(squeeze(element.querySelector('.error')?.textContent)).toContain('шаблон превысит 200');
    expect(squeeze(element.querySelector('.error')?.textContent)).toContain('символов');
  });

  it("says the code's text in English too, with the reason for support", async () => {
    const element = await show(failed({}), 'en');
    expect(squeeze(element.querySelector('.error')?.textContent)).toBe(
      'The answer failed: The model provider could not be reached, or it failed to answer. Try again in a moment.',
    );
    expect(squeeze(element.querySelector('details.support summary')?.textContent)).toBe('Details for support');
  });

  it('keeps the English text of an answer failed before codes, with nothing folded beside it', async () => {
    const element = await show(failed({ error: 'The model refused.', errorCode: null }), 'ru');
    expect(squeeze(element.querySelector('.error')?.textContent)).toBe('Ответ не получен: The model refused.');
    expect(element.querySelector('details.support')).toBeNull();
  });
});
