import { Inject, Injectable } from '@nestjs/common';
import {
  BusErrorBody,
  BusRequest,
  isBusErrorBody,
  MessageContext,
  MessagePattern,
  ReplyOf,
  RequestOf,
} from '@pt/contracts';
import { ErrorCode, NatsConnection, NatsError } from 'nats';
import { BusException } from './bus-exception';
import { NATS_CONNECTION, natsLinkUp } from './nats-connection';
import { ReplyInbox } from './reply-inbox';
import { SUBJECT_NAMESPACE, SubjectNamespace } from './subject-namespace';
import { BusReply, decodeJson, encodeJson } from './wire';

export const BUS_DEFAULT_TIMEOUT_MS = Symbol('BUS_DEFAULT_TIMEOUT_MS');

/** What a client is told to wait while the bus is unreachable (nats.js reconnects every 500 ms). */
const BUS_RETRY_AFTER_SECONDS = 2;

export interface RequestOptions {
  /** Overrides the configured default (NATS_REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * Typed request/reply over NATS core. A subject nobody listens on fails at once with "no
 * responders" (503) instead of waiting for the timeout, and a lost connection to NATS
 * fails at once too (503, retry) rather than holding every request for its full timeout
 * while the client reconnects. Replies come back through one inbox (ReplyInbox).
 */
@Injectable()
export class BusClient {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_DEFAULT_TIMEOUT_MS) private readonly defaultTimeoutMs: number,
    @Inject(SUBJECT_NAMESPACE) private readonly namespace: SubjectNamespace = new SubjectNamespace(),
  ) {
    this.inbox = new ReplyInbox(nc);
  }

  private readonly inbox: ReplyInbox;

  async request<P extends MessagePattern<unknown, unknown>>(
    pattern: P,
    ctx: MessageContext,
    data: RequestOf<P>,
    options: RequestOptions = {},
  ): Promise<ReplyOf<P>> {
    const timeout = options.timeoutMs ?? this.defaultTimeoutMs;
    if (!natsLinkUp(this.nc)) throw busUnavailable();
    const body: BusRequest<RequestOf<P>> = { ctx, data };
    let raw: Uint8Array;
    try {
      const msg = await this.inbox.request(this.namespace.wire(pattern.subject), encodeJson(body), timeout);
      raw = msg.data;
    } catch (error) {
      throw translateNatsError(error, pattern.subject, timeout);
    }
    const reply = decodeJson<BusReply<ReplyOf<P>>>(raw);
    if (reply.ok) return reply.data;
    throw new BusException(isBusErrorBody(reply.error) ? reply.error : malformed(pattern.subject));
  }
}

function translateNatsError(error: unknown, subject: string, timeoutMs: number): BusException {
  const code = (error as NatsError)?.code;
  const service = subject.split('.')[0];
  if (code === ErrorCode.NoResponders) {
    return BusException.unavailable('service.unavailable', `The ${service} service is not available`, { service });
  }
  if (code === ErrorCode.Timeout) {
    return BusException.timeout('service.timeout', `The ${service} service did not answer in time`, {
      service,
      timeoutMs,
    });
  }
  if (code === ErrorCode.ConnectionClosed || code === ErrorCode.ConnectionDraining || code === ErrorCode.Disconnect) {
    return busUnavailable();
  }
  return BusException.unavailable('bus.error', 'The message bus could not deliver the request');
}

function busUnavailable(): BusException {
  return BusException.unavailable('bus.unavailable', 'The message bus is not available', {
    retryAfterSeconds: BUS_RETRY_AFTER_SECONDS,
  });
}

function malformed(subject: string): BusErrorBody {
  return { kind: 'internal', code: 'bus.malformed_reply', message: `Malformed reply to ${subject}` };
}
