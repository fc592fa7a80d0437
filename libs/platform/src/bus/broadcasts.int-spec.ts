import { defineBroadcast } from '@pt/contracts';
import { eventually, testNatsUrl, uniqueTestName } from '@pt/testing';
import { connect, NatsConnection } from 'nats';
import pino from 'pino';
import { Broadcasts } from './broadcasts';
import { SubjectNamespace } from './subject-namespace';

const CHANGED = defineBroadcast<{ userId?: string }>('fixture.thing.changed');
const ROTATED = defineBroadcast('fixture.key.rotated');
const ASKED = defineBroadcast<{ n: number }, { doubled: number }>('fixture.sum.asked');

const logger = pino({ level: 'silent' });
let nc: NatsConnection;
let namespace: SubjectNamespace;
let other: SubjectNamespace;

beforeAll(async () => {
  nc = await connect({ servers: testNatsUrl() });
  namespace = new SubjectNamespace(uniqueTestName('bcast'));
  other = new SubjectNamespace(uniqueTestName('bcastother'));
});

afterAll(async () => {
  await nc?.close();
});

describe('Broadcasts', () => {
  it('delivers a typed payload to every subscriber in the namespace, and to nobody in another', async () => {
    const [publisher, first, second, elsewhere] = [namespace, namespace, namespace, other].map(
      (ns) => new Broadcasts(nc, ns, logger),
    );
    const heard: string[] = [];
    first.subscribe(CHANGED, ({ userId }) => void heard.push(`first:${userId}`));
    second.subscribe(CHANGED, ({ userId }) => void heard.push(`second:${userId}`));
    elsewhere.subscribe(CHANGED, ({ userId }) => void heard.push(`elsewhere:${userId}`));
    await nc.flush();

    publisher.publish(CHANGED, { userId: 'u-1' });
    await eventually('both subscribers heard it', () => heard.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard.sort()).toEqual(['first:u-1', 'second:u-1']);
    [publisher, first, second, elsewhere].forEach((b) => b.onModuleDestroy());
  });

  it('sends a broadcast without payload empty on the wire, as the hand-written ones did', async () => {
    const broadcasts = new Broadcasts(nc, namespace, logger);
    const raw = nc.subscribe(namespace.wire(ROTATED.subject), { max: 1 });
    let heard = 0;
    broadcasts.subscribe(ROTATED, () => void heard++);
    await nc.flush();
    broadcasts.publish(ROTATED);
    for await (const msg of raw) expect(msg.data.length).toBe(0);
    await eventually('the subscriber heard it', () => heard === 1);
    broadcasts.onModuleDestroy();
  });

  it("answers a publisher that asks, with each hearer's reply", async () => {
    const broadcasts = new Broadcasts(nc, namespace, logger);
    broadcasts.subscribe(ASKED, ({ n }) => ({ doubled: n * 2 }));
    await nc.flush();
    const reply = await nc.request(namespace.wire(ASKED.subject), new TextEncoder().encode('{"n":21}'));
    expect(reply.json()).toEqual({ doubled: 42 });
    broadcasts.onModuleDestroy();
  });

  it('stops hearing at shutdown, and a malformed message is ignored', async () => {
    const broadcasts = new Broadcasts(nc, namespace, logger);
    let heard = 0;
    broadcasts.subscribe(CHANGED, () => void heard++);
    await nc.flush();
    nc.publish(namespace.wire(CHANGED.subject), new TextEncoder().encode('not json'));
    broadcasts.publish(CHANGED, {});
    await eventually('the well-formed one was heard', () => heard === 1);
    broadcasts.onModuleDestroy();
    broadcasts.publish(CHANGED, {});
    await nc.flush();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toBe(1);
  });
});
