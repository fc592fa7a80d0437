import { dropDatabaseAndRole, testDatabaseUrl, uniqueTestName } from '@pt/testing';
import { Client } from 'pg';
import { databaseNames } from './database-names';
import { ormOptions } from './orm-options';
import { provisionDatabase } from './provisioning';

describe('provisioning with replicas starting at once', () => {
  const adminUrl = testDatabaseUrl();
  const names = databaseNames(`${uniqueTestName('provision')}_`, 'replicated');

  afterAll(() => dropDatabaseAndRole(adminUrl, names));

  it('lets every replica through: one creates the database and role, the others find them ready', async () => {
    const orm = ormOptions({
      service: 'replicated',
      clientUrl: adminUrl,
      entities: [],
      migrations: [],
      migrationsPathTs: 'unused',
      poolMax: 2,
    });
    const replicas = Array.from({ length: 4 }, () =>
      provisionDatabase({ adminUrl, names, appPassword: 'replica-password', orm }),
    );
    const results = await Promise.all(replicas);

    expect(new Set(results.map((result) => result.runtimeUrl)).size).toBe(1);
    const runtime = new Client({ connectionString: results[0].runtimeUrl });
    await runtime.connect();
    try {
      const [role] = (await runtime.query('select rolbypassrls, rolsuper from pg_roles where rolname = current_user'))
        .rows;
      expect(role).toEqual({ rolbypassrls: false, rolsuper: false });
    } finally {
      await runtime.end();
    }
  });
});
