import { AuditEntryView } from '@pt/contracts';
import { EntryList, gatewayCall, Reply, syntheticEvent, waitForEntries, World } from '@pt/testing';
import { hash } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

const SUPPORT = { login: 'audit.helper@platform.test', password: 'Audit-Helper-Pass-1' };

describe('Audit log: what happened, by whom, visible to the school it happened in (P24, P12)', () => {
  let world: World;
  let db: Client;
  let adminToken: string;
  let adminId: string;
  let headToken: string;
  let headId: string;
  let otherHeadToken: string;
  let supportToken: string;
  let supportId: string;
  let schoolId: string;
  let otherSchoolId: string;

  const createSchool = async (n: number) =>
    (
      await world.call(adminToken, 'POST', '/api/v1/platform/schools', {
        name: `Audit School ${n}`,
        laCode: '996',
        establishmentNumber: String(3000 + n),
        address: { line1: '1 Lane', town: 'Town', postcode: 'TE1 1ST' },
        contact: { name: 'Office', email: 'office@audit.test' },
      })
    ).body.id as string;

  /** Every entry of the signed-in school's log matching the query (all pages). */
  const allEntries = async (token: string, path = '/api/v1/audit-entries', query = ''): Promise<AuditEntryView[]> => {
    const items: AuditEntryView[] = [];
    let cursor: string | null = null;
    do {
      const sep = query || cursor ? '?' : '';
      const params = [query, cursor ? `cursor=${cursor}` : ''].filter(Boolean).join('&');
      const page: Reply<EntryList> = await world.call(token, 'GET', `${path}${sep}${params}`);
      expect(page.status).toBe(200);
      items.push(...(page.body.items as AuditEntryView[]));
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  };

  const waitForAction = async (token: string, action: string, match: (e: AuditEntryView) => boolean = () => true) => {
    let found: AuditEntryView | undefined;
    await world.until(async () => {
      const page = await world.call(token, 'GET', `/api/v1/audit-entries?action=${action}&limit=200`);
      found = (page.body.items as AuditEntryView[] | undefined)?.find(match);
      return found !== undefined;
    }, 10_000);
    return found!;
  };

  beforeAll(async () => {
    world = await World.start({
      label: 'auditlog',
      processes: ['gateway', 'identity', 'audit'],
    });
    db = await world.stack.connectOwner('audit');
    adminToken = world.platformAdmin.token;
    adminId = (await world.call(adminToken, 'GET', '/api/v1/me')).body.userId;
    schoolId = await createSchool(1);
    otherSchoolId = await createSchool(2);
    headId = (
      await world.staff(schoolId, ['school-admin'], {
        username: 'audit.head1',
        password: 'Head-One-Pass-12',
        signIn: false,
      })
    ).id;
    await world.staff(otherSchoolId, ['school-admin'], {
      username: 'audit.head2',
      password: 'Head-Two-Pass-12',
      signIn: false,
    });
    headToken = (await world.signIn('audit.head1', 'Head-One-Pass-12')).token;
    otherHeadToken = (await world.signIn('audit.head2', 'Head-Two-Pass-12')).token;
    supportId = randomUUID();
    await world.sql(
      'identity',
      `insert into user_account (id, tenant_id, kind, username, email, first_name, last_name, password_hash, roles, status)
       values ($1, null, 'platform', $2, $2, 'Sam', 'Support', $3, '{support}', 'active')`,
      [supportId, SUPPORT.login, await hash(SUPPORT.password)],
    );
    supportToken = (await world.signIn(SUPPORT.login, SUPPORT.password)).token;
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    await world?.stop();
  });

  it("P24: a school's creation is in its own log: the platform admin as actor, the school as subject", async () => {
    const entry = await waitForAction(headToken, 'identity.school.created');
    expect(entry).toMatchObject({
      tenantId: schoolId,
      actorId: adminId,
      actorKind: 'platform',
      supportGrantId: null,
      subjectType: 'school',
      subjectId: schoolId,
      detail: { schoolId },
    });
    expect(new Date(entry.occurredAt).toISOString()).toBe(entry.occurredAt);
  });

  it('P12: a grant and support entering under it are in the school’s log with the grant id, and in the grant’s feed', async () => {
    const grant = await world.call(headToken, 'POST', '/api/v1/support-grants', {
      reason: 'Import issue',
      durationHours: 1,
    });
    expect(grant.status).toBe(201);
    const entered = await world.call(supportToken, 'POST', `/api/v1/platform/support-grants/${grant.body.id}/sessions`);
    expect(entered.status).toBe(201);

    const created = await waitForAction(
      headToken,
      'identity.support-grant.created',
      (e) => e.subjectId === grant.body.id,
    );
    expect(created).toMatchObject({ actorId: headId, actorKind: 'staff', subjectType: 'support-grant' });
    // The grant's reason is free text: it never reaches the log.
    expect(JSON.stringify(created)).not.toContain('Import issue');

    const entry = await waitForAction(
      headToken,
      'identity.support-grant.entered',
      (e) => e.subjectId === grant.body.id,
    );
    expect(entry).toMatchObject({ actorId: supportId, actorKind: 'platform', supportGrantId: grant.body.id });

    const feed = await world.call(headToken, 'GET', `/api/v1/support-grants/${grant.body.id}/actions`);
    expect(feed.status).toBe(200);
    expect(feed.body.items.map((e: AuditEntryView) => e.id)).toEqual([entry.id]);

    // Another school's grant answers as one that does not exist.
    const theirs = await world.call(otherHeadToken, 'GET', `/api/v1/support-grants/${grant.body.id}/actions`);
    expect(theirs.status).toBe(404);
    expect(theirs.body).toMatchObject({ code: 'support_grant.not_found' });
  });

  it('P12: a change support makes under a grant is in the log as done under that grant', async () => {
    const grant = await world.call(headToken, 'POST', '/api/v1/support-grants', {
      reason: 'Fix roles',
      durationHours: 1,
      permissions: ['roles:manage', 'reports:read'],
    });
    const entered = await world.call(supportToken, 'POST', `/api/v1/platform/support-grants/${grant.body.id}/sessions`);
    const role = await world.call(entered.body.accessToken, 'POST', '/api/v1/roles', {
      name: 'support-made',
      permissions: ['reports:read'],
    });
    expect(role.status).toBe(201);
    const entry = await waitForAction(headToken, 'identity.role.created', (e) => e.subjectId === role.body.id);
    expect(entry).toMatchObject({ actorId: supportId, actorKind: 'platform', supportGrantId: grant.body.id });
    const feed = await world.call(headToken, 'GET', `/api/v1/support-grants/${grant.body.id}/actions`);
    expect(feed.body.items.map((e: AuditEntryView) => e.action)).toEqual([
      'identity.role.created',
      'identity.support-grant.entered',
    ]);
  });

  it('P24: platform-level events form the platform chain, which no school sees', async () => {
    const rotated = await world.call(adminToken, 'POST', '/api/v1/platform/signing-keys/rotation');
    expect(rotated.status).toBe(201);
    let entry: AuditEntryView | undefined;
    await world.until(async () => {
      const page = await world.call(
        adminToken,
        'GET',
        '/api/v1/platform/audit-entries?action=identity.signing-key.rotated',
      );
      entry = page.body.items?.[0];
      return entry !== undefined;
    }, 10_000);
    expect(entry).toMatchObject({
      tenantId: null,
      actorId: adminId,
      subjectType: 'signing-key',
      subjectId: rotated.body.kid,
    });
    const platform = await allEntries(adminToken, '/api/v1/platform/audit-entries');
    expect(platform.every((e) => e.tenantId === null)).toBe(true);
    expect((await allEntries(headToken)).some((e) => e.tenantId === null)).toBe(false);
  });

  it("P24, P19: a school admin never sees another school's entries; a platform auditor reads any school", async () => {
    await waitForAction(otherHeadToken, 'identity.school.created');
    const mine = await allEntries(headToken);
    const theirs = await allEntries(otherHeadToken);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.tenantId === schoolId)).toBe(true);
    expect(theirs.every((e) => e.tenantId === otherSchoolId)).toBe(true);
    // Naming another school is not something a school's route takes.
    expect((await world.call(headToken, 'GET', `/api/v1/audit-entries?schoolId=${otherSchoolId}`)).status).toBe(400);
    expect(
      (await world.call(headToken, 'GET', `/api/v1/platform/audit-entries?schoolId=${otherSchoolId}`)).status,
    ).toBe(403);
    expect((await world.call(headToken, 'POST', '/api/v1/platform/audit-verifications', {})).status).toBe(403);

    const viaPlatform = await allEntries(adminToken, '/api/v1/platform/audit-entries', `schoolId=${otherSchoolId}`);
    expect(viaPlatform.map((e) => e.id).sort()).toEqual(theirs.map((e) => e.id).sort());
    // The platform admin has no school: the school's own routes refuse it.
    expect((await world.call(adminToken, 'GET', '/api/v1/audit-entries')).status).toBe(403);
  });

  it('P24: pages newest first with a keyset cursor, and filters by actor, action and subject', async () => {
    const page1 = await world.call(headToken, 'GET', '/api/v1/audit-entries?limit=2');
    expect(page1.body.items).toHaveLength(2);
    const all = await allEntries(headToken);
    const times = all.map((e) => e.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);

    const byActor = await allEntries(headToken, '/api/v1/audit-entries', `actorId=${headId}`);
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((e) => e.actorId === headId)).toBe(true);
    const byPrefix = await allEntries(headToken, '/api/v1/audit-entries', 'action=identity.support-grant');
    expect(byPrefix.every((e) => e.action.startsWith('identity.support-grant.'))).toBe(true);
    const bySubject = await allEntries(headToken, '/api/v1/audit-entries', `subjectType=school&subjectId=${schoolId}`);
    expect(bySubject.map((e) => e.action)).toContain('identity.school.created');
    const future = await world.call(headToken, 'GET', '/api/v1/audit-entries?from=2999-01-01T00:00:00Z');
    expect(future.body.items).toEqual([]);
    expect((await world.call(headToken, 'GET', '/api/v1/audit-entries?cursor=nonsense')).status).toBe(400);
  });

  it('P24: one entry per event however often it is delivered, with personal data dropped from the detail', async () => {
    const pupilId = randomUUID();
    const event = syntheticEvent({
      tenantId: otherSchoolId,
      subject: 'evt.test.pupil.updated',
      data: { pupilId, firstName: 'Alice', email: 'alice@home.test', note: 'Free text here', yearGroup: 4, fsm: true },
    });
    const withIp = { ...event, ip: '203.0.113.7' };
    const sentinel = syntheticEvent({ tenantId: otherSchoolId });
    // Two publishes of one event under different message ids: JetStream keeps both, so only the consumer can dedupe.
    await world.publish([withIp, withIp, sentinel], (e, i) => `${e.id}-${i}`);
    // Events are handled in stream order: once the sentinel is in, both copies have been seen.
    await waitForEntries(world, [sentinel.id]);
    const { rows } = await db.query('select count(*)::int as n from audit_entry where event_id = $1', [event.id]);
    expect(rows[0].n).toBe(1);
    const [entry] = await allEntries(otherHeadToken, '/api/v1/audit-entries', `subjectId=${pupilId}`);
    expect(entry).toMatchObject({
      action: 'test.pupil.updated',
      subjectType: 'pupil',
      subjectId: pupilId,
      ip: '203.0.113.7',
      actorId: event.actor.id,
      requestId: event.requestId,
      detail: { pupilId, yearGroup: 4, fsm: true },
    });
    expect(JSON.stringify(entry)).not.toMatch(/Alice|alice@|Free text/);
    // And it is in the school it belongs to only.
    expect(await allEntries(headToken, '/api/v1/audit-entries', `subjectId=${pupilId}`)).toEqual([]);
  });

  it('P24: exports CSV with spreadsheet formulas defused, and JSON with the same entries', async () => {
    const nasty = syntheticEvent({
      tenantId: schoolId,
      subject: 'evt.test.csv.probe',
      requestId: '=HYPERLINK("http://evil.test","x")',
      actor: { id: '-2+3', kind: '@SUM' as never, roles: [] },
      data: { code: '-cmd' },
    });
    await world.publish([nasty]);
    await waitForEntries(world, [nasty.id]);

    const csv = await world.call(headToken, 'GET', '/api/v1/audit-entries/export?format=csv&action=test.csv.probe');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="audit-entries-.*\.csv"/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'occurredAt,sequence,action,actorKind,actorId,supportGrantId,subjectType,subjectId,requestId,ip,eventId,id,detail,hash',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,'@SUM,'-2+3,`);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
    // No cell of the export starts a formula.
    const cells = lines[1].match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"/, ''));
    expect(cells.some((c) => /^[=+\-@\t\r]/.test(c))).toBe(false);

    const json = await world.call(headToken, 'GET', '/api/v1/audit-entries/export?format=json&action=test.csv.probe');
    expect(json.status).toBe(200);
    expect(json.body.items).toHaveLength(1);
    expect(json.body.items[0]).toMatchObject({ eventId: nasty.id, actorId: '-2+3', detail: { code: '-cmd' } });

    const theirs = await world.call(
      otherHeadToken,
      'GET',
      '/api/v1/audit-entries/export?format=json&action=test.csv.probe',
    );
    expect(theirs.body.items).toEqual([]);
  });

  describe("the client's address on each entry (issue 15)", () => {
    const signInAt = async (baseUrl: string, ip: string) => {
      const reply = await gatewayCall(
        baseUrl,
        null,
        'POST',
        '/api/v1/auth/sign-in',
        { login: 'audit.head1', password: 'Head-One-Pass-12' },
        { ip },
      );
      expect(reply.status).toBe(200);
      return { token: reply.body.accessToken as string, requestId: reply.headers.get('x-request-id')! };
    };

    it('records the address the gateway saw on a sign-in, and ignores X-Forwarded-For when TRUST_PROXY is off', async () => {
      // The school's policy replaces the head's older session: read with the new one.
      const { token, requestId } = await signInAt(world.baseUrl, '198.51.100.9');
      headToken = token;
      const started = await waitForAction(headToken, 'identity.session.started', (e) => e.requestId === requestId);
      expect(started).toMatchObject({ actorId: headId, ip: '127.0.0.1' });
      // The older session it replaced ended at the same request, from the same address.
      const ended = await waitForAction(headToken, 'identity.session.ended', (e) => e.requestId === requestId);
      expect(ended.ip).toBe('127.0.0.1');
    });

    it('records the forwarded client address on sign-ins and writes behind a trusted proxy (TRUST_PROXY=true)', async () => {
      const behindProxy = await world.stack.startGatewayReplica('gateway#2', { TRUST_PROXY: 'true' });
      const signedIn = await signInAt(behindProxy, '203.0.113.50');
      headToken = signedIn.token;
      const started = await waitForAction(
        headToken,
        'identity.session.started',
        (e) => e.requestId === signedIn.requestId,
      );
      expect(started).toMatchObject({ actorId: headId, ip: '203.0.113.50' });

      const role = await gatewayCall(
        behindProxy,
        signedIn.token,
        'POST',
        '/api/v1/roles',
        { name: 'audited-from-afar', permissions: ['reports:read'] },
        { ip: '203.0.113.51' },
      );
      expect(role.status).toBe(201);
      const created = await waitForAction(headToken, 'identity.role.created', (e) => e.subjectId === role.body.id);
      expect(created).toMatchObject({ actorId: headId, ip: '203.0.113.51' });
    });
  });
});
