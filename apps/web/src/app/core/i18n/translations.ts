// Interface text, bundled with the app (no HTTP loader: two small dictionaries).
import { ASSISTANT_PAGE_EN, ASSISTANT_PAGE_RU } from '../../features/assistant/assistant.i18n';

export const EN = {
  app: { title: 'Assistants', signOut: 'Sign out', catalogue: 'Assistants', connectionLost: 'Connection lost. Reconnecting…', language: 'Language' },
  auth: {
    signIn: 'Sign in', signUp: 'Create account', email: 'Email', password: 'Password',
    toSignUp: 'No account yet? Create one', toSignIn: 'Have an account? Sign in',
    remember: 'Keep me signed in', working: 'Please wait…', subtitle: 'Self-hosted AI assistants with their own knowledge.',
  },
  catalogue: {
    search: 'Search assistants', allTypes: 'All types', newAssistant: 'New assistant', empty: 'No assistants yet.',
    loading: 'Loading assistants…', public: 'Public', private: 'Private', conversations: 'conversations', messages: 'messages',
    rating: 'rating', noRating: 'not rated', create: 'Create', cancel: 'Cancel', name: 'Name', description: 'Description', type: 'Type',
  },
  types: { support: 'Support', qa: 'Q&A', analyzer: 'Analyzer', custom: 'Custom' },
  chat: {
    conversations: 'Conversations', newConversation: 'New conversation', searchConversations: 'Search conversations',
    rename: 'Rename', archive: 'Archive', delete: 'Delete', clear: 'Clear', export: 'Export', archived: 'Archived', active: 'Active',
    placeholder: 'Ask a question — Enter sends, Shift+Enter for a new line', send: 'Send', stop: 'Stop', retry: 'Retry',
    typing: 'Assistant is typing…', you: 'You', assistant: 'Assistant', details: 'Technical details', hideDetails: 'Hide details',
    processing: 'Answered in {{seconds}} s', copy: 'Copy', copied: 'Copied', sources: 'Sources', page: 'p.', score: 'score',
    timings: 'Timings', usage: 'Tokens', request: 'LLM request', noConversation: 'Start a conversation by asking a question.',
    confirmDelete: 'Delete this conversation?', confirmClear: 'Remove all messages of this conversation?', loading: 'Loading…',
    failed: 'The answer failed', cancelled: 'Stopped', newTitle: 'New title', back: 'All assistants', rate: 'Rate {{n}} of 5',
    polling: 'Live updates are unavailable; checking for the answer…',
    upload: 'Add to knowledge base',
    comment: 'Add a comment (optional)',
    readAloud: 'Read aloud',
    stopReading: 'Stop reading',
    voice: 'Voice input',
    saveComment: 'Save',
  },
  assistant: {
    openChat: 'Open the chat', model: 'Model', temperature: 'Temperature (0–2)', maxTokens: 'Max tokens', systemPrompt: 'System prompt (empty: the default of the type)',
    search: 'Search the knowledge base', searchLimit: 'Passages per answer', save: 'Save settings', saved: 'Saved.', settings: 'Settings',
  },
  documents: { uploading: 'Uploading', processing: 'Processing', ready: 'Ready', failed: 'Failed', dismiss: 'Hide finished uploads' },
  assistantPage: ASSISTANT_PAGE_EN,
};

export type Dictionary = typeof EN;

export const RU: Dictionary = {
  app: { title: 'Ассистенты', signOut: 'Выйти', catalogue: 'Ассистенты', connectionLost: 'Соединение потеряно. Переподключаемся…', language: 'Язык' },
  auth: {
    signIn: 'Войти', signUp: 'Создать аккаунт', email: 'Эл. почта', password: 'Пароль',
    toSignUp: 'Нет аккаунта? Создайте его', toSignIn: 'Уже есть аккаунт? Войдите',
    remember: 'Не выходить', working: 'Подождите…', subtitle: 'Собственные ИИ-ассистенты со своей базой знаний.',
  },
  catalogue: {
    search: 'Поиск ассистентов', allTypes: 'Все типы', newAssistant: 'Новый ассистент', empty: 'Ассистентов пока нет.',
    loading: 'Загружаем ассистентов…', public: 'Публичный', private: 'Личный', conversations: 'диалогов', messages: 'сообщений',
    rating: 'оценка', noRating: 'нет оценок', create: 'Создать', cancel: 'Отмена', name: 'Название', description: 'Описание', type: 'Тип',
  },
  types: { support: 'Поддержка', qa: 'Вопрос-ответ', analyzer: 'Аналитик', custom: 'Свой' },
  chat: {
    conversations: 'Диалоги', newConversation: 'Новый диалог', searchConversations: 'Поиск диалогов',
    rename: 'Переименовать', archive: 'В архив', delete: 'Удалить', clear: 'Очистить', export: 'Экспорт', archived: 'Архив', active: 'Активные',
    placeholder: 'Задайте вопрос — Enter отправляет, Shift+Enter — новая строка', send: 'Отправить', stop: 'Остановить', retry: 'Повторить',
    typing: 'Ассистент печатает…', you: 'Вы', assistant: 'Ассистент', details: 'Технические детали', hideDetails: 'Скрыть детали',
    processing: 'Ответ за {{seconds}} с', copy: 'Копировать', copied: 'Скопировано', sources: 'Источники', page: 'с.', score: 'оценка',
    timings: 'Время', usage: 'Токены', request: 'Запрос к LLM', noConversation: 'Задайте вопрос, чтобы начать диалог.',
    confirmDelete: 'Удалить этот диалог?', confirmClear: 'Удалить все сообщения диалога?', loading: 'Загрузка…',
    failed: 'Ответ не получен', cancelled: 'Остановлено', newTitle: 'Новое название', back: 'Все ассистенты', rate: 'Оценка {{n}} из 5',
    polling: 'Живые обновления недоступны; проверяем ответ…',
    upload: 'Добавить в базу знаний',
    comment: 'Комментарий (необязательно)',
    readAloud: 'Прочитать вслух',
    stopReading: 'Остановить чтение',
    voice: 'Голосовой ввод',
    saveComment: 'Сохранить',
  },
  assistant: {
    openChat: 'Открыть чат', model: 'Модель', temperature: 'Температура (0–2)', maxTokens: 'Макс. токенов', systemPrompt: 'Системный промпт (пусто: по умолчанию для типа)',
    search: 'Искать в базе знаний', searchLimit: 'Фрагментов на ответ', save: 'Сохранить настройки', saved: 'Сохранено.', settings: 'Настройки',
  },
  documents: { uploading: 'Загрузка', processing: 'Обработка', ready: 'Готово', failed: 'Ошибка', dismiss: 'Скрыть завершённые' },
  assistantPage: ASSISTANT_PAGE_RU,
};
