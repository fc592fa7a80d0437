import { AddressInfo, createServer, Socket } from 'node:net';
import pino from 'pino';
import { PersistenceModule } from './persistence.module';

describe('PersistenceModule', () => {
  it('touches no database when a service module is only defined: it is provisioned when Nest builds the provider', async () => {
    // A listener where the database would be: any connection attempt reaches it.
    const attempts: Socket[] = [];
    const server = createServer((socket) => {
      attempts.push(socket);
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      // What the access specs do: define the module to read its decorators, and never start it.
      PersistenceModule.forService({
        service: 'audit',
        database: { adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, namePrefix: 'unused', poolMax: 1 },
        logger: pino({ enabled: false }),
        entities: [],
        migrations: [],
        migrationsPathTs: 'unused',
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(attempts).toHaveLength(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
