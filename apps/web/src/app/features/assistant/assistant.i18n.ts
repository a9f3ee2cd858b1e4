// The assistant page's own texts, kept beside the feature (merged into the dictionaries as `assistantPage`).
export const ASSISTANT_PAGE_EN = {
  name: 'Name', description: 'Description', editHint: 'Click to edit; Enter or leaving the field saves', noDescription: 'Add a description',
  renamed: 'Updated.',
  usage: {
    title: 'Last 30 days', loading: 'Loading statistics…', messagesPerDay: 'Messages per day', latency: 'Answer time (ms)',
    ratings: 'Ratings', messages: 'Messages', failed: 'Failed answers', p50: 'Median (p50)', p95: 'p95', stars: '{{n}} ★', answers: 'Answers',
    tokens: 'tokens', ms: '{{n}} ms', seconds: '{{n}} s', medianTime: 'median answer time', noData: 'No messages in this period yet.',
  },
  templates: {
    title: 'Templates', empty: 'No templates linked yet.', add: 'Link', pick: 'Template to link', none: 'Choose a template…',
    default: 'Default', makeDefault: 'Make default', clearDefault: 'No default', remove: 'Unlink', preview: 'Preview', hidePreview: 'Close preview',
    render: 'Show the result', variable: 'Value of {{name}}', missing: 'Without a value: {{names}}', noVariables: 'This template has no variables.',
    libraryEmpty: 'No other templates to link. Create one in the templates library.',
    updateAvailable: 'A newer version of this template is available', review: 'Review', hideReview: 'Close review',
    inUse: 'In use (as linked)', latest: 'Newer version, by the template’s owner', accept: 'Accept the newer version',
  },
  knowledge: {
    title: 'Knowledge base', empty: 'No documents yet.', drop: 'Drop files here or choose them', choose: 'Choose files',
    dropHint: 'PDF, Word, text, Markdown or HTML; several at once', chunks: 'chunks: {{n}}',
    delete: 'Delete', retry: 'Try again', reindex: 'Re-index', confirmDelete: 'Delete "{{name}}" from the knowledge base?',
    failedBecause: 'Could not be added: {{error}}', failedUnknown: 'Could not be added. Try again or upload another file.',
    status: { queued: 'Waiting', processing: 'Processing', ready: 'Ready', failed: 'Failed', uploading: 'Uploading' },
    stage: { parsing: 'reading', chunking: 'splitting', embedding: 'embedding', indexing: 'indexing', cleaning: 'cleaning up', done: 'done', failed: 'failed', cancelled: 'cancelled', upload: 'uploading' },
  },
};

export const ASSISTANT_PAGE_RU: typeof ASSISTANT_PAGE_EN = {
  name: 'Название', description: 'Описание', editHint: 'Нажмите, чтобы изменить; Enter или выход из поля сохраняет', noDescription: 'Добавьте описание',
  renamed: 'Обновлено.',
  usage: {
    title: 'Последние 30 дней', loading: 'Загружаем статистику…', messagesPerDay: 'Сообщений в день', latency: 'Время ответа (мс)',
    ratings: 'Оценки', messages: 'Сообщения', failed: 'Неудачные ответы', p50: 'Медиана (p50)', p95: 'p95', stars: '{{n}} ★', answers: 'Ответы',
    tokens: 'токенов', ms: '{{n}} мс', seconds: '{{n}} с', medianTime: 'медианное время ответа', noData: 'За этот период сообщений пока нет.',
  },
  templates: {
    title: 'Шаблоны', empty: 'Шаблоны пока не привязаны.', add: 'Привязать', pick: 'Шаблон для привязки', none: 'Выберите шаблон…',
    default: 'По умолчанию', makeDefault: 'Сделать основным', clearDefault: 'Без основного', remove: 'Отвязать', preview: 'Просмотр', hidePreview: 'Закрыть просмотр',
    render: 'Показать результат', variable: 'Значение {{name}}', missing: 'Без значения: {{names}}', noVariables: 'В этом шаблоне нет переменных.',
    libraryEmpty: 'Других шаблонов нет. Создайте шаблон в библиотеке шаблонов.',
    updateAvailable: 'Доступна новая версия этого шаблона', review: 'Посмотреть', hideReview: 'Закрыть сравнение',
    inUse: 'Используется (как при привязке)', latest: 'Новая версия от владельца шаблона', accept: 'Принять новую версию',
  },
  knowledge: {
    title: 'База знаний', empty: 'Документов пока нет.', drop: 'Перетащите файлы сюда или выберите их', choose: 'Выбрать файлы',
    dropHint: 'PDF, Word, текст, Markdown или HTML; можно несколько сразу', chunks: 'фрагментов: {{n}}',
    delete: 'Удалить', retry: 'Повторить', reindex: 'Переиндексировать', confirmDelete: 'Удалить «{{name}}» из базы знаний?',
    failedBecause: 'Не удалось добавить: {{error}}', failedUnknown: 'Не удалось добавить. Повторите или загрузите другой файл.',
    status: { queued: 'В очереди', processing: 'Обработка', ready: 'Готово', failed: 'Ошибка', uploading: 'Загрузка' },
    stage: { parsing: 'чтение', chunking: 'разбиение', embedding: 'векторизация', indexing: 'индексация', cleaning: 'очистка', done: 'готово', failed: 'ошибка', cancelled: 'отменено', upload: 'загрузка' },
  },
};
