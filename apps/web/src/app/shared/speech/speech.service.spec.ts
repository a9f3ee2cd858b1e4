import { TestBed } from '@angular/core/testing';
import { provideTranslateService } from '@ngx-translate/core';
import { Composer } from '../../features/chat/components/composer';
import { SpeechService, textOfHtml } from './speech.service';

describe('SpeechService', () => {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>)['webkitSpeechRecognition'];
  });

  it('hides voice input where the browser has no recognizer', async () => {
    TestBed.configureTestingModule({ providers: [provideTranslateService()] });
    const fixture = TestBed.createComponent(Composer);
    await fixture.whenStable();
    expect(TestBed.inject(SpeechService).canListen).toBe(false);
    expect(fixture.nativeElement.querySelector('.mic')).toBeNull();
  });

  it('dictates into the question box in the interface language', async () => {
    const started: { lang: string }[] = [];
    class FakeRecognizer {
      lang = '';
      interimResults = true;
      continuous = true;
      onresult: ((event: { results: { transcript: string }[][] }) => void) | null = null;
      onend: (() => void) | null = null;
      onerror: (() => void) | null = null;
      start() {
        started.push(this);
        this.onresult?.({ results: [[{ transcript: ' how long is leave ' }]] });
        this.onend?.();
      }
      stop() {}
    }
    (globalThis as Record<string, unknown>)['webkitSpeechRecognition'] = FakeRecognizer;
    TestBed.configureTestingModule({ providers: [provideTranslateService()] });
    const fixture = TestBed.createComponent(Composer);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    element.querySelector<HTMLButtonElement>('.mic')!.click();
    await fixture.whenStable();
    expect(started[0].lang).toBe('en-US');
    expect(element.querySelector('textarea')!.value).toBe('how long is leave');
    expect(TestBed.inject(SpeechService).listening()).toBe(false);
  });

  it('reads text, never markup, from rendered HTML', () => {
    expect(textOfHtml('<p>Leave is <strong>16 weeks</strong></p><img src="x">')).toBe('Leave is 16 weeks');
  });
});
