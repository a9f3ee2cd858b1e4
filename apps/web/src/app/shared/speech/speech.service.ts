import { Injectable, inject, signal } from '@angular/core';
import { LanguageService } from '../../core/i18n/language.service';

/** The parts of the Web Speech API's recognizer used here (not in TypeScript's DOM types). */
interface Recognizer {
  lang: string;
  interimResults: boolean;
  continuous: boolean;
  onresult: ((event: { results: ArrayLike<ArrayLike<{ transcript: string }>> }) => void) | null;
  onend: (() => void) | null;
  onerror: ((event: { error?: string }) => void) | null;
  start(): void;
  stop(): void;
}
type RecognizerClass = new () => Recognizer;

function recognizerClass(): RecognizerClass | null {
  const scope = globalThis as unknown as { SpeechRecognition?: RecognizerClass; webkitSpeechRecognition?: RecognizerClass };
  return scope.SpeechRecognition ?? scope.webkitSpeechRecognition ?? null;
}

/**
 * Why a speech button can do nothing: the browser lacks the API, the microphone was refused, there
 * is no microphone, or the speech service failed. Each is a key of the `speech` dictionary.
 */
export type SpeechProblem = 'noSynthesis' | 'noRecognition' | 'micDenied' | 'noMic' | 'failed';

/** The recognizer's and the synthesiser's error codes, in the words the person gets. */
function problemOf(error: string | undefined): SpeechProblem | null {
  if (error === 'not-allowed' || error === 'service-not-allowed') return 'micDenied';
  if (error === 'audio-capture') return 'noMic';
  // Silence, an abort or an interruption (a second read-aloud) are no fault of the button.
  if (!error || error === 'no-speech' || error === 'aborted' || error === 'interrupted' || error === 'canceled') return null;
  return 'failed';
}

/**
 * Read-aloud (speechSynthesis) and voice input (SpeechRecognition). Where one cannot work, its
 * button stays and says why (`speakProblem`, `listenProblem`) instead of silently doing nothing.
 */
@Injectable({ providedIn: 'root' })
export class SpeechService {
  private readonly language = inject(LanguageService);
  readonly canSpeak = typeof speechSynthesis !== 'undefined' && typeof SpeechSynthesisUtterance !== 'undefined';
  readonly canListen = recognizerClass() !== null;
  /** The id of what is being read aloud. */
  readonly speaking = signal<string | null>(null);
  readonly listening = signal(false);
  readonly speakProblem = signal<SpeechProblem | null>(this.canSpeak ? null : 'noSynthesis');
  readonly listenProblem = signal<SpeechProblem | null>(this.canListen ? null : 'noRecognition');
  private recognizer: Recognizer | null = null;

  private locale(): string {
    return this.language.current() === 'ru' ? 'ru-RU' : 'en-US';
  }

  speak(id: string, text: string): void {
    if (!this.canSpeak || this.speakProblem()) return;
    speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = this.locale();
    utterance.onend = () => this.speaking.set(null);
    utterance.onerror = (event) => {
      this.speaking.set(null);
      this.speakProblem.set(problemOf(event.error));
    };
    this.speaking.set(id);
    speechSynthesis.speak(utterance);
  }

  stopSpeaking(): void {
    if (this.canSpeak) speechSynthesis.cancel();
    this.speaking.set(null);
  }

  /** Starts listening; each recognised phrase is handed to `heard`. */
  listen(heard: (text: string) => void): void {
    const Recognizer = recognizerClass();
    if (!Recognizer || this.recognizer || this.listenProblem()) return;
    const recognizer = new Recognizer();
    recognizer.lang = this.locale();
    recognizer.interimResults = false;
    recognizer.continuous = false;
    recognizer.onresult = (event) => {
      const last = event.results[event.results.length - 1];
      if (last?.[0]?.transcript) heard(last[0].transcript.trim());
    };
    recognizer.onend = () => {
      this.recognizer = null;
      this.listening.set(false);
    };
    recognizer.onerror = (event) => {
      this.listenProblem.set(problemOf(event.error));
      recognizer.onend?.();
    };
    this.recognizer = recognizer;
    this.listening.set(true);
    recognizer.start();
  }

  stopListening(): void {
    this.recognizer?.stop();
  }
}

/** The readable text of sanitised HTML, parsed in an inert document (nothing loads or runs). */
export function textOfHtml(html: string): string {
  return new DOMParser().parseFromString(html, 'text/html').body.textContent?.trim() ?? '';
}
