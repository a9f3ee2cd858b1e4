import type { LlmEndpoint, ModelListing } from '@assistants/domain';
import { guardedFetch, PrivateAddressError } from '../tools/network-guard';

export interface ModelListingOptions {
  /** Whether the endpoint may be on a loopback, private or link-local address. */
  allowPrivateNetworks: boolean;
  timeoutMs: number;
}

/** Most providers list hundreds at most; more than this is not a list a person picks from. */
const MAX_MODELS = 1000;

/**
 * Why a listing failed, as a stable code the web app translates: 'private_address' (refused by the
 * network guard), 'unauthorized' (401/403: the key), 'http_error' (another status), 'bad_response'
 * (no {"data": [...]}), 'timeout', 'unreachable'.
 */
export type ModelListingStatus = 'ok' | 'private_address' | 'unauthorized' | 'http_error' | 'bad_response' | 'timeout' | 'unreachable';

/** GET {baseUrl}/models of an OpenAI-compatible endpoint: the model ids, sorted, or why not (never the server's own answer, which might echo the key). */
export async function listProviderModels(endpoint: LlmEndpoint, options: ModelListingOptions): Promise<ModelListing> {
  const at = new Date();
  const fetchFn = guardedFetch({ allowPrivate: options.allowPrivateNetworks });
  const url = `${endpoint.baseUrl.replace(/\/+$/, '')}/models`;
  try {
    const response = await fetchFn(url, {
      headers: { accept: 'application/json', ...(endpoint.apiKey && { authorization: `Bearer ${endpoint.apiKey}` }) },
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'error',
    });
    if (response.status === 401 || response.status === 403) return failed('unauthorized', at);
    if (!response.ok) return failed('http_error', at);
    const body = (await response.json().catch(() => null)) as { data?: unknown } | null;
    if (!body || !Array.isArray(body.data)) return failed('bad_response', at);
    const ids = body.data.map((m) => (m as { id?: unknown })?.id).filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 200);
    return { status: 'ok', models: [...new Set(ids)].sort().slice(0, MAX_MODELS), at };
  } catch (error) {
    return failed(describe(error), at);
  }
}

const failed = (status: ModelListingStatus, at: Date): ModelListing => ({ status, models: null, at });

function describe(error: unknown): ModelListingStatus {
  const chain: unknown[] = [];
  for (let e: unknown = error; e && chain.length < 10; e = (e as { cause?: unknown }).cause) chain.push(e);
  if (chain.some((e) => e instanceof PrivateAddressError)) return 'private_address';
  if (chain.some((e) => ['TimeoutError', 'AbortError'].includes((e as { name?: string }).name ?? ''))) return 'timeout';
  return 'unreachable';
}
