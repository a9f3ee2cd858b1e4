import { TestBed } from '@angular/core/testing';
import type { LlmRequestView, MessageView } from '@assistants/common';
import { provideTranslateService } from '@ngx-translate/core';
import { LanguageService } from '../../../core/i18n/language.service';
import { provideAppTranslations } from '../../../core/i18n/provide-translations';
import { messageView } from '../testing/message-view';
import { MessageDetails } from './message-details';

const request: LlmRequestView = {
  provider: 'openai',
  model: 'm',
  temperature: 0,
  maxTokens: 1,
  promptTokens: 1,
  historyMessages: 0,
  usedSummary: false,
  truncated: false,
  finishReason: 'stop',
  template: null,
  messages: [
    { role: 'system', content: '(hidden by the assistant’s owner)' },
    { role: 'user', content: 'Hi' },
  ],
};
const answer = (llmRequest: LlmRequestView): MessageView =>
  messageView({ role: 'assistant', content: 'Hello', replyToId: 'q', parentId: 'q', searchResults: [], llmRequest });

async function show(view: MessageView) {
  TestBed.configureTestingModule({ providers: [provideTranslateService()] });
  const fixture = TestBed.createComponent(MessageDetails);
  fixture.componentRef.setInput('message', view);
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

describe('MessageDetails', () => {
  it('says when the template asked for was left out', async () => {
    const element = await show(answer({ ...request, templateNotUsed: { id: 't1', reason: 'The template "Voice" is no longer shared by its owner.' } }));
    expect(element.querySelector('[role=note]')!.textContent).toBe('chat.templatePicker.notUsed'); // no dictionary loaded here: the key shows
    expect(element.querySelector('pre')!.textContent).toContain('(hidden by the assistant’s owner)');
  });

  it('says nothing about templates when none was left out', async () => {
    expect((await show(answer(request))).querySelector('[role=note]')).toBeNull();
  });

  it('says the request in Russian words, the plurals agreeing and the finish reason translated', async () => {
    TestBed.configureTestingModule({ providers: [provideAppTranslations()] });
    TestBed.inject(LanguageService).use('ru');
    const fixture = TestBed.createComponent(MessageDetails);
    fixture.componentRef.setInput('message', answer({ ...request, model: 'gpt-4o-mini', maxTokens: 1024, promptTokens: 52, historyMessages: 1 }));
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('.request-summary')!.textContent!.trim()).toBe(
      'openai · gpt-4o-mini · температура 0 · не больше 1024 ток. · 52 токена в запросе · 1 сообщение истории · завершение: ответ закончен',
    );
    expect(element.querySelector('summary')!.textContent).toBe('сообщения');
  });
});
