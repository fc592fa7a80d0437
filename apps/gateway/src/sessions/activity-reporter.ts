import { Inject, Injectable } from '@nestjs/common';
import {
  BusRequest,
  REPORT_SESSION_ACTIVITY,
  SessionActivity,
  SessionActivityReport,
  SYSTEM_ACTOR,
} from '@pt/contracts';
import { Clock, encodeJson, NATS_CONNECTION, PeriodicJobs, SUBJECT_NAMESPACE, SubjectNamespace } from '@pt/platform';
import { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { GatewayConfig } from '../gateway.config';

/** Sessions per message: well under NATS' payload limit even with long user agents. */
const BATCH = 1000;

/** Where a batch goes; a function so that the throttling and batching can be tested alone. */
export type ActivitySink = (report: SessionActivityReport) => void;

/**
 * P13: tells identity which sessions are in use without a bus round trip on any request.
 * A request only touches two in-memory maps: a session is noted at most once per
 * ACTIVITY_REPORT_INTERVAL_SECONDS, and every ACTIVITY_FLUSH_MS the noted sessions leave
 * in fire-and-forget messages of up to BATCH sessions each (no reply is awaited; a lost
 * one only makes a session look idle a minute sooner, well inside SESSION_IDLE_MINUTES).
 */
@Injectable()
export class ActivityReporter {
  /** session id -> when it was last noted (gateway clock, ms). */
  private readonly noted = new Map<string, number>();
  private pending = new Map<string, SessionActivity>();
  private readonly enabled: boolean;
  private readonly intervalMs: number;
  private sink: ActivitySink;

  constructor(
    private readonly config: GatewayConfig,
    private readonly clock: Clock,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SUBJECT_NAMESPACE) private readonly subjects: SubjectNamespace,
    jobs: PeriodicJobs,
  ) {
    this.enabled = config.ACTIVITY_REPORTING === 'on';
    this.intervalMs = config.ACTIVITY_REPORT_INTERVAL_SECONDS * 1000;
    this.sink = (report) => this.publish(report);
    jobs.define({
      name: 'session-activity-flush',
      everyMs: this.enabled ? config.ACTIVITY_FLUSH_MS : 0,
      replicas: 'each-replica',
      // What is noted but not sent would otherwise be lost with this replica.
      runAtStop: true,
      run: () => this.flush(),
    });
  }

  /** For tests of the throttling and batching: where batches go instead of the bus. */
  sendTo(sink: ActivitySink): void {
    this.sink = sink;
  }

  /** Called on every authenticated request: O(1), no I/O. */
  seen(sessionId: string, ip: string | null, userAgent: string | null): void {
    if (!this.enabled) return;
    const now = this.clock.nowMs();
    const last = this.noted.get(sessionId);
    if (last !== undefined && now - last < this.intervalMs) return;
    this.noted.set(sessionId, now);
    this.pending.set(sessionId, {
      sessionId,
      lastSeenAt: new Date(now).toISOString(),
      ip,
      userAgent: userAgent ? userAgent.slice(0, 512) : null,
    });
  }

  /** Sends what is pending, in batches; forgets sessions whose throttle has run out. */
  flush(): void {
    if (this.pending.size) {
      const sessions = [...this.pending.values()];
      this.pending = new Map();
      for (let from = 0; from < sessions.length; from += BATCH) {
        this.sink({ sessions: sessions.slice(from, from + BATCH) });
      }
    }
    const now = this.clock.nowMs();
    for (const [sessionId, at] of this.noted) if (now - at >= this.intervalMs) this.noted.delete(sessionId);
  }

  private publish(report: SessionActivityReport): void {
    if (this.nc.isClosed()) return;
    const message: BusRequest<SessionActivityReport> = {
      ctx: { tenantId: null, actor: SYSTEM_ACTOR, requestId: randomUUID(), ip: null },
      data: report,
    };
    // A publish to the request subject without a reply inbox: one identity replica (its
    // queue group) applies it, and nobody waits.
    try {
      this.nc.publish(this.subjects.wire(REPORT_SESSION_ACTIVITY.subject), encodeJson(message));
    } catch {
      // Draining at shutdown: the sessions are reported by the replica that serves them next.
    }
  }
}
