import { foreignImports } from '../../../test/support/source-imports';

// libs/domain holds the code that has no I/O of its own: it reaches the outside world only
// through its ports, which the adapters in libs/adapters implement. It may import its own files,
// the shared contract (@assistants/common) and the tokenizer's tables (pure computation); never
// Node built-ins, database clients, HTTP clients or the adapters.
describe('libs/domain stays pure', () => {
  it('imports nothing but its own files, the shared contract and the tokenizer tables', () => {
    const { files, foreign } = foreignImports(__dirname, [/^\.\.?\//, /^@assistants\/common$/, /^js-tiktoken\//]);
    expect(files).toBeGreaterThan(10);
    expect(foreign).toEqual([]);
  });
});
