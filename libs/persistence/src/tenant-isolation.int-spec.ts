import { randomUUID } from 'node:crypto';
import { QueryResult } from '@mikro-orm/core';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { EVENT_ENTITIES } from '@pt/platform';
import { TestDatabase } from '@pt/testing';
import { createFixtureDatabase, FIXTURE_ENTITIES } from '@pt/testing/fixtures/fixture-database';
import { Note } from '@pt/testing/fixtures/note.entity';
import { Client } from 'pg';
import { PLATFORM_SCOPE, tenantScope } from './data-scope';
import { DirectSql } from './direct-sql';
import { ormOptions } from './orm-options';
import { TransactionEvents } from './transaction-events';
import { UnitOfWork } from './unit-of-work';

// Five schools with different numbers of notes, so that a count alone tells whose rows were read.
const schools = Array.from({ length: 5 }, () => randomUUID());
const [schoolA, schoolB] = schools;
const notesOf = new Map<string, string[]>();
const countOf = (tenantId: string) => notesOf.get(tenantId)!.length;
const total = () => [...notesOf.values()].reduce((sum, ids) => sum + ids.length, 0);

let db: TestDatabase;

beforeAll(async () => {
  db = await createFixtureDatabase('isolation');
  for (const [i, tenantId] of schools.entries()) {
    const ids = Array.from({ length: i + 2 }, () => randomUUID());
    await db.unitOfWork.run(tenantScope(tenantId), async (em) => {
      for (const id of ids) em.persist(em.create(Note, { id, tenantId, body: `note of school ${i}` }));
    });
    notesOf.set(tenantId, ids);
  }
  // The owner (a superuser here) sees every row: the walls below are what hide them.
  const [{ n }] = await db.ownerQuery<{ n: number }>('select count(*)::int as n from note');
  expect(n).toBe(total());
});

afterAll(async () => {
  await db?.drop();
});

async function runtimeClient(): Promise<Client> {
  const client = new Client({ connectionString: db.runtimeUrl });
  await client.connect();
  return client;
}

