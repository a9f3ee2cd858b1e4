/**
 * Every problem code the API answers with, and its English text as an ICU MessageFormat
 * message whose `{name}`s are the problem's `params`. The server formats `detail` from it; the
 * web app translates by `code` (its Russian dictionary must have every key: a test checks).
 * Codes are stable: rename one only with a migration of the web dictionaries.
 */
/** What an id can name in `resource.id_unknown` and the access codes (`kind`); a kind not listed reads as itself. */
export type ResourceKind = 'assistant' | 'conversation' | 'template' | 'task' | 'tool_call' | 'tool_server' | 'message' | 'document' | 'user' | 'resource';
const KINDS_EN = 'select, tool_call {tool call} tool_server {tool server} other {{kind}}';

export const PROBLEM_TEXT_EN = {
  // Fallbacks by status, for an error thrown without a code of its own.
  'request.invalid': 'The request is not valid.',
  'auth.required': 'Sign in to do this.',
  'access.denied': 'You may not do this.',
  'resource.not_found': 'This does not exist, or you cannot see it.',
  'resource.conflict': 'This clashes with the current state; reload and try again.',
  'request.too_large': 'The request is larger than the server accepts.',
  'request.unsupported_type': 'This kind of content is not supported.',
  'request.too_many': 'Too many requests; wait {seconds, plural, one {# second} other {# seconds}} and try again.',
  'server.busy': 'The server is too busy to do this now; nothing was changed. Try again in a moment.',
  'server.error': 'An unexpected error occurred. Quote request id {requestId} when reporting it.',

  // Validation: one per class-validator rule; `field` names the field, other params the rule's limits.
  'validation.failed': '{count, plural, one {# field} other {# fields}} failed validation: {fields}',
  'validation.invalid': '{field} is not valid.',
  'validation.required': 'Fill this in.',
  'validation.too_long': 'At most {max} characters.',
  'validation.too_short': 'At least {min} characters.',
  'validation.too_large': 'At most {max}.',
  'validation.too_small': 'At least {min}.',
  'validation.email': 'Enter an email address such as name@example.com.',
  'validation.not_allowed': 'Choose one of the offered values.',
  'validation.not_text': 'Enter text.',
  'validation.not_number': 'Enter a number.',
  'validation.not_whole_number': 'Enter a whole number.',
  'validation.not_boolean': 'Choose yes or no.',
  'validation.not_url': 'Enter a full address starting with http:// or https://.',
  'validation.unknown_field': 'This field is not expected here.',
  'validation.too_many': 'At most {max} entries.',
  'validation.password_contains_email': 'The password must not contain the email address or its part before the @.',
  'validation.password_weak': 'The password is common or too easy to guess; use a longer passphrase of unrelated words.',

  // Validation: patterns (@Matches) with a code of their own; `allowed` lists the signs allowed besides letters and digits.
  'validation.tag_format': 'A tag is 1 to {max} letters, digits or spaces, starting with a letter or digit; it may also use {allowed}.',
  'validation.id_format': 'Use 1 to {max} letters, digits or {allowed}, without spaces.',

  // Sign-in, registration, sessions and API keys.
  'auth.invalid_credentials': 'Email or password is wrong.',
  'auth.account_disabled': 'This account is disabled; ask an administrator.',
  'auth.registration_closed': 'Registration is closed; ask an administrator for an account.',
  'auth.token_expired': 'The access token has expired; sign in again.',
  'auth.token_invalid': 'The access token is invalid or has expired; sign in again.',
  'auth.session_ended': 'This access token was revoked (signed out everywhere, account disabled or password changed); sign in again.',
  'auth.admin_only': 'Only administrators may do this.',
  'auth.api_key_unknown': 'The API key is unknown.',
  'auth.api_key_revoked': 'This API key was revoked.',
  'auth.api_key_expired': 'The API key has expired.',
  'auth.email_taken': 'An account with this email already exists.',

  // Knowledge uploads.
  'upload.empty': '{filename} is empty.',
  'upload.unsupported_type': '{filename}: this kind of file is not supported.',
  'upload.no_text': '{filename} holds no text to index.',
  'upload.too_large': 'The upload is larger than allowed: up to {files} files of {bytes} bytes each.',
  'upload.no_file': 'Choose a file to upload.',
  'upload.duplicate_in_batch': '{filename} has the same content as another file in this upload.',
  'document.duplicate': 'The same file is already in this knowledge base as {existing}.',
  'knowledge.full': 'This knowledge base holds {limit} documents, the most an assistant may have; delete some before adding more.',
  'conversation.archived': 'This conversation is archived; restore it before sending messages.',

  // Models: LLM providers admins add, the model of an assistant and of a conversation.
  'llm_provider.not_found': 'No LLM provider has id {id}.',
  'llm_provider.url_invalid': 'The base URL must be an absolute http or https URL.',
  'llm_provider.url_credentials': 'The base URL may not carry a user name or password: enter the key as the API key, which is stored encrypted.',
  'llm_provider.key_unreadable': 'The stored API key can no longer be read (was SECRETS_KEY changed?): enter it again.',
  'llm_model.not_offered': 'The model {model} is not offered by {provider}: pick one of its models.',
  'llm_model.choice_not_allowed': 'The owner of this assistant does not let people choose the model.',
  // Templates in the chat (settings part of issue 17).
  'template.unfilled_variables':
    'The template "{template}" still has {count, plural, one {an empty variable} other {# empty variables}}: {names}. Fill {count, plural, one {it} other {them}} in, or choose "No template".',
  // Answers: regenerate, edit and resend, versions (branches of a conversation).
  'answers.not_an_answer': 'Only an answer of this conversation can be regenerated.',
  'answers.not_a_question': 'Only a question of this conversation can be edited.',
  'answers.still_writing': 'This answer is still being written; stop it or wait before regenerating it.',
  'answers.not_a_message': 'This message is not in this conversation.',
  'answers.not_on_branch': 'This message is not on the branch shown; choose its version first.',
  // Share links of a conversation (issue 17).
  'share.not_found': 'This share link does not exist or was revoked.',
  'share.sign_in_required': 'Sign in to open this shared conversation.',
  'share.too_many': 'A conversation can have at most {max} share links; revoke one first.',
  // Files attached to a question (read for that conversation only).
  'attachment.missing_file': 'Send the file as multipart/form-data in a field named "file".',
  'attachment.too_many':
    'This conversation holds {limit, plural, one {# attached file} other {# attached files}} already, the most it may; remove one before attaching another.',
  'attachment.not_found': 'No file with id {id} is attached to this conversation.',
  // Why a document could not be indexed: stored with the document (not an HTTP problem), shown beside its name.
  'document.unsupported': 'This kind of file cannot be indexed. Supported: PDF, Word (.docx), text, Markdown, HTML and CSV; text must be UTF-8.',
  'document.zip_not_docx': 'This is a ZIP archive but not a Word .docx document; spreadsheets, slides and archives are not supported.',
  'document.old_office': 'This is an old Office file (.doc, .xls or .ppt). Save it as .docx or PDF and upload it again.',
  'document.binary': 'This looks like a binary file, not text.',
  'document.not_utf8': 'This is not valid UTF-8 text. Save it as UTF-8 and upload it again.',
  'document.empty': 'The file is empty.',
  'document.no_text': 'The file has no text to index (it is empty or holds only headings, front matter or a header row).',
  'document.no_text_pdf': 'The PDF has no text to index. A scanned PDF holds only images; run it through OCR first.',
  'document.unreadable': 'The file is damaged or cannot be read.',
  'document.pdf_encrypted': 'The PDF is encrypted (password-protected). Remove the password and upload it again.',
  'document.pdf_damaged': 'The PDF cannot be read; it is damaged or truncated.',
  'document.docx_damaged': 'The Word document cannot be read; it may be damaged.',
  'document.csv_malformed': 'The file is not well-formed CSV.',
  'document.limit': 'The document goes past a limit the server sets.',
  'document.unpacked_too_large': 'The file unpacks to more than {megabytes} MB; it may be damaged or built to overload the server.',
  'document.too_many_files': 'The file packs more than {max} files inside; it may be damaged or built to overload the server.',
  'document.too_many_chunks': 'The document would be cut into more than {max} passages, the most one document may have. Split it into smaller files.',
  'document.parse_timeout': 'Reading the file took longer than {seconds} s; it may be malformed or too complex.',
  'document.parse_memory': 'Reading the file needed more memory than a document may use; it may be malformed or too complex.',
  'document.missing': 'The uploaded file no longer exists (or its upload was cut short); upload it again.',
  'document.ingest_cancelled': 'Indexing was cancelled.',
  'document.ingest_failed': 'The document could not be indexed. Try again later; if it fails again, tell your administrator.',

  // Ids and access rules (common/access.ts). `kind` names what the id is of; the web translates it.
  'resource.id_unknown': `No {kind, ${KINDS_EN}} has id {id}.`,
  'resource.no_such_id': 'No such id: {id}.',
  'access.sign_in_to_use': `Sign in to use this {kind, ${KINDS_EN}}.`,
  'access.no_read': `You do not have access to this {kind, ${KINDS_EN}}.`,
  'access.owner_only': `Only the owner or an administrator may change this {kind, ${KINDS_EN}}.`,
  'conversation.owner_only': 'Only the person who started this conversation may change it.',
  'resource.gone': 'The resource does not exist.',
  'request.too_many_slow_down': 'Too many requests; slow down. Try again in {seconds} s.',
  'request.cursor_invalid': 'The cursor is not one this API issued; start again without it.',
  'health.database_down': 'The database does not answer.',

  // Accounts (admin user management) and more of sign-in and API keys.
  'user.cannot_demote_self': 'Administrators cannot demote themselves; ask another administrator.',
  'user.cannot_disable_self': 'Administrators cannot disable their own account; ask another administrator.',
  'user.last_admin': 'This is the last active administrator; make another administrator first.',
  'auth.login_throttled': 'Too many sign-in attempts. Try again in {seconds} s.',
  'auth.sign_in_or_api_key': 'Sign in, or send an API key as "Authorization: Bearer ak_...".',
  'auth.header_malformed': 'The Authorization header must be "Bearer <token>".',
  'auth.api_key_not_allowed': 'API keys cannot call this route; sign in instead.',
  'auth.scope_missing': 'This API key lacks the "{scope}" scope; make a key with it (scopes: chat, read, admin).',
  'auth.account_gone': 'The account of this token no longer exists.',
  'auth.api_key_limit': 'This account already has {max} active API keys, the most one may have (MAX_API_KEYS_PER_USER); revoke one first.',
  'auth.api_key_not_found': 'No such API key.',
  'auth.api_key_not_yours': 'This API key belongs to someone else.',
  'auth.api_key_service_accounts_only': 'Administrators make API keys only for service accounts; everyone else makes their own at POST /api/auth/api-keys.',

  // Tasks and tool calls.
  'task.already_ended': 'Task {id} has already ended ({status}).',
  'task.not_retryable': 'Only a failed or cancelled task can be retried; {id} is {status}.',
  'task.start_failed': 'The workflow could not be started. The request is saved; retry it with POST /api/tasks/{id}/retry.',
  'tool_call.not_awaiting': 'This tool call no longer awaits approval: {status, select, expired {its time for approval ran out} other {it is {status}}}.',
  'tool_server.no_access': 'You do not have access to this tool server: it is neither yours nor shared.',
  'tool_server.stdio_admin_only': 'Only administrators may add or change stdio tool servers: their commands run on this server.',
  'tool_server.stdio_disabled': 'stdio tool servers are turned off on this server: the operator sets TOOLS_STDIO=true to allow them.',
  'tool_server.share_admin_only': 'Only administrators may share a tool server with every member (shared).',
  'tool_server.owner_cannot_use': "The assistant's owner may not use tool server {id}: it is neither theirs nor shared.",

  // Limits: exports, uploads, conversations per day, usage ranges.
  'export.pdf_busy_user': 'You have {limit} PDF exports in progress already (EXPORT_CONCURRENT_PER_USER); try again when one has finished.',
  'export.pdf_busy': 'Too many PDF exports are in progress; try again shortly, or export as Markdown, text or JSON.',
  'export.pdf_wait_timeout': 'This PDF export waited more than {ms} ms (EXPORT_TIMEOUT_MS) for its turn; try again shortly.',
  'upload.busy_user': 'You have {limit} uploads in progress already (MAX_CONCURRENT_UPLOADS_PER_USER); send this one when one of them has finished.',
  'upload.none_accepted': 'None of the {count} files was accepted.',
  'conversation.daily_limit':
    'The daily limit of {max} new conversations per account is reached (MAX_CONVERSATIONS_PER_DAY); continue one you have, or start one after midnight UTC. Try again in {seconds} s.',
  'usage.date_invalid': '{field} must be an ISO 8601 date or time such as 2026-11-01 or 2026-11-01T09:00:00Z.',
  'usage.range_reversed': 'from must not be after to.',
  'usage.range_too_long': 'The range may span at most {max} days with {bucket} buckets.',

  // Knowledge, templates, ratings.
  'document.busy': 'Document {id} is still being processed ({status}); re-index it once it is ready or failed.',
  'knowledge.reindex_running': 'A re-index of this assistant is already running (task {taskId}).',
  'template.too_large':
    'The rendered template would be more than {max, number} characters long (MAX_RENDERED_TEMPLATE_CHARS): use shorter values or fewer variables.',
  'template.deleted': 'The template was deleted.',
  'template.no_longer_shared': 'The template "{template}" is no longer shared by its owner.',
  'template.not_linked': 'The template "{template}" is not linked to this assistant; link it first, or use a template of your own.',
  'assistant.template_not_linked': 'Template {templateId} is not linked to assistant {id}.',
  'rating.not_an_answer': 'Only finished answers of the assistant can be rated.',
  // Why an answer could not be written: stored with the message (not an HTTP problem), shown under it.
  'chat.provider_unreachable': 'The model provider could not be reached, or it failed to answer. Try again in a moment.',
  'chat.provider_refused':
    'The model provider refused the request (it does not accept the model, the key or the request). If it happens again, tell your administrator.',
  'chat.provider_timeout': 'The model provider did not answer in time. Try again in a moment.',
  'chat.provider_rate_limited': 'The model provider is getting too many requests right now. Wait a little and try again.',
  'chat.prompt_too_long': 'The message and the instructions are longer than the model can take. Shorten the message and send it again.',
  'chat.template_too_long':
    'With this message and its variables the template would grow past {max, number} characters, the most a prompt may have. Shorten the message, the variables or the template.',
  'chat.not_started': 'The answer could not be started: the service is unavailable right now. Try again in a moment.',
  'chat.failed_unknown': 'The answer could not be written because of an unexpected error. Try again; if it fails again, tell your administrator.',
} as const satisfies Record<string, string>;

export type ProblemCode = keyof typeof PROBLEM_TEXT_EN;
export type ProblemParams = Record<string, string | number>;

/** The code of a status for an error thrown without one. */
export function fallbackProblemCode(status: number): ProblemCode {
  if (status === 401) return 'auth.required';
  if (status === 403) return 'access.denied';
  if (status === 404) return 'resource.not_found';
  if (status === 409) return 'resource.conflict';
  if (status === 413) return 'request.too_large';
  if (status === 415) return 'request.unsupported_type';
  if (status === 429) return 'request.too_many';
  if (status === 503) return 'server.busy';
  if (status >= 500) return 'server.error';
  return 'request.invalid';
}
