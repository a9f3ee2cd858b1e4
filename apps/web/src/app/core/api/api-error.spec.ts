import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
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
