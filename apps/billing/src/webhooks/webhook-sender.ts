import http from 'node:http';
import https from 'node:https';
import { LookupFunction } from 'node:net';

/** What one HTTP attempt came to, as the delivery log keeps it. */
export interface SendOutcome {
  status: number | null;
  latencyMs: number;
  /** The first RESPONSE_BODY_KEPT characters of the answer. */
  body: string;
  error: 'timeout' | 'connection_failed' | null;
  retryAfter?: string;
}

export const RESPONSE_BODY_KEPT = 1024;

export interface SendTarget {
  url: URL;
  /** The checked address to connect to: never resolved again (see address-guard.ts). */
  address: string;
  family: 4 | 6;
}

// Kept-alive sockets: a receiver taking many messages is not made to accept a connection (and TLS) per message.
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

/** One signed POST; never throws (an error is an outcome the log records). */
export function postWebhook(
  target: SendTarget,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<SendOutcome> {
  const started = performance.now();
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    else callback(null, target.address, target.family);
  };
  const https_ = target.url.protocol === 'https:';
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<SendOutcome, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...outcome, latencyMs: Math.round(performance.now() - started) });
    };
    const request = (https_ ? https : http).request(
      target.url,
      {
        method: 'POST',
        agent: https_ ? httpsAgent : httpAgent,
        lookup: pinned,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'pupil-tracking-webhooks/1',
        },
        timeout: timeoutMs,
      },
      (response) => {
        let kept = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (kept.length < RESPONSE_BODY_KEPT) kept += chunk.slice(0, RESPONSE_BODY_KEPT - kept.length);
        });
        response.on('end', () =>
          finish({
            status: response.statusCode ?? null,
            body: kept,
            error: null,
            retryAfter: headerOf(response.headers['retry-after']),
          }),
        );
        response.on('error', () => finish({ status: response.statusCode ?? null, body: kept, error: null }));
      },
    );
    // The whole attempt, not only the idle socket, is bounded (Standard Webhooks: 15-30 s).
    const timer = setTimeout(() => {
      finish({ status: null, body: '', error: 'timeout' });
      request.destroy();
    }, timeoutMs);
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error) =>
      finish({ status: null, body: '', error: error.message === 'timeout' ? 'timeout' : 'connection_failed' }),
    );
    request.on('close', () => clearTimeout(timer));
    request.end(body);
  });
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
