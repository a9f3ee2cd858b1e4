import { HttpErrorResponse } from '@angular/common/http';
import { setProblemLanguage } from '../../core/i18n/problem-message';
import { FormProblems, formErrors, withoutField } from './field-errors';

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

  it('FormProblems keeps the banner for what no field shows and drops a field’s message when it is edited', () => {
    setProblemLanguage('en');
    const problems = new FormProblems(['email', 'password']);
    problems.show(
      problem([
        { field: 'email', messages: ['email must be an email'], code: 'validation.email', params: { field: 'email' } },
        { field: 'password', messages: ['too short'], code: 'validation.too_short', params: { field: 'password', min: 12 } },
        { field: 'name', messages: ['name should not be empty'], code: 'validation.required', params: { field: 'name' } },
      ]),
    );
    expect(problems.fields()).toEqual({ email: 'Enter an email address such as name@example.com.', password: 'At least 12 characters.' });
    expect(problems.general()).toBe('name: Fill this in.');
    problems.edited('email');
    expect(problems.fields()).toEqual({ password: 'At least 12 characters.' });
    expect(problems.general()).toBe('name: Fill this in.');
    problems.clear();
    expect([problems.fields(), problems.general()]).toEqual([{}, null]);
  });

  it('FormProblems shows a field the form has no input for under the one it is made from', () => {
    setProblemLanguage('en');
    const problems = new FormProblems(['email', 'password'], { name: 'email' });
    const name = { field: 'name', messages: ['name should not be empty'], code: 'validation.required', params: { field: 'name' } };
    problems.show(problem([name]));
    expect([problems.fields(), problems.general()]).toEqual([{ email: 'Fill this in.' }, null]);
    // The email's own reason wins when both come.
    problems.show(problem([{ field: 'email', messages: ['email must be an email'], code: 'validation.email', params: { field: 'email' } }, name]));
    expect(problems.fields()).toEqual({ email: 'Enter an email address such as name@example.com.' });
  });
});
