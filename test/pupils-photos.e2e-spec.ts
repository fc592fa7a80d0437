import { PHOTO_MAX_BYTES } from '@pt/contracts';
import { CARE_PUPIL, jpeg, png, School, World } from '@pt/testing';

describe('Photographs: JPEG or PNG up to 2 MB, judged by content, only while photo-use consent stands (P16)', () => {
  let world: World;
  let schools: School[];
  let heads: string[];
  let head: string;
  const photoPath = (pupilId: string) => `/api/v1/pupils/${pupilId}/photo`;
  const put = (pupilId: string, raw: Buffer | ReadableStream<Uint8Array>, contentType: string, token = head) =>
    world.call(token, 'PUT', photoPath(pupilId), raw, { contentType: contentType });
  const stored = (pupilId: string) =>
    world.sql('pupil-records', 'select content_type, size, content from pupil_photo where pupil_id = $1', [pupilId]);
  const hasPhoto = async (pupilId: string) =>
    (await world.sql('pupil-records', 'select has_photo from pupil where id = $1', [pupilId]))[0].has_photo as boolean;

  /** A pupil of school `school` with a standing photo-use consent; returns the pupil and consent ids. */
  const consentingPupil = async (school = 0) => {
    const pupilId = await createPupil(school);
    const consent = await world.call(heads[school], 'POST', `/api/v1/pupils/${pupilId}/consents`, {
      kind: 'photo-use',
      givenBy: { type: 'pupil' },
    });
    expect(consent.status).toBe(201);
    return { pupilId, consentId: consent.body.id as string };
  };

  /** Names left in the stack's file store (whose bucket must exist: the gateway has used it). */
  const filesInStore = async () => {
    const nc = await world.bus();
    const bucket = `files_${world.stack.eventsNamespace}`;
    await (await nc.jetstreamManager()).streams.info(`OBJ_${bucket}`);
    const store = await nc.jetstream().views.os(bucket);
    return (await store.list()).filter((f) => !f.deleted).map((f) => f.name);
  };

  /** Uploads and download copies are hand-overs only: every one is deleted once consumed. */
  const expectNoFilesLeft = () => world.until(async () => (await filesInStore()).length === 0, 5000, 100);

  const createPupil = async (school: number) => (await world.pupil(heads[school], CARE_PUPIL)).id;

  beforeAll(async () => {
    world = await World.start({ label: 'photos', processes: ['gateway', 'identity', 'pupil-records'] });
    schools = [await world.school({ signed: true }), await world.school({ signed: true })];
    heads = [(await world.staff(schools[0])).token, (await world.staff(schools[1])).token];
    head = heads[0];
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('P16: a JPEG is stored and served back byte for byte with its type and Cache-Control: no-store', async () => {
    const { pupilId } = await consentingPupil();
    const image = jpeg(50_000);
    const uploaded = await put(pupilId, image, 'image/jpeg');
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toMatchObject({ pupilId, contentType: 'image/jpeg', size: image.length });
    expect(await hasPhoto(pupilId)).toBe(true);

    const served = await world.call(head, 'GET', photoPath(pupilId));
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('cache-control')).toBe('no-store');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.bytes.equals(image)).toBe(true);
    // A teacher (pupils:read) may see it too.
    const teacher = (await world.staff(schools[0], ['teacher'])).token;
    expect((await world.call(teacher, 'GET', photoPath(pupilId))).bytes.equals(image)).toBe(true);
    await expectNoFilesLeft();
  });

  it('P16: a PNG is accepted, and a PNG declared as image/jpeg is kept and served as the PNG it is', async () => {
    const { pupilId } = await consentingPupil();
    const image = png(40, 30);
    expect((await put(pupilId, image, 'image/png')).body.contentType).toBe('image/png');

    const disguised = png(20, 20);
    const uploaded = await put(pupilId, disguised, 'image/jpeg');
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.contentType).toBe('image/png');
    const served = await world.call(head, 'GET', photoPath(pupilId));
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.bytes.equals(disguised)).toBe(true);
    const [row] = await stored(pupilId);
    expect(row.content_type).toBe('image/png');
  });

  it('P16: a text file claiming to be image/jpeg is refused 400 naming the photo, and nothing is kept', async () => {
    const { pupilId } = await consentingPupil();
    const refused = await put(pupilId, Buffer.from('name,dob\nAlex,2016-01-01\n'), 'image/jpeg');
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'photo' })]);
    const truncated = await put(pupilId, jpeg(1000).subarray(0, 900), 'image/jpeg');
    expect(truncated.status).toBe(400);
    expect(await stored(pupilId)).toEqual([]);
    expect(await hasPhoto(pupilId)).toBe(false);
    const wrongType = await world.call(head, 'PUT', photoPath(pupilId), { photo: 'base64...' });
    expect(wrongType.status).toBe(415);
    await expectNoFilesLeft();
  });

  it('P16: exactly 2 MB is accepted and served; one byte more is refused 413, whether or not its length is declared', async () => {
    const { pupilId } = await consentingPupil();
    const largest = jpeg(PHOTO_MAX_BYTES);
    const accepted = await put(pupilId, largest, 'image/jpeg');
    expect(accepted.status).toBe(200);
    expect(accepted.body.size).toBe(PHOTO_MAX_BYTES);
    const served = await world.call(head, 'GET', photoPath(pupilId));
    expect(served.bytes.equals(largest)).toBe(true);

    const declared = await put(pupilId, jpeg(PHOTO_MAX_BYTES + 1), 'image/jpeg');
    expect(declared.status).toBe(413);
    expect(declared.headers.get('content-type')).toContain('application/problem+json');
    expect(declared.body.code).toBe('photo.too_large');

    // Chunked, with no Content-Length: the cap applies while streaming.
    const tooLarge = jpeg(PHOTO_MAX_BYTES + 64 * 1024);
    const streamed = await put(
      pupilId,
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < tooLarge.length; at += 64 * 1024)
            controller.enqueue(tooLarge.subarray(at, at + 64 * 1024));
          controller.close();
        },
      }),
      'image/jpeg',
    );
    expect(streamed.status).toBe(413);
    expect(streamed.body.code).toBe('photo.too_large');
    // The 2 MB photograph is still the one kept.
    expect((await stored(pupilId))[0].size).toBe(PHOTO_MAX_BYTES);
    await expectNoFilesLeft();
  });

  it('P16: without photo-use consent a photograph is refused (409) and none is served', async () => {
    const pupilId = await createPupil(0);
    const refused = await put(pupilId, png(), 'image/png');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('consent.photo_required');
    expect(await stored(pupilId)).toEqual([]);
    expect((await world.call(head, 'GET', photoPath(pupilId))).status).toBe(404);
    await expectNoFilesLeft();
  });

  it('P16: withdrawing photo-use consent deletes the photograph at once', async () => {
    const { pupilId, consentId } = await consentingPupil();
    expect((await put(pupilId, jpeg(), 'image/jpeg')).status).toBe(200);
    const withdrawn = await world.call(head, 'POST', `/api/v1/pupils/${pupilId}/consents/${consentId}/withdrawal`, {
      withdrawnBy: { type: 'pupil' },
      reason: 'No longer wants a photo on file',
    });
    expect(withdrawn.status).toBe(200);
    expect(await stored(pupilId)).toEqual([]);
    expect(await hasPhoto(pupilId)).toBe(false);
    const served = await world.call(head, 'GET', photoPath(pupilId));
    expect(served.status).toBe(404);
    expect(served.body.code).toBe('photo.not_found');
  });

  it('a photograph is deleted on request (204), then answers 404', async () => {
    const { pupilId } = await consentingPupil();
    expect((await put(pupilId, png(), 'image/png')).status).toBe(200);
    expect((await world.call(head, 'DELETE', photoPath(pupilId))).status).toBe(204);
    expect((await world.call(head, 'GET', photoPath(pupilId))).status).toBe(404);
    expect((await world.call(head, 'DELETE', photoPath(pupilId))).status).toBe(404);
    expect(await hasPhoto(pupilId)).toBe(false);
  });

  it("P19: another school's pupil's photograph answers 404 to read, replace and delete", async () => {
    const { pupilId } = await consentingPupil(0);
    const image = jpeg();
    expect((await put(pupilId, image, 'image/jpeg')).status).toBe(200);
    const intruder = heads[1];
    expect((await world.call(intruder, 'GET', photoPath(pupilId))).status).toBe(404);
    expect((await put(pupilId, png(), 'image/png', intruder)).status).toBe(404);
    expect((await world.call(intruder, 'DELETE', photoPath(pupilId))).status).toBe(404);
    expect((await stored(pupilId))[0].content.equals(image)).toBe(true);
    await expectNoFilesLeft();
  });

  it('P18: a restricted pupil’s photograph cannot be replaced or deleted (409 pupil.restricted), yet can be seen', async () => {
    const { pupilId } = await consentingPupil();
    const image = png();
    expect((await put(pupilId, image, 'image/png')).status).toBe(200);
    await world.restrict(heads[0], pupilId);
    const replaced = await put(pupilId, jpeg(), 'image/jpeg');
    expect([replaced.status, replaced.body.code]).toEqual([409, 'pupil.restricted']);
    const deleted = await world.call(head, 'DELETE', photoPath(pupilId));
    expect([deleted.status, deleted.body.code]).toEqual([409, 'pupil.restricted']);
    expect((await world.call(head, 'GET', photoPath(pupilId))).bytes.equals(image)).toBe(true);
  });

  it('a photograph needs pupils:write to upload and a signed-in user to see', async () => {
    const { pupilId } = await consentingPupil();
    const teacher = (await world.staff(schools[0], ['teacher'])).token;
    const upload = await put(pupilId, png(), 'image/png', teacher);
    expect(upload.status).toBe(403);
    const anonymous = await fetch(`${world.stack.baseUrl}${photoPath(pupilId)}`, {
      method: 'PUT',
      headers: { 'content-type': 'image/png' },
      body: png(),
    });
    expect(anonymous.status).toBe(401);
    await expectNoFilesLeft();
  });
});
