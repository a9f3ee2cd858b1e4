// Why a read-aloud or voice-input button can do nothing (merged into the dictionaries as `speech`).
export const SPEECH_EN = {
  noSynthesis: 'Reading aloud is not available: this browser cannot speak text.',
  noRecognition: 'Voice input is not available: this browser cannot recognise speech. Try Chrome or Edge.',
  micDenied: 'Voice input is blocked: allow this site to use the microphone in the browser’s settings, then reload the page.',
  noMic: 'Voice input needs a microphone, and none was found.',
  failed: 'The browser’s speech service failed. Try again later.',
};

export const SPEECH_RU: typeof SPEECH_EN = {
  noSynthesis: 'Чтение вслух недоступно: этот браузер не умеет озвучивать текст.',
  noRecognition: 'Голосовой ввод недоступен: этот браузер не распознаёт речь. Попробуйте Chrome или Edge.',
  micDenied: 'Голосовой ввод заблокирован: разрешите сайту доступ к микрофону в настройках браузера и обновите страницу.',
  noMic: 'Для голосового ввода нужен микрофон, а он не найден.',
  failed: 'Служба речи браузера не сработала. Попробуйте позже.',
};
