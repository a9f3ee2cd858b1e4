import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { setProblemLanguage } from '../i18n/problem-message';
import { ApiError, errorMessage, toApiError } from './api-error';

const problemResponse = (status: number, body: unknown) =>
  new HttpErrorResponse({ status, error: body, headers: new HttpHeaders({ 'content-type': 'application/problem+json' }) });

describe('toApiError', () => {
  it('says what each field got wrong', () => {
    const error = toApiError(
      problemResponse(400, {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'Invalid input',
        errors: [
          { field: 'name', messages: ['name should not be empty'] },
          { field: 'temperature', messages: ['must not be greater than 2'] },
        ],
      }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.message).toBe('name: name should not be empty; temperature: must not be greater than 2');
  });

  it('uses the detail, else the title', () => {
    expect(toApiError(problemResponse(401, { type: 'x', title: 'Unauthorized', status: 401, detail: 'Email or password is wrong.' })).message).toBe(
      'Email or password is wrong.',
    );
    expect(toApiError(problemResponse(404, { type: 'x', title: 'Not Found', status: 404 })).message).toBe('Not Found');
  });

  it('reads a problem that arrived as text', () => {
    expect(toApiError(problemResponse(409, JSON.stringify({ type: 'x', title: 'Conflict', status: 409, detail: 'Already rated.' }))).message).toBe(
      'Already rated.',
    );
  });

  it('says plainly when the server is unreachable or broken', () => {
    expect(toApiError(new HttpErrorResponse({ status: 0 })).message).toMatch(/cannot be reached/);
    expect(toApiError(new HttpErrorResponse({ status: 502, error: '<html>Bad gateway</html>' })).message).toMatch(/went wrong on the server/);
  });

  it('gives one line for any caught error', () => {
    expect(errorMessage(new ApiError('Nope.', 403, null))).toBe('Nope.');
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('weird')).toBe('Something went wrong.');
  });
});

describe('toApiError in Russian', () => {
  beforeEach(() => setProblemLanguage('ru'));

  it('translates a problem by its code, params filled in, and falls back to the detail for an unknown code', () => {
    const wrong = toApiError(
      problemResponse(401, { type: 'x', title: 'Unauthorized', status: 401, code: 'auth.invalid_credentials', detail: 'Email or password is wrong.' }),
    );
    expect(wrong.message).toBe('Неверный адрес электронной почты или пароль.');
    const unsupported = toApiError(
      problemResponse(415, {
        type: 'x',
        title: 'Unsupported Media Type',
        status: 415,
        code: 'upload.unsupported_type',
        params: { filename: 'a.exe' },
        detail: 'a.exe: no.',
      }),
    );
    expect(unsupported.message).toBe('a.exe: такой тип файлов не поддерживается.');
    expect(toApiError(problemResponse(409, { type: 'x', title: 'Conflict', status: 409, code: 'some.future_code', detail: 'Later.' })).message).toBe('Later.');
  });

  it('puts field problems in Russian by their codes, with their limits', () => {
    const error = toApiError(
      problemResponse(400, {
        type: 'x',
        title: 'Bad Request',
        status: 400,
        code: 'validation.failed',
        errors: [
          {
            field: 'password',
            messages: ['password must be longer than or equal to 8 characters'],
            code: 'validation.too_short',
            params: { field: 'password', min: 8 },
          },
        ],
      }),
    );
    expect(error.message).toBe('password: Не меньше 8 символов.');
  });

  it('says in Russian when the server cannot be reached', () => {
    expect(toApiError(new HttpErrorResponse({ status: 0 })).message).toMatch(/^Сервер недоступен/);
    expect(errorMessage('weird')).toBe('Что-то пошло не так.');
  });
});
