/**
 * Writes a multi-academy trust's assessment data set into an assessment database (see
 * scripts/assessment-trust-data.ts): TRUST_SCHOOLS schools (default 20) of TRUST_PUPILS
 * pupils each (default 2,000), 12 measures and 6 points, about 2.9 million results.
 *
 *   ASSESSMENT_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> npm run generate:assessment-trust
 *
 * The schools get new ids (printed), so the set can sit beside other data; the database
 * must be migrated already. scripts/bench/assessment-analysis.ts uses the same generator.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { generateTrust } from './assessment-trust-data';

async function main(): Promise<void> {
  const url = process.env.ASSESSMENT_DATABASE_URL;
  if (!url) throw new Error('ASSESSMENT_DATABASE_URL is required (a migrated assessment database)');
  const schools = Number(process.env.TRUST_SCHOOLS ?? 20);
  const pupils = Number(process.env.TRUST_PUPILS ?? 2000);
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const started = performance.now();
    const data = await generateTrust(
      db,
      Array.from({ length: schools }, () => randomUUID()),
      pupils,
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${data.schools.length} schools, ${data.pupils} pupils, ${data.results} results in ${seconds} s`);
    console.log(JSON.stringify({ schoolIds: data.schools.map((s) => s.tenantId) }));
  } finally {
    await db.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
