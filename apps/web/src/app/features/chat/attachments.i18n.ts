// The texts of files attached to a question (merged into the dictionaries as `chat.attachments`).
export const ATTACHMENTS_EN = {
  attach: 'Attach a file',
  attachHint: 'Attach a file to this question: it is read for this conversation only',
  listLabel: 'Attached files',
  reading: 'Reading file…',
  ready: 'Ready',
  failed: 'Could not be read: {reason}',
  remove: 'Remove {name}',
  uploadFailed: '{name} could not be attached: {message}',
};

export const ATTACHMENTS_RU: typeof ATTACHMENTS_EN = {
  attach: 'Приложить файл',
  attachHint: 'Приложить файл к этому вопросу: он читается только в этом диалоге',
  listLabel: 'Приложенные файлы',
  reading: 'Читаю файл…',
  ready: 'Готово',
  failed: 'Не удалось прочитать: {reason}',
  remove: 'Убрать {name}',
  uploadFailed: 'Не удалось приложить {name}: {message}',
};
