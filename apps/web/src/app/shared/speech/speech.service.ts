import { Injectable, inject, signal } from '@angular/core';
import { LanguageService } from '../../core/i18n/language.service';

/** The parts of the Web Speech API's recognizer used here (not in TypeScript's DOM types). */
interface Recognizer {
  lang: string;
  interimResults: boolean;
  continuous: boolean;
  onresult: ((event: { results: ArrayLike<ArrayLike<{ transcript: string }>> }) => void) | null;
  onend: (() => void) | null;
  onerror: (() => void) | null;
  start(): void;
  stop(): void;
}
type RecognizerClass = new () => Recognizer;

function recognizerClass(): RecognizerClass | null {
  const scope = globalThis as unknown as { SpeechRecognition?: RecognizerClass; webkitSpeechRecognition?: RecognizerClass };
  return scope.SpeechRecognition ?? scope.webkitSpeechRecognition ?? null;
}

/** Read-aloud (speechSynthesis) and voice input (SpeechRecognition), where the browser has them. */
@Injectable({ providedIn: 'root' })
export class SpeechService {
  private readonly language = inject(LanguageService);
  readonly canSpeak = typeof speechSynthesis !== 'undefined' && typeof SpeechSynthesisUtterance !== 'undefined';
  readonly canListen = recognizerClass() !== null;
  /** The id of what is being read aloud. */
  readonly speaking = signal<string | null>(null);
  readonly listening = signal(false);
  private recognizer: Recognizer | null = null;

  private locale(): string {
    return this.language.current() === 'ru' ? 'ru-RU' : 'en-US';
  }

  speak(id: string, text: string): void {
    if (!this.canSpeak) return;
    speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = this.locale();
    utterance.onend = () => this.speaking.set(null);
    utterance.onerror = () => this.speaking.set(null);
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
    if (!Recognizer || this.recognizer) return;
    const recognizer = new Recognizer();
    recognizer.lang = this.locale();
    recognizer.interimResults = false;
    recognizer.continuous = false;
    recognizer.onresult = (event) => {
      const last = event.results[event.results.length - 1];
      if (last?.[0]?.transcript) heard(last[0].transcript.trim());
    };
    recognizer.onend = recognizer.onerror = () => {
      this.recognizer = null;
      this.listening.set(false);
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
