import { resolve } from 'node:path';

export interface OpenSearchNode {
  url: string;
  stop(): Promise<void>;
}

/** A real OpenSearch node (scripts/opensearch-server.cjs): one JVM, ~20 s to start, fresh data folder. */
export function startOpenSearchNode(): Promise<OpenSearchNode> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startOpenSearch } = require(resolve(__dirname, '../../scripts/opensearch-server.cjs'));
  return startOpenSearch();
}
