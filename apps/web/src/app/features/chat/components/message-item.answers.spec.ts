import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import type { MessageView } from '@assistants/common';
import { TranslateService } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { provideAppTranslations } from '../../../core/i18n/provide-translations';
import { MessageItem } from './message-item';
import { messageView } from '../testing/message-view';

const message = (over: Partial<MessageView>): MessageView =>
  messageView({ id: 'a2', role: 'assistant', content: 'Rome.', replyToId: 'q1', parentId: 'q1', versions: ['a1', 'a2', 'a3'], ...over });

async function show(view: MessageView, inputs: Record<string, unknown> = {}, language: 'en' | 'ru' = 'en') {
  TestBed.configureTestingModule({ providers: [provideHttpClient(), provideAppTranslations(language)] });
  await firstValueFrom(TestBed.inject(TranslateService).use(language));
  const fixture = TestBed.createComponent(MessageItem);
  fixture.componentRef.setInput('message', view);
  fixture.componentRef.setInput('text', view.content);
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  await fixture.whenStable();
  const element = fixture.nativeElement as HTMLElement;
  const button = (label: string) => element.querySelector<HTMLButtonElement>(`button[aria-label="${label}"], button[title="${label}"]`);
  return { fixture, element, button };
}

describe('MessageItem: copy, regenerate, edit, versions, stopped', () => {
  it('pages through the versions of an answer: "2 of 3", previous and next', async () => {
    const { fixture, element, button } = await show(message({}));
    const chosen: string[] = [];
    fixture.componentInstance.versionChosen.subscribe((id) => chosen.push(id));
    expect(element.querySelector('.versions')?.textContent).toContain('2 of 3');
    button('Previous version')!.click();
    button('Next version')!.click();
    expect(chosen).toEqual(['a1', 'a3']);
  });

  it('shows no pager for a single version, and disables it while an answer is being written', async () => {
    expect((await show(message({ versions: ['a2'] }))).element.querySelector('.versions')).toBeNull();
    TestBed.resetTestingModule();
    const { button } = await show(message({}), { canBranch: false });
    expect(button('Previous version')!.disabled).toBe(true);
    expect(button('Write this answer again')).toBeNull();
  });

  it('copies the whole answer with a labelled button that says it did', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    const { fixture, button } = await show(message({ content: '**Rome**, the capital.' }));
    button('Copy the answer')!.click();
    await Promise.resolve();
    await fixture.whenStable();
    expect(writeText).toHaveBeenCalledWith('**Rome**, the capital.');
    expect(button('Copy the answer')!.textContent).toContain('Copied');
  });

  it('regenerates a finished or stopped answer, not one being written', async () => {
    const { fixture, button } = await show(message({}));
    const asked: string[] = [];
    fixture.componentInstance.regenerated.subscribe((m) => asked.push(m.id));
    button('Write this answer again')!.click();
    expect(asked).toEqual(['a2']);
    TestBed.resetTestingModule();
    expect((await show(message({ status: 'streaming' }))).button('Write this answer again')).toBeNull();
  });

  it('shows a stopped answer as a neutral note, not an error, in both languages', async () => {
    const en = await show(message({ status: 'cancelled', error: 'Cancelled by the user.' }));
    expect(en.element.querySelector('.error')).toBeNull();
    expect(en.element.querySelector('.note')?.textContent).toContain('Stopped');
    TestBed.resetTestingModule();
    const ru = await show(message({ status: 'cancelled' }), {}, 'ru');
    expect(ru.element.querySelector('.note')?.textContent).toContain('Остановлено');
    expect(ru.button('Написать этот ответ заново')).not.toBeNull();
  });

  it('edits a question: the box opens with its text, Enter resends, Esc cancels', async () => {
    const question = message({ id: 'q1', role: 'user', content: 'Capital of Italy?', replyToId: null, parentId: null, versions: ['q1'] });
    const { fixture, element, button } = await show(question);
    const started: string[] = [];
    fixture.componentInstance.editStarted.subscribe((m) => started.push(m.id));
    button('Edit and resend this question')!.click();
    expect(started).toEqual(['q1']);

    fixture.componentRef.setInput('editing', true);
    await fixture.whenStable();
    const box = element.querySelector<HTMLTextAreaElement>('textarea')!;
    expect(box.value).toBe('Capital of Italy?');
    const edits: string[] = [];
    let cancelled = 0;
    fixture.componentInstance.edited.subscribe((e) => edits.push(e.content));
    fixture.componentInstance.editCancelled.subscribe(() => cancelled++);
    box.value = 'Capital of France?';
    box.dispatchEvent(new Event('input'));
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(edits).toEqual(['Capital of France?']);
    expect(cancelled).toBe(1);
  });
});
