import { BaseConfig, FileStore, SubjectNamespace } from '@pt/platform';
import { testNatsUrl, uniqueTestName } from '@pt/testing';
import { randomBytes } from 'node:crypto';
import { connect, NatsConnection } from 'nats';
import { readStoredFile } from './paced-file-reader';

describe('readStoredFile: a file-store file read at the pace of its reader', () => {
  let nc: NatsConnection;
  let files: FileStore;

  beforeAll(async () => {
    nc = await connect({ servers: testNatsUrl() });
    const config = Object.assign(new BaseConfig(), { FILES_TTL_HOURS: 1, FILES_REPLICAS: 1 });
    files = new FileStore(nc, new SubjectNamespace(uniqueTestName('paced')), config);
  });

  afterAll(async () => {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(`OBJ_${files.bucketName}`).catch(() => undefined);
    await nc.close();
  });

  it('yields the stored bytes unchanged, digest checked, whatever the size', async () => {
    const data = randomBytes(2 * 1024 * 1024 + 5);
    await files.put('big', data);
    const opened = await readStoredFile(nc, files.bucketName, 'big');
    expect(opened!.size).toBe(data.length);
    const parts: Buffer[] = [];
    for await (const chunk of opened!.chunks) {
      parts.push(Buffer.from(chunk));
      // A slow reader: nothing more is fetched meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(Buffer.concat(parts).equals(data)).toBe(true);
  });

  it('reads an empty file as no chunks, and an absent one as null', async () => {
    await files.put('empty', Buffer.alloc(0));
    const empty = await readStoredFile(nc, files.bucketName, 'empty');
    const parts: Uint8Array[] = [];
    for await (const chunk of empty!.chunks) parts.push(chunk);
    expect(parts).toEqual([]);
    expect(await readStoredFile(nc, files.bucketName, 'absent')).toBeNull();
  });
});