describe('tenant isolation', () => {
  describe('first wall: the ORM tenant filter', () => {
    it("finds only the unit of work's school's rows, and another school's row by id is not found", async () => {
      const found = await db.unitOfWork.run(tenantScope(schoolA), (em) => em.find(Note, {}));
      expect(found.map((n) => n.id).sort()).toEqual([...notesOf.get(schoolA)!].sort());

      const otherSchools = await db.unitOfWork.run(tenantScope(schoolA), (em) =>
        em.findOne(Note, { id: notesOf.get(schoolB)![0] }),
      );
      expect(otherSchools).toBeNull();
    });

    it('refuses to query through an EntityManager nobody gave a tenant, instead of reading every school', async () => {
      await expect(db.orm.em.fork().find(Note, {})).rejects.toThrow("No arguments provided for filter 'tenant'");
    });
  });

  describe('second wall: row-level security', () => {
    it('limits a unit of work to its school even with the ORM filter off and with raw SQL', async () => {
      const seen = await db.unitOfWork.run(tenantScope(schoolA), async (em) => ({
        orm: (await em.find(Note, {}, { filters: false })).map((n) => n.tenantId),
        sql: (await em.execute<{ tenant_id: string }[]>('select * from note')).map((r) => r.tenant_id),
      }));
      const onlyA = Array(countOf(schoolA)).fill(schoolA);
      expect(seen).toEqual({ orm: onlyA, sql: onlyA });
    });

    it('sets both settings in the statement that opens the transaction: one round trip before the work, one to commit', async () => {
      // Every round trip to Postgres is one pg Client.query (one message, answered by ReadyForQuery).
      const sent: string[] = [];
      const realQuery = Client.prototype.query;
      const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
        const [text] = args as [string | { text: string }];
        sent.push(typeof text === 'string' ? text : text.text);
        return (realQuery as (...a: unknown[]) => unknown).apply(this, args);
      } as never);
      try {
        for (const scope of [tenantScope(schoolA), PLATFORM_SCOPE]) {
          sent.length = 0;
          const [seen] = await db.unitOfWork.run(scope, (em) =>
            em.execute<{ tenant: string; scope: string; tenants: string[] }[]>(
              `select current_setting('app.tenant_id', true) as tenant, current_setting('app.scope', true) as scope,
                      array(select distinct tenant_id::text from note) as tenants`,
            ),
          );
          seen.tenants.sort();
          // RLS is in force for the work: the settings are there and they bind the rows.
          expect(seen).toEqual(
            scope.kind === 'tenant'
              ? { tenant: schoolA, scope: 'tenant', tenants: [schoolA] }
              : { tenant: '', scope: 'platform', tenants: [...schools].sort() },
          );
          expect(sent).toHaveLength(3);
          expect(sent[0]).toMatch(
            /^BEGIN; select set_config\('app\.tenant_id', '[^']*', true\), set_config\('app\.scope', '(tenant|platform)', true\);$/,
          );
          expect(sent[1]).toMatch(/^select current_setting/);
          expect(sent[2]).toMatch(/^COMMIT/);
        }
      } finally {
        spy.mockRestore();
      }
    });

    it("refuses, by the policy's WITH CHECK, to write a row in another school's name", async () => {
      const intruder = randomUUID();
      await expect(
        db.unitOfWork.run(tenantScope(schoolA), async (em) => {
          em.persist(em.create(Note, { id: intruder, tenantId: schoolB, body: 'planted' }));
        }),
      ).rejects.toThrow(/row-level security policy/);
      await expect(
        db.unitOfWork.run(tenantScope(schoolA), (em) =>
          em.execute('insert into note (id, tenant_id, body) values (?, ?, ?)', [intruder, schoolB, 'planted']),
        ),
      ).rejects.toThrow(/row-level security policy/);
      // Nor may a school hand its own row over to another school.
      await expect(
        db.unitOfWork.run(tenantScope(schoolA), (em) =>
          em.execute('update note set tenant_id = ? where id = ?', [schoolB, notesOf.get(schoolA)![0]]),
        ),
      ).rejects.toThrow(/row-level security policy/);

      expect(await db.ownerQuery('select id from note where id = $1', [intruder])).toEqual([]);
      const [{ n }] = await db.ownerQuery<{ n: number }>('select count(*)::int as n from note where tenant_id = $1', [
        schoolA,
      ]);
      expect(n).toBe(countOf(schoolA));
    });

    it("changes none of another school's rows by update or delete", async () => {
      const affected = await db.unitOfWork.run(tenantScope(schoolA), async (em) => ({
        ormUpdate: await em.nativeUpdate(Note, { tenantId: schoolB }, { body: 'overwritten' }, { filters: false }),
        ormDelete: await em.nativeDelete(Note, { tenantId: schoolB }, { filters: false }),
        sqlUpdate: (
          await em.execute<QueryResult>("update note set body = 'overwritten' where tenant_id = ?", [schoolB], 'run')
        ).affectedRows,
        sqlDelete: (await em.execute<QueryResult>('delete from note where tenant_id = ?', [schoolB], 'run'))
          .affectedRows,
      }));
      expect(affected).toEqual({ ormUpdate: 0, ormDelete: 0, sqlUpdate: 0, sqlDelete: 0 });

      const rows = await db.ownerQuery<{ id: string; body: string }>('select id, body from note where tenant_id = $1', [
        schoolB,
      ]);
      expect(rows.map((r) => r.id).sort()).toEqual([...notesOf.get(schoolB)!].sort());
      expect(rows.every((r) => r.body === 'note of school 1')).toBe(true);
    });

    it('gives the runtime role no rows, and no writes, outside a unit of work', async () => {
      const client = await runtimeClient();
      try {
        const { rows } = await client.query('select current_user as role, (select count(*)::int from note) as n');
        expect(rows).toEqual([{ role: db.names.appRole, n: 0 }]);
        await expect(
          client.query('insert into note (id, tenant_id, body) values ($1, $2, $3)', [randomUUID(), schoolA, 'x']),
        ).rejects.toMatchObject({ code: '42501' });
      } finally {
        await client.end();
      }
    });

    it("does not leave a school's setting on a pooled connection after its unit of work", async () => {
      // A small pool, so that the unscoped queries run on connections that just served a school.
      const orm = await MikroORM.init<PostgreSqlDriver>(
        ormOptions({
          service: 'fixture',
          clientUrl: db.runtimeUrl,
          entities: [...EVENT_ENTITIES, ...FIXTURE_ENTITIES],
          migrations: [],
          migrationsPathTs: 'unused',
          poolMax: 2,
        }),
      );
      try {
        const unitOfWork = new UnitOfWork(orm, new TransactionEvents());
        const scopedPids = new Set<number>();
        const unscopedPids = new Set<number>();
        for (let i = 0; i < 40; i++) {
          const scope = i % 4 === 3 ? PLATFORM_SCOPE : tenantScope(schools[i % schools.length]);
          const inside = await unitOfWork.run(scope, async (em) => {
            const [row] = await em.execute<{ pid: number; n: number }[]>(
              'select pg_backend_pid() as pid, count(*)::int as n from note',
            );
            return row;
          });
          expect(inside.n).toBe(scope.kind === 'tenant' ? countOf(scope.tenantId) : total());
          scopedPids.add(inside.pid);

          const [outside] = await orm.em
            .fork()
            .getConnection()
            .execute<{ pid: number; n: number; tenant: string; scope: string }[]>(
              `select pg_backend_pid() as pid, count(*)::int as n,
                      coalesce(current_setting('app.tenant_id', true), '') as tenant,
                      coalesce(current_setting('app.scope', true), '') as scope
                 from note`,
            );
          expect(outside).toMatchObject({ n: 0, tenant: '', scope: '' });
          unscopedPids.add(outside.pid);
        }
        // Not vacuous: every unscoped query ran on a connection that had served a unit of work.
        expect([...unscopedPids].every((pid) => scopedPids.has(pid))).toBe(true);
      } finally {
        await orm.close(true);
      }
    });

    it("keeps concurrent units of work of many schools, readers and writers, each to its own school's rows", async () => {
      const writers = Array.from({ length: 5 }, () => randomUUID());
      const reads = schools.flatMap((tenantId) =>
        Array.from({ length: 40 }, () =>
          db.unitOfWork.run(tenantScope(tenantId), async (em) => {
            const orm = (await em.find(Note, {}, { filters: false })).map((n) => n.tenantId);
            await new Promise((resolve) => setImmediate(resolve));
            const sql = (await em.execute<{ tenant_id: string }[]>('select tenant_id from note')).map(
              (r) => r.tenant_id,
            );
            const [{ setting }] = await em.execute<{ setting: string }[]>(
              "select current_setting('app.tenant_id', true) as setting",
            );
            return { tenantId, orm, sql, setting };
          }),
        ),
      );
      const writes = writers.flatMap((tenantId) =>
        Array.from({ length: 20 }, () =>
          db.unitOfWork.run(tenantScope(tenantId), async (em) => {
            await em.execute('insert into note (id, tenant_id, body) values (?, ?, ?)', [randomUUID(), tenantId, 'w']);
            const visible = await em.execute<{ tenant_id: string }[]>('select tenant_id from note');
            return { tenantId, visible: visible.map((r) => r.tenant_id) };
          }),
        ),
      );
      const [readResults, writeResults] = await Promise.all([Promise.all(reads), Promise.all(writes)]);

      expect(readResults).toHaveLength(200);
      for (const { tenantId, orm, sql, setting } of readResults) {
        const own = Array(countOf(tenantId)).fill(tenantId);
        expect({ orm, sql, setting }).toEqual({ orm: own, sql: own, setting: tenantId });
      }
      for (const { tenantId, visible } of writeResults) {
        expect(visible.length).toBeGreaterThanOrEqual(1);
        expect(visible.every((t) => t === tenantId)).toBe(true);
      }
      const written = await db.ownerQuery<{ tenant_id: string; n: number }>(
        'select tenant_id, count(*)::int as n from note where tenant_id = any($1::uuid[]) group by tenant_id',
        [writers],
      );
      expect(new Map(written.map((r) => [r.tenant_id, r.n]))).toEqual(new Map(writers.map((w) => [w, 20])));
      await db.ownerQuery('delete from note where tenant_id = any($1::uuid[])', [writers]);
    });
  });

  describe('DirectSql (one prepared statement, no unit of work)', () => {
    it('sees no rows unless the statement calls a function that sets its scope, and that scope ends with the statement', async () => {
      // As identity's sign_in_lookup does: platform scope for its own transaction only.
      await db.ownerQuery(`create or replace function note_count_in_platform_scope() returns int language plpgsql as $$
        begin
          perform set_config('app.scope', 'platform', true);
          return (select count(*) from note);
        end $$`);
      const sql = new DirectSql(db.orm, new TransactionEvents());
      const plain = {
        name: 'isolation_plain_count',
        text: 'select pg_backend_pid() as pid, count(*)::int as n from note',
      };
      const scoped = {
        name: 'isolation_scoped_count',
        text: 'select pg_backend_pid() as pid, note_count_in_platform_scope() as n',
      };
      const pids = { plain: new Set<number>(), scoped: new Set<number>() };
      // Alternating on the pool's connections, so that a connection serves both kinds.
      for (let i = 0; i < 20; i++) {
        const kind = i % 2 ? 'plain' : 'scoped';
        const [row] = await sql.query<{ pid: number; n: number }>(kind === 'plain' ? plain : scoped, []);
        expect(row.n).toBe(kind === 'plain' ? 0 : total());
        pids[kind].add(row.pid);
      }
      // Not vacuous: some connection ran a plain count after serving a scoped one.
      expect([...pids.plain].some((pid) => pids.scoped.has(pid))).toBe(true);
    });
  });

  describe('the runtime role', () => {
    it('is not a superuser, cannot bypass row-level security, belongs to no role and owns no table', async () => {
      const [role] = await db.ownerQuery(
        `select rolsuper, rolbypassrls, rolinherit, rolcreaterole, rolcreatedb,
                (select count(*)::int from pg_auth_members m where m.member = r.oid) as memberships
           from pg_roles r where rolname = $1`,
        [db.names.appRole],
      );
      expect(role).toEqual({
        rolsuper: false,
        rolbypassrls: false,
        rolinherit: false,
        rolcreaterole: false,
        rolcreatedb: false,
        memberships: 0,
      });
      const tables = await db.ownerQuery<{ tablename: string; tableowner: string }>(
        "select tablename, tableowner from pg_tables where schemaname = 'public'",
      );
      expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(['note', 'effect', 'outbox']));
      expect(tables.filter((t) => t.tableowner === db.names.appRole)).toEqual([]);
    });

    it('cannot switch row-level security off for itself', async () => {
      const client = await runtimeClient();
      try {
        await expect(client.query('alter table note disable row level security')).rejects.toMatchObject({
          code: '42501',
        });
        await client.query('set row_security = off');
        // With row_security off, a role subject to a policy gets an error, never the rows.
        await expect(client.query('select * from note')).rejects.toMatchObject({ code: '42501' });
      } finally {
        await client.end();
      }
    });
  });

  describe('platform scope', () => {
    it("reads every school's rows (the documented escape hatch for platform actors)", async () => {
      const seen = await db.unitOfWork.run(PLATFORM_SCOPE, async (em) => ({
        orm: (await em.find(Note, {})).map((n) => n.tenantId),
        sql: (await em.execute<{ tenant_id: string }[]>('select tenant_id from note')).map((r) => r.tenant_id),
      }));
      const expected = schools.flatMap((tenantId) => Array(countOf(tenantId)).fill(tenantId)).sort();
      expect(seen.orm.sort()).toEqual(expected);
      expect(seen.sql.sort()).toEqual(expected);
    });
  });
});
