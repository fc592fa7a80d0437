import { RightsExportBundle, RightsRequestDetail, RightsRequestView } from '@pt/contracts';
import { newPupil, Reply, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

/**
 * Rights requests about pupils (P21, P22) carried out by pupil-records, the service that
 * owns a pupil's data: erasure, restriction and objection, each recorded on the request.
 */
describe('P21, P22: rights requests about pupils are carried out by pupil-records', () => {
  let world: World;
  let head: string;
  let otherHead: string;

  const pupil = async () => {
    const created = await world.call(head, 'POST', '/api/v1/pupils', newPupil());
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  /** A request from a parent whose identity staff have checked (P21). */
  const identifiedRequest = async (kind: string, pupilId: string) => {
    const recorded = await world.call(head, 'POST', '/api/v1/rights-requests', {
      kind,
      subject: { type: 'pupil', id: pupilId },
      requestedBy: { type: 'parent' },
      receivedOn: new Date().toISOString().slice(0, 10),
    });
    expect(recorded.status).toBe(201);
    const view = recorded.body as RightsRequestView;
    const checked = await world.call(head, 'POST', `/api/v1/rights-requests/${view.id}/identity-check`, {
      method: 'photo-id-in-person',
    });
    expect(checked.status).toBe(200);
    return view;
  };

  beforeAll(async () => {
    world = await World.start({
      label: 'rights-pupils',
    });
    const admin = world.platformAdmin.token;
    const heads: string[] = [];
    for (let n = 1; n <= 2; n++) {
      const school = await world.call(admin, 'POST', '/api/v1/platform/schools', {
        name: `Rights Pupils School ${n}`,
        laCode: '801',
        establishmentNumber: String(2000 + n),
        address: { line1: '1 Lane', town: 'Town', postcode: 'TE1 1ST' },
        contact: { name: 'Office', email: 'office@rights-pupils.test' },
      });
      const schoolId = school.body.id as string;
      const signed = await world.call(admin, 'POST', `/api/v1/platform/schools/${schoolId}/data-processing-signature`, {
        signedByName: 'A. Head',
        signedByRole: 'Headteacher',
        termsVersion: '2026-09',
        signedAt: new Date(Date.now() - 60_000).toISOString(),
      });
      expect(signed.status).toBe(200);
      const username = `rights.pupils.head${n}`;
      await world.staff(schoolId, ['school-admin'], {
        username: username,
        password: `Head-${n}-Pass-1234`,
        signIn: false,
      });
      heads.push((await world.signIn(username, `Head-${n}-Pass-1234`)).token);
    }
    [head, otherHead] = heads;
    // pupil-records learns of the signature from identity's durable event.
    await world.until(
      async () => (await world.call(head, 'POST', '/api/v1/pupils', newPupil())).status === 201,
      15_000,
    );
  }, 120_000);

  /** The owner's SQL on the stack's pupil-records database (for checks only). */
  const pupilRecordsSql = (text: string, params: unknown[]) => world.stack.ownerSql('pupil-records', text, params);

  afterAll(async () => {
    await world?.stop();
  });

  it("P22: an erasure request about a pupil erases the pupil in pupil-records and records the erasure's id", async () => {
    const pupilId = await pupil();
    const request = await identifiedRequest('erasure', pupilId);
    expect(
      (await world.call(otherHead, 'POST', `/api/v1/rights-requests/${request.id}/actions`, { summary: 'x' })).status,
    ).toBe(404);
    const acted = await world.call(head, 'POST', `/api/v1/rights-requests/${request.id}/actions`, {
      summary: 'Parent asked for the record to be erased after the pupil left',
    });
    expect(acted.status).toBe(200);
    const [action] = (acted.body as RightsRequestDetail).actions;
    expect(action).toMatchObject({ operation: 'pupil-records.pupil.erase', outcome: 'done', errorCode: null });
    expect(action.resultId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await world.call(head, 'GET', `/api/v1/pupils/${pupilId}`)).status).toBe(404);
    // What pupil-records keeps of the erasure names the register's request.
    const kept = await pupilRecordsSql('select id, rights_request_id from pupil_erasure where pupil_id = $1', [
      pupilId,
    ]);
    expect(kept).toEqual([{ id: action.resultId, rights_request_id: request.id }]);
  });

  it("P22: restriction and objection requests restrict the pupil's processing, each recorded with its restriction", async () => {
    for (const kind of ['restriction', 'objection'] as const) {
      const pupilId = await pupil();
      const request = await identifiedRequest(kind, pupilId);
      const acted = await world.call(head, 'POST', `/api/v1/rights-requests/${request.id}/actions`, {
        summary: `Parent's ${kind} upheld`,
      });
      expect(acted.status).toBe(200);
      const [action] = (acted.body as RightsRequestDetail).actions;
      expect(action).toMatchObject({ operation: 'pupil-records.pupil.restrict', outcome: 'done', errorCode: null });
      const restrictions = await world.call(head, 'GET', `/api/v1/pupils/${pupilId}/restrictions`);
      expect(restrictions.status).toBe(200);
      expect(restrictions.body.items).toEqual([
        expect.objectContaining({ id: action.resultId, kind, rightsRequestId: request.id, liftedAt: null }),
      ]);
    }
  });

  it("P22: pupil-records' refusal is recorded with its error code", async () => {
    // Two erasure requests about one pupil: once the first has erased the pupil, pupil-records refuses the second's.
    const pupilId = await pupil();
    const first = await identifiedRequest('erasure', pupilId);
    const request = await identifiedRequest('erasure', pupilId);
    const erased = await world.call(head, 'POST', `/api/v1/rights-requests/${first.id}/actions`, {
      summary: 'Left the school',
    });
    expect((erased.body as RightsRequestDetail).actions).toEqual([expect.objectContaining({ outcome: 'done' })]);
    const acted = await world.call(head, 'POST', `/api/v1/rights-requests/${request.id}/actions`, {
      summary: 'No such pupil on roll',
    });
    expect(acted.status).toBe(200);
    expect((acted.body as RightsRequestDetail).actions).toEqual([
      expect.objectContaining({
        operation: 'pupil-records.pupil.erase',
        outcome: 'refused',
        errorCode: 'pupil.not_found',
      }),
    ]);
  });

  it("P21: a pupil's subject-access bundle holds pupil-records' data and CTF about that pupil, a section from every service, and no other pupil", async () => {
    const mine = newPupil({ legalForename: 'Imogen', legalSurname: 'Hartley' });
    const other = newPupil({ legalForename: 'Oskar', legalSurname: 'Lindqvist' });
    const created = await world.call(head, 'POST', '/api/v1/pupils', mine);
    const otherCreated = await world.call(head, 'POST', '/api/v1/pupils', other);
    expect([created.status, otherCreated.status]).toEqual([201, 201]);
    const pupilId = created.body.id as string;
    const request = await identifiedRequest('access', pupilId);

    const exported = await world.call(head, 'POST', `/api/v1/rights-requests/${request.id}/export`);
    expect(exported.status).toBe(201);
    expect(exported.body.sections).toEqual(
      expect.arrayContaining([
        { service: 'pupil-records', found: true },
        { service: 'identity', found: false },
        { service: 'assessment', found: false },
        { service: 'billing', found: false },
      ]),
    );
    const response = await fetch(`${world.stack.baseUrl}${exported.body.downloadUrl}`, {
      headers: { authorization: `Bearer ${head}` },
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    const bundle = JSON.parse(text) as RightsExportBundle;
    expect(bundle.request).toEqual({ id: request.id, kind: 'access', subject: { type: 'pupil', id: pupilId } });
    expect(bundle.sections.map((s) => s.service).sort()).toEqual(
      ['assessment', 'audit', 'billing', 'identity', 'pupil-records'].sort(),
    );
    const records = bundle.sections.find((s) => s.service === 'pupil-records')!;
    expect(records.records.pupil).toEqual([
      expect.objectContaining({ id: pupilId, upn: mine.upn, legalSurname: 'Hartley' }),
    ]);
    const ctf = records.files.find((f) => f.fileName === 'pupil.ctf.xml');
    expect(ctf).toMatchObject({ contentType: 'application/xml' });
    const ctfText = Buffer.from(ctf!.contentBase64, 'base64').toString('utf8');
    expect(ctfText).toContain(mine.upn);
    expect(ctf!.sizeBytes).toBe(Buffer.byteLength(ctfText));
    // Nothing of the other pupil, anywhere in the bundle (the CTF included).
    for (const trace of [otherCreated.body.id as string, other.upn, 'Lindqvist', 'Oskar']) {
      expect(text).not.toContain(trace);
      expect(ctfText).not.toContain(trace);
    }
  });
});
