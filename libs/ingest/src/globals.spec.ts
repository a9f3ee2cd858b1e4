// pdf-parse's bundle replaces JSON.parse and Array.prototype.push for the whole thread (core-js
// polyfills), a cost every request on the API's thread would pay; it is loaded only to parse a PDF.
describe('loading the ingest library', () => {
  it('leaves JSON.parse and Array.prototype.push as they are', async () => {
    const { parse } = JSON;
    const { push } = Array.prototype;
    await import('./index');
    expect(JSON.parse).toBe(parse);
    expect(Array.prototype.push).toBe(push);
    await import('pdf-parse');
    // The check sees the replacement when it happens (so it would catch an eager import).
    expect(JSON.parse === parse && Array.prototype.push === push).toBe(false);
  });
});
