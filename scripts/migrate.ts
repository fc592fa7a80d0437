/**
 * Provisions and migrates the named services' databases, then exits: the step a rollout
 * runs before any new replica starts (the Kubernetes Job `migrate`, deploy/k8s/base/
 * migrations-job.yaml), so the schema is current before new code arrives and the old
 * replicas still running meet only additive changes (expand, then contract: RUNBOOK.md).
 *
 *   node dist/scripts/migrate.js identity pupil-records assessment billing audit
 *
 * It is exactly what each service does at start (PersistenceModule): the database and its
 * runtime role if missing, the platform's migrations then the service's as the owner
 * under an advisory lock, row-level security on every tenant table, the runtime role's
 * grants (with the service's own extra grants). A replica that starts afterwards finds
 * nothing to apply. Reads DATABASE_URL, DB_NAME_PREFIX and DB_APP_PASSWORD like a service.
 */
import { DataServiceConfig, EVENT_ENTITIES, loadConfigOrExit } from '@pt/platform';
import { databaseNames, ormOptions, provisionDatabase } from '@pt/persistence';
import { assessmentGrants } from '../apps/assessment/src/assessment.module';
import { ASSESSMENT_DATABASE } from '../apps/assessment/src/database';
import { auditGrants } from '../apps/audit/src/audit.module';
import { AUDIT_DATABASE } from '../apps/audit/src/database';
import { BILLING_DATABASE } from '../apps/billing/src/database';
import { IDENTITY_DATABASE } from '../apps/identity/src/database';
import { PUPIL_RECORDS_DATABASE } from '../apps/pupil-records/src/database';

/** Each service's schema and the grants its module passes to provisioning (none beyond the default where absent). */
const services = {
  identity: { ...IDENTITY_DATABASE, extraGrants: undefined },
  'pupil-records': { ...PUPIL_RECORDS_DATABASE, extraGrants: undefined },
  assessment: { ...ASSESSMENT_DATABASE, extraGrants: assessmentGrants },
  billing: { ...BILLING_DATABASE, extraGrants: undefined },
  audit: { ...AUDIT_DATABASE, extraGrants: auditGrants },
} as const;

type ServiceWithDatabase = keyof typeof services;

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !(name in services));
  if (requested.length === 0 || unknown.length > 0) {
    console.error(`usage: node dist/scripts/migrate.js <${Object.keys(services).join('|')}>...`);
    process.exit(2);
  }
  const config = loadConfigOrExit(DataServiceConfig, 'migrate');
  for (const service of requested as ServiceWithDatabase[]) {
    const spec = services[service];
    const started = Date.now();
    const result = await provisionDatabase({
      adminUrl: config.DATABASE_URL,
      names: databaseNames(config.DB_NAME_PREFIX, service),
      appPassword: config.DB_APP_PASSWORD,
      orm: ormOptions({
        service,
        clientUrl: config.DATABASE_URL,
        entities: [...EVENT_ENTITIES, ...spec.entities],
        migrations: spec.migrations,
        migrationsPathTs: spec.migrationsPathTs,
        poolMax: 2,
      }),
      extraGrants: spec.extraGrants,
    });
    // Migration names only: no data, no connection string.
    console.log(
      JSON.stringify({
        service,
        migrationsApplied: result.migrationsApplied,
        rowSecurityTables: result.rowSecurityTables.length,
        ms: Date.now() - started,
      }),
    );
  }
}

main().catch((error: unknown) => {
  console.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
