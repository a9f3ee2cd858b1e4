import { HttpErrorResponse } from '@angular/common/http';
import { setProblemLanguage } from '../../core/i18n/problem-message';
import { formErrors, withoutField } from './field-errors';

const problem = (errors: { field: string; messages: string[]; code?: string; params?: Record<string, string | number> }[]) =>
  new HttpErrorResponse({
    status: 400,
    error: { type: 'about:blank', title: 'Bad Request', status: 400, code: 'validation.failed', detail: 'failed validation', errors },
  });

describe('formErrors', () => {
  it('gives each field one message, by its code, in the interface language', () => {
    const errors = problem([
      { field: 'name', messages: ['name should not be empty'], code: 'validation.required', params: { field: 'name' } },
      { field: 'name', messages: ['name must be shorter than or equal to 120 characters'], code: 'validation.too_long', params: { field: 'name', max: 120 } },
      { field: 'tags.0', messages: ['each tag must be 1-40 letters'] },
    ]);
    setProblemLanguage('en');
    expect(formErrors(errors, ['name', 'tags'])).toEqual({ fields: { name: 'Fill this in.', tags: 'each tag must be 1-40 letters' }, general: null });
    setProblemLanguage('ru');
    expect(formErrors(errors, ['name', 'tags']).fields['name']).toBe('Заполните это поле.');
  });

  it('withoutField drops one field’s message and keeps the others', () => {
    expect(withoutField({ name: 'a', llmModel: 'b' }, 'name')).toEqual({ llmModel: 'b' });
    const same = { llmModel: 'b' };
    expect(withoutField(same, 'name')).toBe(same);
  });
});
