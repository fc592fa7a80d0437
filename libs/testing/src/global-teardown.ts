// Global hooks load without jest's module mapping: a relative import, not @pt/persistence.
import { dropTemplateDatabases } from '../../persistence/src/template-database';
import { testDatabaseUrl, testTemplatePrefix } from './test-environment';

/** After the run: its template databases go (see global-setup.ts). */
export default async function globalTeardown(): Promise<void> {
  const prefix = testTemplatePrefix();
  if (prefix) await dropTemplateDatabases(testDatabaseUrl(), prefix);
}
