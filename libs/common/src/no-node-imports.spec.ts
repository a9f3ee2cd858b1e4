import { foreignImports } from '../../../test/support/source-imports';

// libs/common is imported by the browser (apps/web) as well as by Node: its code may import only
// its own files, never Node built-ins or packages, or the web build breaks (or grows a polyfill).
describe('libs/common stays importable by the browser', () => {
  it('imports nothing but its own files', () => {
    const { files, foreign } = foreignImports(__dirname, [/^\.\.?\//]);
    expect(files).toBeGreaterThan(5);
    expect(foreign).toEqual([]);
  });
});
