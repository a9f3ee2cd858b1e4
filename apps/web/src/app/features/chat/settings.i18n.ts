// Texts of the settings part of issue 17 (templates in the chat, access pages, read-only
// settings, what the statistics count), merged into the dictionaries as `settings`.

export const SETTINGS_EN = {
  picker: {
    none: 'No template',
    unfilled: '{count, plural, one {Still empty: {names}. Fill it in to send.} other {Still empty: {names}. Fill them in to send.}}',
  },
  sendBlocked: 'Fill in the template’s empty {count, plural, one {variable} other {variables}} first',
  access: {
    deniedTitle: 'No access',
    denied: 'This assistant is private: only its owner and administrators may use it. Ask its owner to share it.',
    notFoundTitle: 'Not found',
    notFound: 'There is no such assistant; it may have been deleted.',
    back: 'Back to the assistants',
  },
  readOnly: 'You may use this assistant but not change it: its settings are shown read-only.',
  stats: {
    hint: 'Conversations and messages that exist now (archived ones included, deleted and cleared ones not)',
  },
  defaultValue: 'Default: {value}',
};

export const SETTINGS_RU: typeof SETTINGS_EN = {
  picker: {
    none: 'Без шаблона',
    unfilled:
      '{count, plural, one {Не заполнено: {names}. Заполните, чтобы отправить.} few {Не заполнены: {names}. Заполните их, чтобы отправить.} many {Не заполнены: {names}. Заполните их, чтобы отправить.} other {Не заполнены: {names}. Заполните их, чтобы отправить.}}',
  },
  sendBlocked: 'Сначала заполните {count, plural, one {пустую переменную} few {пустые переменные} many {пустые переменные} other {пустые переменные}} шаблона',
  access: {
    deniedTitle: 'Нет доступа',
    denied: 'Это закрытый ассистент: им могут пользоваться только владелец и администраторы. Попросите владельца открыть доступ.',
    notFoundTitle: 'Не найдено',
    notFound: 'Такого ассистента нет; возможно, его удалили.',
    back: 'К списку ассистентов',
  },
  readOnly: 'Вы можете пользоваться этим ассистентом, но не менять его: настройки показаны только для чтения.',
  stats: {
    hint: 'Диалоги и сообщения, которые есть сейчас (включая архивные; удалённые и очищенные не считаются)',
  },
  defaultValue: 'По умолчанию: {value}',
};
