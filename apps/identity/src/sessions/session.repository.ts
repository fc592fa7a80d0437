import { EntityManager } from '@mikro-orm/postgresql';
import { MAINTENANCE_EXEMPT_ROLES, SessionEndReason } from '@pt/contracts';
import { CursorPosition } from '@pt/persistence';
import { Session } from './session.entity';

export interface EndedSession {
  id: string;
  tenantId: string | null;
}

/** A session ended in bulk, with its user (for the session.ended events). */
export interface EndedUserSession extends EndedSession {
  userId: string;
}

/** P13: which sessions a maintenance window covers: every school's (null) or some schools'. */
export interface SessionScope {
  schoolIds: string[] | null;
}

/** P13: "active" is decided at `now` (the service's clock): seen after `seenAfter`. */
export interface Activeness {
  now: Date;
  seenAfter: Date;
}

export interface ActiveSessionRow {
  id: string;
  tenantId: string | null;
  userId: string;
  username: string;
  userKind: 'staff' | 'platform';
  roles: string[];
  createdAt: Date;
  /** created_at at full (microsecond) precision, for the keyset cursor. */
  cursorKey: string;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
  lastSeenIp: string | null;
  lastSeenUserAgent: string | null;
}

export interface LiveSessionRow {
  id: string;
  userId: string;
  tenantId: string | null;
  lastSeenAt: Date;
}

/**
 * Sessions a window's scope covers: their school is in scope (every one, for a platform
 * window), and their user is not exempt (ops and platform admins do the maintenance).
 */
const IN_SCOPE = `(?::uuid[] is null or s.tenant_id = any(?::uuid[]))
  and not (u.kind = 'platform' and u.roles && ?::text[])`;

const ACTIVE = `s.ended_at is null and s.expires_at > ? and s.last_seen_at > ?`;

