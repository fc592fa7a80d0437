import {
  activate,
  eventually,
  readMails,
  schoolWithAdmin,
  SchoolAdmin,
  tokenIn,
  World,
  WORLD_PASSWORD,
} from '@pt/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

const MAIL_FROM_ADDRESS = 'mail-robot@kestrel.test';
const MAIL_FROM = `Kestrel Mail Robot <${MAIL_FROM_ADDRESS}>`;
const NEW_PASSWORD = 'Heron-Valley-2027';

interface Received {
  mailFrom: string | null;
  rcptTo: string[];
  raw: string;
}

interface SmtpInbox {
  port: number;
  /** Every message accepted so far, in order of arrival. */
  received: Received[];
  /**
   * Each message is also written here as an .eml file, so the shared fixtures (activate,
   * waitForMail, tokenIn) can follow its links exactly as they do with identity's MAIL_DIR.
   */
  dir: string;
  close(): Promise<void>;
}

/** A real SMTP server inside the test process, on an ephemeral port, plain text, no auth. */
async function startSmtpInbox(): Promise<SmtpInbox> {
  const dir = mkdtempSync(join(tmpdir(), 'pt-smtp-inbox-'));
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          rcptTo: session.envelope.rcptTo.map((to) => to.address),
          raw: raw.toString('utf8'),
        });
        writeFileSync(join(dir, `${String(received.length).padStart(5, '0')}.eml`), raw);
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    dir,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A port on 127.0.0.1 where nothing listens (bound, read back, released). */
async function deadPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

const kindOf = (message: Received) => /^X-Pupil-Tracking-Kind:\s*(\S+)/im.exec(message.raw)?.[1];

describe('Mail through SMTP when SMTP_URL is set (P1, P6)', () => {
  let smtp: SmtpInbox;
  /** Its mail is read from what the SMTP server received. */
  let world: World;
  let school: SchoolAdmin;
  let counter = 0;

  const messagesTo = (email: string, kind: string) =>
    smtp.received.filter((m) => m.rcptTo.includes(email) && kindOf(m) === kind);
  const invite = async () => {
    counter += 1;
    const email = `smtp.user${counter}@school.test`;
    const username = `smtp.user${counter}`;
    const created = await world.call(school.token, 'POST', '/api/v1/users', {
      firstName: 'Sam',
      lastName: 'Smtp',
      username,
      email,
      roles: ['teacher'],
    });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, email, username };
  };

  beforeAll(async () => {
    smtp = await startSmtpInbox();
    world = await World.start({
      label: 'mailsmtp',
      processes: ['gateway', 'identity'],
      mail: true,
      readMailFrom: smtp.dir,
      envFor: { identity: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM } },
    });
    school = await schoolWithAdmin(world, 'smtp');
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
    await smtp?.close();
  });

  it('P1: a staff invitation is delivered through the SMTP server, and nothing is written to MAIL_DIR', async () => {
    const user = await invite();
    const mail = await world.mail(user.email, 'invitation');
    const delivered = messagesTo(user.email, 'invitation');
    expect(delivered).toHaveLength(1);
    expect(delivered[0].mailFrom).toBe(MAIL_FROM_ADDRESS);
    expect(delivered[0].rcptTo).toEqual([user.email]);
    expect(mail.headers.from).toBe(MAIL_FROM);
    expect(mail.text).toMatch(/https:\/\/app\.pupil-tracking\.test\/set-password#token=[A-Za-z0-9_%-]+/);

    await activate(world, user.email);
    await world.signIn(user.username, WORLD_PASSWORD);
    // Every message so far (the school admin's invitation too) went by SMTP only.
    expect(readMails(world.mailDir!)).toHaveLength(0);
  });

  it('P6: a reset link is delivered once through SMTP and works; an unknown login gets the same answer and no mail', async () => {
    const user = await invite();
    await activate(world, user.email);
    const mark = smtp.received.length;

    const unknown = await requestReset(world, 'nobody.smtp@school.test');
    const real = await requestReset(world, user.email);
    expect(unknown.status).toBe(202);
    expect(real.status).toBe(202);
    expect(real.body).toEqual(unknown.body);
    expect(real.body).toEqual({ accepted: true, message: expect.any(String) });

    // The unknown login was asked first: had it been sent anything, it would be here by now.
    await eventually(
      'the reset message reaches the SMTP server',
      () => messagesTo(user.email, 'password-reset').length > 0,
    );
    const mail = world.mails(user.email, 'password-reset')[0];
    const [delivered] = messagesTo(user.email, 'password-reset');
    expect(delivered.mailFrom).toBe(MAIL_FROM_ADDRESS);
    expect(delivered.rcptTo).toEqual([user.email]);
    expect(mail.headers.from).toBe(MAIL_FROM);
    expect(mail.text).toMatch(/https:\/\/app\.pupil-tracking\.test\/reset-password#token=[A-Za-z0-9_%-]+/);

    const confirmed = await world.call(null, 'POST', '/api/v1/auth/password-reset/confirm', {
      token: tokenIn(mail),
      password: NEW_PASSWORD,
    });
    expect(confirmed.status).toBe(204);
    await world.signIn(user.username, NEW_PASSWORD);

    // Still exactly one message for the user, and none at all for the unknown login.
    expect(messagesTo(user.email, 'password-reset')).toHaveLength(1);
    expect(smtp.received.slice(mark)).toEqual([delivered]);
    expect(smtp.received.some((m) => m.rcptTo.includes('nobody.smtp@school.test'))).toBe(false);
    expect(readMails(world.mailDir!)).toHaveLength(0);
  });
});

