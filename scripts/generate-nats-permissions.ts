/**
 * Writes deploy/nats/permissions.conf: one NATS user per process of the platform, allowed
 * only the subjects its code uses (libs/testing/src/nats/nats-permissions.ts). Run after
 * adding a pattern, an event consumer, a broadcast or a call to another service:
 *
 *   npm run generate:nats-permissions
 */
import { writeFileSync } from 'node:fs';
import { NATS_PERMISSIONS_FILE, renderNatsAuthorization } from '@pt/testing/nats/nats-permissions';

writeFileSync(NATS_PERMISSIONS_FILE, renderNatsAuthorization());
console.log(`wrote ${NATS_PERMISSIONS_FILE}`);
