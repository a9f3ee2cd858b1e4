import { sha256, sha256Stepwise } from './checksum';

describe('sha256', () => {
  it('hashes bytes to lowercase hex', () => {
    expect(sha256(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256(Buffer.alloc(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('gives the same digest for the same bytes however they are passed', () => {
    expect(sha256('héllo')).toBe(sha256(Buffer.from('héllo', 'utf8')));
    expect(sha256(new Uint8Array([1, 2, 3]))).toBe(sha256(Buffer.from([1, 2, 3])));
  });

  it('hashes slice by slice to the same digest', async () => {
    const data = Buffer.alloc(3000, 'abc');
    expect(await sha256Stepwise(data, 1024)).toBe(sha256(data));
    expect(await sha256Stepwise(new Uint8Array(0))).toBe(sha256(Buffer.alloc(0)));
  });
});
