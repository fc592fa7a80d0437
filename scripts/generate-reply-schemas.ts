/**
 * Writes libs/contracts/src/reply-schemas.ts from the reply types of the contracts' message
 * patterns. Run after changing a view or adding a pattern:
 *
 *   npm run generate:reply-schemas
 */
import { writeFileSync } from 'node:fs';
import { renderReplySchemasModule, REPLY_SCHEMAS_MODULE } from '@pt/testing/openapi/reply-schemas-generator';

async function main(): Promise<void> {
  writeFileSync(REPLY_SCHEMAS_MODULE, await renderReplySchemasModule());
  console.log(`wrote ${REPLY_SCHEMAS_MODULE}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
