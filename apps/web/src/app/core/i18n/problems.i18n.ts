import type { ProblemCode } from '@assistants/common';

// The Russian text of every problem code the API answers with (the English is the server's
// PROBLEM_TEXT_EN, shown as the problem's detail). ICU MessageFormat, params by name.
// Each feature appends its codes in a block of its own.
// What an id names (`kind`, see ResourceKind): "… не найден(а)" and "this …" as Russian needs them.
const KIND_NOT_FOUND_RU =
  '{kind, select, assistant {Ассистент не найден} conversation {Диалог не найден} template {Шаблон не найден} task {Задача не найдена} tool_call {Вызов инструмента не найден} tool_server {Сервер инструментов не найден} message {Сообщение не найдено} document {Документ не найден} user {Пользователь не найден} other {Не найдено}}';
// "this …" in the case each sentence needs: instrumental (use), dative (access to), accusative (change).
const KIND_WITH_THIS_RU =
  '{kind, select, assistant {этим ассистентом} conversation {этим диалогом} template {этим шаблоном} task {этой задачей} tool_call {этим вызовом инструмента} tool_server {этим сервером инструментов} message {этим сообщением} document {этим документом} user {этой учётной записью} other {этим}}';
const KIND_TO_THIS_RU =
  '{kind, select, assistant {к этому ассистенту} conversation {к этому диалогу} template {к этому шаблону} task {к этой задаче} tool_call {к этому вызову инструмента} tool_server {к этому серверу инструментов} message {к этому сообщению} document {к этому документу} user {к этой учётной записи} other {к этому}}';
const KIND_THIS_RU =
  '{kind, select, assistant {этого ассистента} conversation {этот диалог} template {этот шаблон} task {эту задачу} tool_call {этот вызов инструмента} tool_server {этот сервер инструментов} message {это сообщение} document {этот документ} user {эту учётную запись} other {это}}';
const TASK_STATUS_RU =
  '{status, select, queued {в очереди} retrieving {идёт поиск} generating {пишется ответ} parsing {разбирается файл} chunking {делится на части} embedding {строятся векторы} indexing {индексируется} cleaning {идёт очистка} done {выполнена} failed {ошибка} cancelled {отменена} other {{status}}}';
const DOCUMENT_STATUS_RU = '{status, select, queued {в очереди} processing {обрабатывается} other {{status}}}';

