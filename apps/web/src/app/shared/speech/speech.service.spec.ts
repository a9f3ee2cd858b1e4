import { TestBed } from '@angular/core/testing';
import { provideTranslateService } from '@ngx-translate/core';
import { LanguageService } from '../../core/i18n/language.service';
import { provideAppTranslations } from '../../core/i18n/provide-translations';
import { Composer } from '../../features/chat/components/composer';
import { SPEECH_EN, SPEECH_RU } from './speech.i18n';
import { SpeechService, textOfHtml } from './speech.service';

describe('SpeechService', () => {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>)['webkitSpeechRecognition'];
  });

  it('says why voice input cannot work where the browser has no recognizer, in the interface language', async () => {
    TestBed.configureTestingModule({ providers: [provideAppTranslations('ru')] });
    TestBed.inject(LanguageService).use('ru');
    const fixture = TestBed.createComponent(Composer);
    await fixture.whenStable();
    expect(TestBed.inject(SpeechService).canListen).toBe(false);
    const mic = fixture.nativeElement.querySelector('.mic') as HTMLButtonElement;
    expect(mic.getAttribute('aria-disabled')).toBe('true');
    expect(mic.getAttribute('aria-description')).toBe(SPEECH_RU.noRecognition);
    expect(mic.title).toBe(SPEECH_RU.noRecognition);
    mic.click();
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('.why[role=status]').textContent).toBe(SPEECH_RU.noRecognition);
  });

  it('says the microphone was refused once the recognizer reports it, and does not try again', async () => {
    const started: unknown[] = [];
    class RefusedRecognizer {
      lang = '';
      interimResults = true;
      continuous = true;
      onresult = null;
      onend: (() => void) | null = null;
      onerror: ((event: { error: string }) => void) | null = null;
      start() {
        started.push(this);
        this.onerror?.({ error: 'not-allowed' });
      }
      stop() {}
    }
    (globalThis as Record<string, unknown>)['webkitSpeechRecognition'] = RefusedRecognizer;
    TestBed.configureTestingModule({ providers: [provideAppTranslations()] });
    const fixture = TestBed.createComponent(Composer);
    await fixture.whenStable();
    const mic = fixture.nativeElement.querySelector('.mic') as HTMLButtonElement;
    expect(mic.getAttribute('aria-disabled')).toBeNull();
    mic.click();
    await fixture.whenStable();
    expect(TestBed.inject(SpeechService).listening()).toBe(false);
    expect(mic.getAttribute('aria-description')).toBe(SPEECH_EN.micDenied);
    mic.click();
    await fixture.whenStable();
    expect(started).toHaveLength(1);
    expect(fixture.nativeElement.querySelector('.why').textContent).toBe(SPEECH_EN.micDenied);
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
