import { dropDatabaseAndRole, testDatabaseUrl, uniqueTestName } from '@pt/testing';
import { FIXTURE_MIGRATIONS } from '@pt/testing/fixtures/fixture-migration';
import { Client } from 'pg';
import { databaseNames } from './database-names';
import { ormOptions } from './orm-options';
import { provisionDatabase } from './provisioning';
import { dropTemplateDatabases, templateDatabaseName } from './template-database';

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

describe('provisioning from a test run template', () => {
  const adminUrl = testDatabaseUrl();
  const templatePrefix = `${uniqueTestName('tpl')}_`;
  const first = databaseNames(`${uniqueTestName('clone')}_`, 'fixture');
  const second = databaseNames(`${uniqueTestName('clone')}_`, 'fixture');
  const orm = ormOptions({
    service: 'fixture',
    clientUrl: adminUrl,
    entities: [],
    migrations: FIXTURE_MIGRATIONS,
    migrationsPathTs: 'unused',
    poolMax: 2,
  });
  const provision = (names: typeof first) =>
    provisionDatabase({
      adminUrl,
      names,
      appPassword: 'clone-password',
      orm,
      template: { prefix: templatePrefix, service: 'fixture' },
    });

  afterAll(async () => {
    await dropDatabaseAndRole(adminUrl, first);
    await dropDatabaseAndRole(adminUrl, second);
    await dropTemplateDatabases(adminUrl, templatePrefix);
  });

  it('migrates the template once and clones it: every clone is current, row security forced, its own role', async () => {
    const results = [await provision(first), await provision(second)];

    const template = templateDatabaseName(
      templatePrefix,
      'fixture',
      FIXTURE_MIGRATIONS.map((m) => m.name),
    );
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query('select datname from pg_database where starts_with(datname, $1)', [
        templatePrefix,
      ]);
      expect(rows).toEqual([{ datname: template }]);
    } finally {
      await admin.end();
    }
    for (const [index, result] of results.entries()) {
      expect(result.migrationsApplied).toEqual([]);
      // The platform's idempotent_reply is school data too (tenant_id): walled like the service's own.
      expect(result.rowSecurityTables).toEqual(['effect', 'idempotent_reply', 'note']);
      const runtime = new Client({ connectionString: result.runtimeUrl });
      await runtime.connect();
      try {
        expect((await runtime.query('select current_database() as db')).rows[0].db).toBe(
          [first, second][index].database,
        );
        // Forced row security: without a tenant the runtime role sees nothing, and may still write with one.
        expect((await runtime.query('select count(*)::int as n from note')).rows[0].n).toBe(0);
        const { rows } = await runtime.query(
          `select relforcerowsecurity as forced from pg_class where relname = 'note'`,
        );
        expect(rows[0].forced).toBe(true);
      } finally {
        await runtime.end();
      }
    }
  });

  it('finds a clone that already exists (a replica starting later) current, as before', async () => {
    const again = await provision(first);
    expect(again.migrationsApplied).toEqual([]);
  });
});
