import { passageTitle } from './prompt-builder';

describe('passageTitle', () => {
  it('names the file, then the page or row and the heading when the chunk has them', () => {
    expect(passageTitle({ filename: 'notes.txt', metadata: { heading: null, headingPath: [] } })).toBe('notes.txt');
    expect(passageTitle({ filename: 'guide.pdf', metadata: { page: 2, heading: null } })).toBe('guide.pdf, p. 2');
    expect(passageTitle({ filename: 'handbook.docx', metadata: { heading: 'Leave' } })).toBe('handbook.docx, Leave');
    expect(passageTitle({ filename: 'prices.csv', metadata: { row: 7 } })).toBe('prices.csv, row 7');
    expect(passageTitle({ filename: 'old.md' })).toBe('old.md');
  });
});
