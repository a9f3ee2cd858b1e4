export { CpuPool, CpuTaskTimeoutError, InlineCpuRunner, ThreadOutOfMemoryError, type CpuRunner } from './cpu-pool';
export { ConcurrencyLimiter } from './limiter';
export { PooledHashingEmbedder } from './pooled-embedder';
export { threadEntry } from './thread-entry';