describe('Mail when the SMTP server cannot be reached (P6, no personal data in logs)', () => {
  let world: World;

  beforeAll(async () => {
    world = await World.start({
      label: 'mailsmtpdown',
      processes: ['gateway', 'identity'],
      mail: true,
      envFor: { identity: { SMTP_URL: `smtp://127.0.0.1:${await deadPort()}` } },
    });
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('P6: the reset request still answers 202 with the same body; the failure is logged without address or name', async () => {
    const platformToken = world.platformAdmin.token;
    const schoolId = (await world.school({ laCode: '998' })).id;
    // Its invitation cannot be delivered either; a reset is still sent to an invited account.
    const person = {
      firstName: 'Philippa',
      lastName: 'Quartermaine',
      username: 'pquartermaine',
      email: 'philippa.quartermaine@school.test',
    };
    const created = await world.call(platformToken, 'POST', `/api/v1/platform/schools/${schoolId}/admins`, {
      ...person,
      jobTitle: 'Head teacher',
    });
    expect(created.status).toBe(201);
    const userId = created.body.id as string;

    const unknown = await requestReset(world, 'nobody.down@school.test');
    const real = await requestReset(world, person.email);
    expect(real.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(real.body).toEqual(unknown.body);

    const failures = () =>
      world.stack.logsOf('identity').filter((line) => line.msg === 'mail not sent' && line.userId === userId);
    await eventually('the failed reset is logged', () => failures().some((line) => line.mailKind === 'password-reset'));
    expect(failures().map((line) => line.mailKind)).toEqual(expect.arrayContaining(['invitation', 'password-reset']));
    expect(readMails(world.mailDir!)).toHaveLength(0);

    const personal = [person.email, person.firstName, person.lastName, person.username, 'quartermaine'];
    const logged = JSON.stringify(failures()).toLowerCase();
    for (const value of personal) expect(logged).not.toContain(value.toLowerCase());
    // Nor anywhere else in identity's output.
    const everything = JSON.stringify(world.stack.logsOf('identity')).toLowerCase();
    for (const value of personal) expect(everything).not.toContain(value.toLowerCase());
  });
});

function requestReset(world: World, login: string) {
  return world.call(null, 'POST', '/api/v1/auth/password-reset', { login });
}
