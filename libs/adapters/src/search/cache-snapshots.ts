import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Files in a folder of this machine that keep the search caches between starts (one per assistant
 * and cache), so that an assistant's first search after a restart reads one file instead of
 * every chunk's stems and vector from the database (seconds at 100k chunks). Only a copy: every
 * use checks each document's stamp against the database, as for the caches in memory. The files
 * hold the same words and vectors as the database's chunks; they are written owner-only, replaced
 * whole (never seen half-written) and removed when their assistant's cache is.
 */
export class CacheSnapshots {
  private made?: Promise<unknown>;

  constructor(readonly dir: string) {}

  async read(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch {
      return null;
    }
  }

  /** Replaces the key's file with these bytes in one step (a reader sees the old file or the new). */
  async write(key: string, chunks: Uint8Array[]): Promise<void> {
    this.made ??= mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.made;
    const path = this.path(key);
    const partial = `${path}.${randomUUID()}.partial`;
    const file = await open(partial, 'w', 0o600);
    try {
      // writev takes at most IOV_MAX buffers a call.
      for (let from = 0; from < chunks.length; from += 1024) await file.writev(chunks.slice(from, from + 1024));
    } finally {
      await file.close();
    }
    await rename(partial, path).catch(async (error: Error) => {
      await rm(partial, { force: true });
      throw error;
    });
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  private path(key: string): string {
    return join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.cache`);
  }
}

/** Builds a snapshot as a list of buffers: typed arrays are written as they are (no copy), aligned to 4 bytes. */
export class SnapshotWriter {
  readonly chunks: Uint8Array[] = [];
  private length = 0;

  uint32(value: number): this {
    const bytes = Buffer.allocUnsafe(4);
    bytes.writeUInt32LE(value);
    return this.push(bytes);
  }

  float64(value: number): this {
    const bytes = Buffer.allocUnsafe(8);
    bytes.writeDoubleLE(value);
    return this.push(bytes);
  }

  /** A UTF-8 string with its byte length first. */
  string(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    return this.uint32(bytes.length).push(bytes).pad();
  }

  /** Strings without line breaks (chunk ids) as one, an empty list as an empty string. */
  lines(values: string[]): this {
    return this.string(values.join('\n'));
  }

  /** A typed array with its element count first. */
  array(values: Int32Array | Uint16Array | Int8Array | Float32Array): this {
    return this.uint32(values.length)
      .push(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))
      .pad();
  }

  /** Several typed arrays of one type as one (their element count first, no gap between them). */
  joined(values: (Int32Array | Int8Array | Float32Array)[]): this {
    const count = values.reduce((sum, array) => sum + array.length, 0);
    this.uint32(count);
    for (const array of values) this.push(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    return this.pad();
  }

  private pad(): this {
    const rest = this.length % 4;
    return rest ? this.push(Buffer.alloc(4 - rest)) : this;
  }

  private push(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    this.length += bytes.byteLength;
    return this;
  }
}

/** Reads what SnapshotWriter wrote; typed arrays come back as views on the buffer (no copy). Throws on a short or malformed buffer. */
export class SnapshotReader {
  private at = 0;
  private readonly bytes: Buffer;

  constructor(bytes: Buffer) {
    // Typed-array views need their element alignment: a pooled buffer may start anywhere.
    this.bytes = bytes.byteOffset % 8 === 0 ? bytes : Buffer.from(bytes);
  }

  get done(): boolean {
    return this.at === this.bytes.length;
  }

  uint32(): number {
    return this.bytes.readUInt32LE(this.take(4));
  }

  float64(): number {
    return this.bytes.readDoubleLE(this.take(8));
  }

  string(): string {
    const length = this.uint32();
    const at = this.take(length);
    this.skipPad();
    return this.bytes.toString('utf8', at, at + length);
  }

  /** What SnapshotWriter.lines wrote. */
  lines(): string[] {
    const text = this.string();
    return text ? text.split('\n') : [];
  }

  int32s(): Int32Array {
    return this.view(Int32Array, 4);
  }

  uint16s(): Uint16Array {
    return this.view(Uint16Array, 2);
  }

  int8s(): Int8Array {
    return this.view(Int8Array, 1);
  }

  float32s(): Float32Array {
    return this.view(Float32Array, 4);
  }

  private view<A>(Type: new (buffer: ArrayBufferLike, offset: number, length: number) => A, size: number): A {
    const count = this.uint32();
    const at = this.take(count * size);
    this.skipPad();
    return new Type(this.bytes.buffer, this.bytes.byteOffset + at, count);
  }

  private skipPad(): void {
    const rest = this.at % 4;
    if (rest) this.take(4 - rest);
  }

  private take(length: number): number {
    if (!Number.isInteger(length) || length < 0 || this.at + length > this.bytes.length) throw new Error('search cache file is cut short');
    const at = this.at;
    this.at += length;
    return at;
  }
}