/** The only place that queries sessions. */
export class SessionRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Locks the row: two refreshes of one session must not both rotate it. The lock is taken
   * by a statement of its own and the row read by the next: read in the locking statement
   * (the ORM's `findOne` with a lock mode), a refresh that had waited for another's
   * rotation found no row at all about half the time (two tabs refreshing at once).
   */
  async findForUpdate(id: string): Promise<Session | null> {
    await this.em.execute('select 1 from session where id = ? for update', [id]);
    return this.em.findOne(Session, { id });
  }

  /** The school and user a session belongs to, ended or not. */
  async ownerOf(id: string): Promise<{ tenantId: string | null; userId: string } | null> {
    const session = await this.em.findOne(Session, { id }, { fields: ['tenantId', 'userId'] });
    return session ? { tenantId: session.tenantId, userId: session.userId } : null;
  }

  add(session: Session): void {
    this.em.persist(session);
  }

  /**
   * Serialises sign-ins (and session ends) of one user until the transaction ends, so
   * that a concurrent-session policy (P5) cannot be raced by two sign-ins at once.
   */
  async lockUser(userId: string): Promise<void> {
    await this.em.execute(`select pg_advisory_xact_lock(hashtext('session-user:' || ?))`, [userId]);
  }

  /** The user's sessions that have not ended and have not reached their absolute end. */
  async liveOf(userId: string): Promise<Array<{ id: string; lastSeenAt: Date }>> {
    return this.em.find(
      Session,
      { userId, endedAt: null, expiresAt: { $gt: new Date() } },
      { fields: ['id', 'lastSeenAt'], orderBy: { createdAt: 'asc' } },
    );
  }

  /** Ends the user's live sessions (all but one, if given) in one statement; returns them. */
  async endLive(
    userId: string,
    reason: SessionEndReason,
    options: { exceptSessionId?: string } = {},
  ): Promise<EndedSession[]> {
    const conditions = [`user_id = ?`, `ended_at is null`, `expires_at > now()`];
    const params: unknown[] = [reason, userId];
    if (options.exceptSessionId) {
      conditions.push(`id <> ?`);
      params.push(options.exceptSessionId);
    }
    const rows = await this.em.execute<Array<{ id: string; tenant_id: string | null }>>(
      `update session set ended_at = now(), end_reason = ? where ${conditions.join(' and ')} returning id, tenant_id`,
      params,
    );
    return rows.map((row) => ({ id: row.id, tenantId: row.tenant_id }));
  }

  /** Sessions ended early whose access tokens could still be unexpired, with why they ended. */
  async revokedSince(since: Date): Promise<Array<{ id: string; endReason: string | null }>> {
    return this.em.find(Session, { endedAt: { $gte: since } }, { fields: ['id', 'endReason'] });
  }

  /**
   * P13: applies a gateway's batch of activity in one statement. A later report never
   * moves last_seen_at back, and no report moves it past `notAfter` (identity's now).
   */
  async recordActivity(
    activity: Array<{ sessionId: string; seenAt: Date; ip: string | null; userAgent: string | null }>,
    notAfter: Date,
  ): Promise<number> {
    if (!activity.length) return 0;
    const rows = await this.em.execute<Array<{ id: string }>>(
      `update session s
          set last_seen_at = greatest(s.last_seen_at, least(v.seen_at, ?::timestamptz)),
              last_seen_ip = coalesce(v.ip, s.last_seen_ip),
              last_seen_user_agent = coalesce(v.ua, s.last_seen_user_agent)
         from jsonb_to_recordset(?::jsonb) as v(id uuid, seen_at timestamptz, ip text, ua text)
        where s.id = v.id and s.ended_at is null
        returning s.id`,
      // One JSON parameter: MikroORM would inline an array parameter as a list.
      [
        notAfter,
        JSON.stringify(
          activity.map((a) => ({ id: a.sessionId, seen_at: a.seenAt.toISOString(), ip: a.ip, ua: a.userAgent })),
        ),
      ],
    );
    return rows.length;
  }

  /**
   * P13: one page of active sessions, newest sign-in first (keyset on created_at, id),
   * with each user's name and roles; `tenantId` narrows to one school.
   */
  async activePage(
    active: Activeness,
    tenantId: string | null,
    limit: number,
    after: CursorPosition | null,
  ): Promise<ActiveSessionRow[]> {
    const params: unknown[] = [active.now, active.seenAfter];
    let where = ACTIVE;
    if (tenantId) {
      where += ` and s.tenant_id = ?`;
      params.push(tenantId);
    }
    if (after) {
      where += ` and (s.created_at, s.id) < (?::timestamptz, ?::uuid)`;
      params.push(after.key, after.id);
    }
    params.push(limit + 1);
    const rows = await this.em.execute<
      Array<{
        id: string;
        tenant_id: string | null;
        user_id: string;
        username: string;
        kind: 'staff' | 'platform';
        roles: string[];
        created_at: Date;
        cursor_key: string;
        last_seen_at: Date;
        ip: string | null;
        user_agent: string | null;
        last_seen_ip: string | null;
        last_seen_user_agent: string | null;
      }>
    >(
      // The page is cut before the join: under row-level security the planner underestimates
      // the rows and would otherwise join every active session, then sort (scripts/bench/active-sessions.ts).
      `select s.id, s.tenant_id, s.user_id, u.username, u.kind, u.roles, s.created_at,
              to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_key,
              s.last_seen_at, s.ip, s.user_agent, s.last_seen_ip, s.last_seen_user_agent
         from (select * from session s
                where ${where}
                order by s.created_at desc, s.id desc
                limit ?) s
         join user_account u on u.id = s.user_id
        order by s.created_at desc, s.id desc`,
      params,
    );
    return rows.map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      userId: row.user_id,
      username: row.username,
      userKind: row.kind,
      roles: row.roles,
      createdAt: new Date(row.created_at),
      cursorKey: row.cursor_key,
      lastSeenAt: new Date(row.last_seen_at),
      ip: row.ip,
      userAgent: row.user_agent,
      lastSeenIp: row.last_seen_ip,
      lastSeenUserAgent: row.last_seen_user_agent,
    }));
  }

  /** P13: active sessions per school (null: platform staff), aggregated in SQL, most first. */
  async activeCounts(active: Activeness): Promise<Array<{ tenantId: string | null; active: number }>> {
    const rows = await this.em.execute<Array<{ tenant_id: string | null; active: string | number }>>(
      `select s.tenant_id, count(*) as active
         from session s
        where ${ACTIVE}
        group by s.tenant_id
        order by count(*) desc, s.tenant_id nulls first`,
      [active.now, active.seenAfter],
    );
    return rows.map((row) => ({ tenantId: row.tenant_id, active: Number(row.active) }));
  }

  /**
   * P13: ends up to `limit` sessions not seen since `seenAfter` (reason 'idle'). Rows
   * another replica is ending at the same moment are skipped, not waited for.
   */
  async endIdle(active: Activeness, limit: number): Promise<EndedUserSession[]> {
    const rows = await this.em.execute<Array<{ id: string; tenant_id: string | null; user_id: string }>>(
      `with idle as (
         select id from session s
          where s.ended_at is null and s.expires_at > ? and s.last_seen_at <= ?
          limit ?
          for update skip locked)
       update session s set ended_at = now(), end_reason = 'idle'
         from idle where s.id = idle.id
       returning s.id, s.tenant_id, s.user_id`,
      [active.now, active.seenAfter, limit],
    );
    return rows.map((row) => ({ id: row.id, tenantId: row.tenant_id, userId: row.user_id }));
  }

  /** P13: the active sessions a maintenance window's scope covers. */
  async activeInScope(active: Activeness, scope: SessionScope): Promise<LiveSessionRow[]> {
    const rows = await this.em.execute<
      Array<{ id: string; user_id: string; tenant_id: string | null; last_seen_at: Date }>
    >(
      `select s.id, s.user_id, s.tenant_id, s.last_seen_at
         from session s join user_account u on u.id = s.user_id
        where ${ACTIVE} and ${IN_SCOPE}
        order by s.tenant_id nulls first, s.id`,
      [active.now, active.seenAfter, ...scopeParams(scope)],
    );
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      tenantId: row.tenant_id,
      lastSeenAt: new Date(row.last_seen_at),
    }));
  }

  /** P13: at a window's start, ends every session in its scope that has not ended (idle or not). */
  async endInScope(now: Date, scope: SessionScope, reason: SessionEndReason): Promise<EndedUserSession[]> {
    const rows = await this.em.execute<Array<{ id: string; tenant_id: string | null; user_id: string }>>(
      `update session s set ended_at = now(), end_reason = ?
         from user_account u
        where u.id = s.user_id and s.ended_at is null and s.expires_at > ? and ${IN_SCOPE}
       returning s.id, s.tenant_id, s.user_id`,
      [reason, now, ...scopeParams(scope)],
    );
    return rows.map((row) => ({ id: row.id, tenantId: row.tenant_id, userId: row.user_id }));
  }
}

function scopeParams(scope: SessionScope): unknown[] {
  const schools = scope.schoolIds ? pgArray(scope.schoolIds) : null;
  return [schools, schools, pgArray(MAINTENANCE_EXEMPT_ROLES)];
}

/**
 * A Postgres array literal of ids or role names. MikroORM inlines an array parameter as
 * a list (`'a', 'b'`), so arrays travel as one text parameter cast in SQL; anything but
 * plain id characters is refused rather than quoted.
 */
function pgArray(values: readonly string[]): string {
  for (const value of values) if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new Error('not an id');
  return `{${values.join(',')}}`;
}
