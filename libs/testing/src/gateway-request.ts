/** What a test reads back from the gateway: the status, the parsed JSON (or `{}`), the raw bytes and the headers. */
export interface GatewayReply<T = any> {
  status: number;
  body: T;
  bytes: Buffer;
  headers: Headers;
}

export interface GatewayRequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is with `contentType` (default application/octet-stream); streams and iterables are streamed. */
  raw?: Buffer | string | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  contentType?: string;
  headers?: Record<string, string>;
}

/** One authenticated request to a stack's gateway. */
export async function gatewayRequest<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  token: string,
  options: GatewayRequestOptions = {},
): Promise<GatewayReply<T>> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...options.headers };
  let body: RequestInit['body'];
  let streamed = false;
  if (options.raw !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/octet-stream';
    if (typeof options.raw === 'string' || Buffer.isBuffer(options.raw)) {
      body = options.raw;
    } else {
      body = (options.raw instanceof ReadableStream
        ? options.raw
        : ReadableStream.from(options.raw)) as unknown as RequestInit['body'];
      streamed = true;
    }
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body,
    ...(streamed ? { duplex: 'half' } : {}),
  } as RequestInit);
  const bytes = Buffer.from(await response.arrayBuffer());
  let parsed: any = {};
  if (/json/.test(response.headers.get('content-type') ?? '') && bytes.length) parsed = JSON.parse(bytes.toString());
  return { status: response.status, body: parsed as T, bytes, headers: response.headers };
}
