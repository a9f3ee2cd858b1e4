import { documentErrorText, setProblemLanguage } from './problem-message';

describe('documentErrorText', () => {
  afterEach(() => setProblemLanguage('en'));

  it('is in Russian by its code, with its params', () => {
    setProblemLanguage('ru');
    expect(documentErrorText({ error: '"a.pdf" is an encrypted (password-protected) PDF.', errorCode: 'document.pdf_encrypted', errorParams: null })).toBe(
      'PDF зашифрован (защищён паролем). Снимите пароль и загрузите файл снова.',
    );
    expect(documentErrorText({ error: 'Parsing took longer than 60 s.', errorCode: 'document.parse_timeout', errorParams: { seconds: 60 } })).toBe(
      'Чтение файла заняло больше 60 с; возможно, он испорчен или слишком сложен.',
    );
  });

  it("is the server's fuller English text in English", () => {
    expect(documentErrorText({ error: '"a.pdf" is an encrypted (password-protected) PDF.', errorCode: 'document.pdf_encrypted', errorParams: null })).toBe(
      '"a.pdf" is an encrypted (password-protected) PDF.',
    );
  });

  it('keeps the English text of a document failed before codes (or with a code this build does not know)', () => {
    setProblemLanguage('ru');
    expect(documentErrorText({ error: 'Embedding failed.', errorCode: null, errorParams: null })).toBe('Embedding failed.');
    expect(documentErrorText({ error: 'Embedding failed.' })).toBe('Embedding failed.');
    expect(documentErrorText({ error: 'Later.', errorCode: 'document.from_the_future' })).toBe('Later.');
  });

  it('is null without an error', () => {
    expect(documentErrorText({ error: null, errorCode: null })).toBeNull();
  });
});