export const PROBLEMS_RU: Record<ProblemCode, string> = {
  'request.invalid': 'Запрос составлен неверно.',
  'auth.required': 'Войдите, чтобы сделать это.',
  'access.denied': 'У вас нет на это прав.',
  'resource.not_found': 'Этого нет, или у вас нет к этому доступа.',
  'resource.conflict': 'Это противоречит текущему состоянию; обновите страницу и попробуйте снова.',
  'request.too_large': 'Запрос больше, чем принимает сервер.',
  'request.unsupported_type': 'Такой тип содержимого не поддерживается.',
  'request.too_many':
    'Слишком много запросов; подождите {seconds, plural, one {# секунду} few {# секунды} many {# секунд} other {# секунды}} и попробуйте снова.',
  'server.busy': 'Сервер сейчас слишком занят; ничего не изменено. Попробуйте через минуту.',
  'server.error': 'Непредвиденная ошибка. Сообщите номер запроса {requestId}, когда будете о ней писать.',
  'validation.failed': '{count, plural, one {# поле заполнено} few {# поля заполнены} many {# полей заполнены} other {# поля заполнены}} неверно: {fields}',
  'validation.invalid': 'Поле {field} заполнено неверно.',
  'validation.required': 'Заполните это поле.',
  'validation.too_long': 'Не больше {max, plural, one {# символа} other {# символов}}.',
  'validation.too_short': 'Не меньше {min, plural, one {# символа} other {# символов}}.',
  'validation.too_large': 'Не больше {max}.',
  'validation.too_small': 'Не меньше {min}.',
  'validation.email': 'Введите адрес электронной почты, например name@example.com.',
  'validation.not_allowed': 'Выберите одно из предложенных значений.',
  'validation.not_text': 'Введите текст.',
  'validation.not_number': 'Введите число.',
  'validation.not_whole_number': 'Введите целое число.',
  'validation.not_boolean': 'Выберите «да» или «нет».',
  'validation.not_url': 'Введите полный адрес, начинающийся с http:// или https://.',
  'validation.unknown_field': 'Это поле здесь не ожидается.',
  'validation.too_many': 'Не больше {max, plural, one {# значения} other {# значений}}.',
  'validation.password_contains_email': 'Пароль не должен содержать адрес электронной почты или его часть до @.',
  'validation.password_weak': 'Пароль слишком распространённый или простой; возьмите фразу подлиннее из несвязанных слов.',

  // Validation: patterns (@Matches) with a code of their own.
  'validation.tag_format':
    'Тег — от 1 до {max, plural, one {# символа} other {# символов}}: буквы, цифры или пробелы, в начале буква или цифра; можно также {allowed}.',
  'validation.id_format': 'От 1 до {max, plural, one {# символа} other {# символов}}: буквы, цифры или {allowed}, без пробелов.',

  // Sign-in, registration, sessions and API keys.
  'auth.invalid_credentials': 'Неверный адрес электронной почты или пароль.',
  'auth.account_disabled': 'Эта учётная запись отключена; обратитесь к администратору.',
  'auth.registration_closed': 'Регистрация закрыта; попросите администратора создать вам учётную запись.',
  'auth.token_expired': 'Срок действия входа истёк; войдите снова.',
  'auth.token_invalid': 'Вход недействителен или истёк; войдите снова.',
  'auth.session_ended': 'Вход отозван (выход на всех устройствах, отключение учётной записи или смена пароля); войдите снова.',
  'auth.admin_only': 'Это могут делать только администраторы.',
  'auth.api_key_unknown': 'Такой ключ API неизвестен.',
  'auth.api_key_revoked': 'Этот ключ API отозван.',
  'auth.api_key_expired': 'Срок действия ключа API истёк.',
  'auth.email_taken': 'Учётная запись с таким адресом уже есть.',

  // Knowledge uploads.
  'upload.empty': 'Файл {filename} пуст.',
  'upload.unsupported_type': '{filename}: такой тип файлов не поддерживается.',
  'upload.no_text': 'В файле {filename} нет текста для индексации.',
  'upload.too_large': 'Загрузка больше допустимой: не больше {files} файлов по {bytes} байт.',
  'upload.no_file': 'Выберите файл для загрузки.',
  'upload.duplicate_in_batch': 'Содержимое {filename} совпадает с другим файлом этой загрузки.',
  'document.duplicate': 'Такой файл уже есть в этой базе знаний: {existing}.',
  'knowledge.full':
    'В этой базе знаний уже {limit, plural, one {# документ} few {# документа} many {# документов} other {# документа}} — больше нельзя; удалите лишние.',
  'conversation.archived': 'Этот диалог в архиве; восстановите его, чтобы писать сообщения.',

  // Models: LLM providers, the model of an assistant and of a conversation.
  'llm_provider.not_found': 'Поставщик моделей с идентификатором {id} не найден.',
  'llm_provider.url_invalid': 'Базовый адрес должен быть полным адресом http или https.',
  'llm_provider.url_credentials': 'В базовом адресе не должно быть имени пользователя и пароля: укажите ключ в поле «Ключ API», он хранится зашифрованным.',
  'llm_provider.key_unreadable': 'Сохранённый ключ API больше не читается (сменился SECRETS_KEY?): введите его снова.',
  'llm_model.not_offered': 'Модели {model} нет среди моделей поставщика «{provider}»: выберите одну из них.',
  'llm_model.choice_not_allowed': 'Владелец этого ассистента не разрешает выбирать модель.',
  // Templates in the chat (settings part of issue 17).
  'template.unfilled_variables':
    'В шаблоне «{template}» {count, plural, one {не заполнена # переменная} few {не заполнены # переменные} many {не заполнено # переменных} other {не заполнены # переменной}}: {names}. Заполните {count, plural, one {её} other {их}} или выберите «Без шаблона».',
  // Answers: regenerate, edit and resend, versions.
  'answers.not_an_answer': 'Заново можно создать только ответ из этого диалога.',
  'answers.not_a_question': 'Изменить можно только вопрос из этого диалога.',
  'answers.still_writing': 'Этот ответ ещё пишется; остановите его или дождитесь конца, прежде чем создавать заново.',
  'answers.not_a_message': 'Этого сообщения нет в этом диалоге.',
  'answers.not_on_branch': 'Этого сообщения нет в показанной ветке; сначала выберите его версию.',
  // Share links.
  'share.not_found': 'Такой ссылки нет, или её отозвали.',
  'share.sign_in_required': 'Войдите, чтобы открыть этот диалог.',
  'share.too_many': 'У диалога может быть не больше {max, plural, one {# ссылки} few {# ссылок} many {# ссылок} other {# ссылки}}; сначала отзовите одну.',
  // Files attached to a question.
  'attachment.missing_file': 'Отправьте файл как multipart/form-data в поле «file».',
  'attachment.too_many':
    'К этому диалогу уже {limit, plural, one {приложен # файл} few {приложено # файла} many {приложено # файлов} other {приложено # файла}}, больше нельзя; удалите один, прежде чем прикладывать другой.',
  'attachment.not_found': 'Файл с идентификатором {id} не приложен к этому диалогу.',
  // Why a document could not be indexed (stored with the document).
  'document.unsupported': 'Такой файл нельзя проиндексировать. Поддерживаются PDF, Word (.docx), текст, Markdown, HTML и CSV; текст — в кодировке UTF-8.',
  'document.zip_not_docx': 'Это ZIP-архив, но не документ Word .docx; таблицы, презентации и архивы не поддерживаются.',
  'document.old_office': 'Это файл старого формата Office (.doc, .xls или .ppt). Сохраните его как .docx или PDF и загрузите снова.',
  'document.binary': 'Похоже, это двоичный файл, а не текст.',
  'document.not_utf8': 'Это не текст в кодировке UTF-8. Сохраните его в UTF-8 и загрузите снова.',
  'document.empty': 'Файл пуст.',
  'document.no_text': 'В файле нет текста для индексации (он пуст или содержит только заголовки, служебный блок или строку заголовков таблицы).',
  'document.no_text_pdf': 'В PDF нет текста для индексации. Отсканированный PDF содержит только изображения; сначала распознайте его (OCR).',
  'document.unreadable': 'Файл повреждён или не читается.',
  'document.pdf_encrypted': 'PDF зашифрован (защищён паролем). Снимите пароль и загрузите файл снова.',
  'document.pdf_damaged': 'PDF не читается: он повреждён или обрезан.',
  'document.docx_damaged': 'Документ Word не читается; возможно, он повреждён.',
  'document.csv_malformed': 'Файл не является корректным CSV.',
  'document.limit': 'Документ превышает ограничение, установленное на сервере.',
  'document.unpacked_too_large': 'В распакованном виде файл больше {megabytes} МБ; возможно, он повреждён или создан, чтобы перегрузить сервер.',
  'document.too_many_files':
    'Внутри файла больше {max, plural, one {# вложенного файла} few {# вложенных файлов} many {# вложенных файлов} other {# вложенного файла}}; возможно, он повреждён или создан, чтобы перегрузить сервер.',
  'document.too_many_chunks':
    'Документ разбился бы больше чем на {max, plural, one {# фрагмент} few {# фрагмента} many {# фрагментов} other {# фрагмента}} — это предел для одного документа. Разделите его на файлы поменьше.',
  'document.parse_timeout': 'Чтение файла заняло больше {seconds} с; возможно, он испорчен или слишком сложен.',
  'document.parse_memory': 'Для чтения файла понадобилось больше памяти, чем отводится одному документу; возможно, он испорчен или слишком сложен.',
  'document.missing': 'Загруженный файл больше не существует (или его загрузка прервалась); загрузите его снова.',
  'document.ingest_cancelled': 'Индексация отменена.',
  'document.ingest_failed': 'Документ не удалось проиндексировать. Попробуйте позже; если ошибка повторится, сообщите администратору.',

  // Ids and access rules.
  'resource.id_unknown': `${KIND_NOT_FOUND_RU}: идентификатор {id}.`,
  'resource.no_such_id': 'Идентификатора {id} нет.',
  'access.sign_in_to_use': `Войдите, чтобы пользоваться ${KIND_WITH_THIS_RU}.`,
  'access.no_read': `У вас нет доступа ${KIND_TO_THIS_RU}.`,
  'access.owner_only': `Изменять ${KIND_THIS_RU} может только владелец или администратор.`,
  'conversation.owner_only': 'Изменять этот диалог может только тот, кто его начал.',
  'resource.gone': 'Этого больше нет.',
  'request.too_many_slow_down':
    'Слишком много запросов; сбавьте темп. Попробуйте снова через {seconds, plural, one {# секунду} few {# секунды} many {# секунд} other {# секунды}}.',
  'request.cursor_invalid': 'Этот курсор страницы выдан не этим API; начните заново без него.',
  'health.database_down': 'База данных не отвечает.',

  // Accounts, sign-in and API keys.
  'user.cannot_demote_self': 'Администратор не может снять с себя права; попросите другого администратора.',
  'user.cannot_disable_self': 'Администратор не может отключить свою учётную запись; попросите другого администратора.',
  'user.last_admin': 'Это последний действующий администратор; сначала назначьте другого.',
  'auth.login_throttled':
    'Слишком много попыток входа. Попробуйте снова через {seconds, plural, one {# секунду} few {# секунды} many {# секунд} other {# секунды}}.',
  'auth.sign_in_or_api_key': 'Войдите или отправьте ключ API в заголовке «Authorization: Bearer ak_...».',
  'auth.header_malformed': 'Заголовок Authorization должен иметь вид «Bearer <токен>».',
  'auth.api_key_not_allowed': 'С ключом API этот адрес недоступен; войдите в систему.',
  'auth.scope_missing': 'У этого ключа API нет области «{scope}»; создайте ключ с ней (области: chat, read, admin).',
  'auth.account_gone': 'Учётной записи этого входа больше нет.',
  'auth.api_key_limit':
    'У этой учётной записи уже {max, plural, one {# действующий ключ API} few {# действующих ключа API} many {# действующих ключей API} other {# действующего ключа API}} — больше нельзя (MAX_API_KEYS_PER_USER); сначала отзовите один.',
  'auth.api_key_not_found': 'Такого ключа API нет.',
  'auth.api_key_not_yours': 'Этот ключ API принадлежит другому человеку.',
  'auth.api_key_service_accounts_only':
    'Администраторы создают ключи API только для служебных учётных записей; остальные создают свои сами (POST /api/auth/api-keys).',

  // Tasks and tool calls.
  'task.already_ended': `Задача {id} уже завершена (${TASK_STATUS_RU}).`,
  'task.not_retryable': `Повторить можно только задачу с ошибкой или отменённую; задача {id} — ${TASK_STATUS_RU}.`,
  'task.start_failed': 'Не удалось запустить обработку. Запрос сохранён; повторите его: POST /api/tasks/{id}/retry.',
  'tool_call.not_awaiting':
    'Этот вызов инструмента больше не ждёт одобрения: {status, select, expired {время на одобрение истекло} running {он уже выполняется} done {он уже выполнен} failed {он завершился ошибкой} rejected {он отклонён} other {его больше нет}}.',
  'tool_server.no_access': 'У вас нет доступа к этому серверу инструментов: он не ваш и не общий.',
  'tool_server.stdio_admin_only': 'Добавлять и менять серверы инструментов stdio могут только администраторы: их команды выполняются на этом сервере.',
  'tool_server.stdio_disabled': 'Серверы инструментов stdio на этом сервере выключены: их разрешает оператор (TOOLS_STDIO=true).',
  'tool_server.share_admin_only': 'Сделать сервер инструментов общим для всех участников могут только администраторы.',
  'tool_server.owner_cannot_use': 'Владелец ассистента не может пользоваться сервером инструментов {id}: он не его и не общий.',

  // Limits: exports, uploads, conversations per day, usage ranges.
  'export.pdf_busy_user':
    'У вас уже {limit, plural, one {выполняется # выгрузка} few {выполняются # выгрузки} many {выполняются # выгрузок} other {выполняется # выгрузки}} в PDF (EXPORT_CONCURRENT_PER_USER); попробуйте снова, когда одна закончится.',
  'export.pdf_busy': 'Сейчас выполняется слишком много выгрузок в PDF; попробуйте чуть позже или выгрузите в Markdown, текст или JSON.',
  'export.pdf_wait_timeout': 'Выгрузка в PDF ждала своей очереди дольше {ms} мс (EXPORT_TIMEOUT_MS); попробуйте чуть позже.',
  'upload.busy_user':
    'У вас уже {limit, plural, one {идёт # загрузка} few {идут # загрузки} many {идут # загрузок} other {идёт # загрузки}} (MAX_CONCURRENT_UPLOADS_PER_USER); отправьте эту, когда одна из них закончится.',
  'upload.none_accepted': '{count, plural, =1 {Файл не принят} one {Ни один из # файла не принят} other {Ни один из # файлов не принят}}.',
  'conversation.daily_limit':
    'Достигнут дневной предел: {max, plural, one {# новый диалог} few {# новых диалога} many {# новых диалогов} other {# нового диалога}} на учётную запись (MAX_CONVERSATIONS_PER_DAY); продолжите один из своих или начните новый после полуночи UTC.',
  'usage.date_invalid':
    '{field, select, from {Начало периода (from)} to {Конец периода (to)} other {{field}}}: нужна дата или время в формате ISO 8601, например 2026-11-01 или 2026-11-01T09:00:00Z.',
  'usage.range_reversed': 'Начало периода не может быть позже конца.',
  'usage.range_too_long':
    'При разбивке {bucket, select, hour {по часам} day {по дням} week {по неделям} other {{bucket}}} период может быть не длиннее {max, plural, one {# дня} other {# дней}}.',

  // Knowledge, templates, ratings.
  'document.busy': `Документ {id} ещё обрабатывается (${DOCUMENT_STATUS_RU}); переиндексируйте его, когда он будет готов или завершится ошибкой.`,
  'knowledge.reindex_running': 'Переиндексация этого ассистента уже идёт (задача {taskId}).',
  'template.too_large':
    'Заполненный шаблон получился бы длиннее {max, plural, one {# символа} other {# символов}} (MAX_RENDERED_TEMPLATE_CHARS): сократите значения или уменьшите число переменных.',
  'template.deleted': 'Шаблон удалён.',
  'template.no_longer_shared': 'Владелец больше не делится шаблоном «{template}».',
  'template.not_linked': 'Шаблон «{template}» не привязан к этому ассистенту; сначала привяжите его или выберите свой шаблон.',
  'assistant.template_not_linked': 'Шаблон {templateId} не привязан к ассистенту {id}.',
  'rating.not_an_answer': 'Оценить можно только готовый ответ ассистента.',
  // Why an answer could not be written (stored with the message).
  'chat.provider_unreachable': 'Не удалось связаться с поставщиком модели, или он не смог ответить. Попробуйте ещё раз чуть позже.',
  'chat.provider_refused': 'Поставщик модели отклонил запрос (не принимает модель, ключ или сам запрос). Если это повторится, сообщите администратору.',
  'chat.provider_timeout': 'Поставщик модели не ответил вовремя. Попробуйте ещё раз чуть позже.',
  'chat.provider_rate_limited': 'К поставщику модели сейчас слишком много запросов. Подождите немного и попробуйте снова.',
  'chat.prompt_too_long': 'Сообщение вместе с инструкциями длиннее, чем может принять модель. Сократите сообщение и отправьте его снова.',
  'chat.template_too_long':
    'С этим сообщением и его переменными шаблон превысит {max, number} {max, plural, one {символ} few {символа} many {символов} other {символа}} — больше, чем допускается для запроса. Сократите сообщение, переменные или шаблон.',
  'chat.not_started': 'Не удалось начать ответ: сервис сейчас недоступен. Попробуйте ещё раз чуть позже.',
  'chat.failed_unknown': 'Ответ не удалось написать из-за непредвиденной ошибки. Попробуйте ещё раз; если ошибка повторится, сообщите администратору.',
};
