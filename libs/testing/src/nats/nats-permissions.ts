/**
 * Least privilege on the bus (issue 17): each process of the platform connects as its own
 * NATS user, and the server lets it publish and subscribe to only the subjects it uses.
 * Those subjects are read from the code, never written out by hand, so the permissions
 * cannot drift from what the services do:
 *
 * - the request subjects it answers: the contracts' patterns named for the service
 *   (`requestPatternsOf`), subscribed in its queue group;
 * - the request subjects it calls: every contract pattern its source names (a constant, or
 *   `healthPattern` / `subjectExportPattern`, which name every service's), other than its own;
 * - the events it publishes: `evt.<service>.>` only (the outbox relay's JetStream publish);
 * - the events it consumes: the JetStream API of its own durable consumers only (the
 *   `*_CONSUMER` names its source declares) and the acks of those;
 * - broadcasts: published by the service they are named for, heard by any process whose
 *   source names them;
 * - the files bucket (object store), for the processes whose source uses FileStore.
 *
 * Replies travel on inboxes: each process subscribes only under its own prefix
 * (`_INBOX.<process>.>`, see `inboxPrefixOf`) for the answers to its own requests, so none
 * hears another's, and may publish a reply only to a request it received (allow_responses).
 *
 * `npm run generate:nats-permissions` writes deploy/nats/permissions.conf (production: no
 * namespace, passwords from the NATS server's environment); nats-permissions.spec.ts fails
 * when the committed file differs from what the code now says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as contracts from '@pt/contracts';
import { definedRequestPatterns, EVENTS_STREAM, SERVICE_NAMES, ServiceName, TEST_CLOCK_BROADCAST } from '@pt/contracts';
// Files by path, not the index (index-load.spec.ts).
import { inboxPrefixOf } from '@pt/platform/bus/nats-connection';
import { REPOSITORY_ROOT as ROOT_OF_THIS_FILE } from '../repository-root';

// Compiled into dist/ by `npm run generate:nats-permissions`, this file still reads the sources.
const REPOSITORY_ROOT = ROOT_OF_THIS_FILE.replace(/[\\/]dist$/, '');

/** The processes that connect to the bus, each as a NATS user of the same name. */
export const BUS_PROCESSES = ['gateway', ...SERVICE_NAMES] as const;
export type BusProcess = (typeof BUS_PROCESSES)[number];

/** The committed include a nats-server config loads (`include permissions.conf`). */
export const NATS_PERMISSIONS_FILE = join(REPOSITORY_ROOT, 'deploy/nats/permissions.conf');

/** What a process does on the bus, as its source says. */
export interface BusUse {
  /** Request subjects it answers (contract subjects, without a namespace). */
  answers: string[];
  /** Request subjects of other services it calls. */
  calls: string[];
  /** Whether it publishes durable events (`evt.<service>.>`): every data service has an outbox. */
  publishesEvents: boolean;
  /** Its durable consumers on the events stream. */
  durables: string[];
  /** Whether it reads and writes the files bucket. */
  usesFiles: boolean;
  broadcastsPublished: string[];
  broadcastsHeard: string[];
}

/** Contract functions that name a pattern per service; a source that uses one may call every service's. */
const PATTERN_PER_SERVICE: Record<string, (service: ServiceName) => contracts.MessagePattern<unknown, unknown>> = {
  healthPattern: contracts.healthPattern,
  subjectExportPattern: contracts.subjectExportPattern,
};

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    // Specs and the in-process harness are not the service's code in production.
    else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|harness)\.ts$/.test(entry.name)) yield path;
  }
}

/** Every identifier written in a process's source (apps/<process>/src, without tests). */
function identifiersOf(process: BusProcess): { identifiers: Set<string>; text: string } {
  let text = '';
  for (const file of sourceFiles(join(REPOSITORY_ROOT, 'apps', process, 'src')))
    text += readFileSync(file, 'utf8') + '\n';
  return { identifiers: new Set(text.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? []), text };
}

const patterns = new Set<unknown>(definedRequestPatterns());

/** The contracts' exported subjects by constant name: request patterns and broadcasts. */
function contractSubjects(): { patterns: Map<string, string>; broadcasts: Map<string, string> } {
  const found = { patterns: new Map<string, string>(), broadcasts: new Map<string, string>() };
  for (const [name, value] of Object.entries(contracts)) {
    const subject = (value as { subject?: unknown } | null)?.subject;
    if (typeof value !== 'object' || typeof subject !== 'string') continue;
    if (patterns.has(value)) found.patterns.set(name, subject);
    else if (!subject.startsWith(contracts.EVENT_SUBJECT_PREFIX) && name.endsWith('_BROADCAST')) {
      found.broadcasts.set(name, subject);
    }
  }
  return found;
}

/** What a process does on the bus, read from its source and the contracts. */
export function busUseOf(process: BusProcess): BusUse {
  const { identifiers, text } = identifiersOf(process);
  const { patterns: patternNames, broadcasts } = contractSubjects();
  const answers = process === 'gateway' ? [] : contracts.requestPatternsOf(process).map((p) => p.subject);
  const own = new Set(answers);
  const named = new Set<string>();
  for (const [name, subject] of patternNames) if (identifiers.has(name)) named.add(subject);
  for (const [name, patternOf] of Object.entries(PATTERN_PER_SERVICE)) {
    if (identifiers.has(name)) for (const service of SERVICE_NAMES) named.add(patternOf(service).subject);
  }
  const durables = [...text.matchAll(/export const [A-Z0-9_]+_CONSUMER = '([a-z0-9-]+)'/g)].map((m) => m[1]);
  const published: string[] = [];
  const heard: string[] = [];
  for (const [name, subject] of broadcasts) {
    if (!identifiers.has(name) || subject === TEST_CLOCK_BROADCAST.subject) continue;
    if (subject.startsWith(`${process}.`)) published.push(subject);
    heard.push(subject);
  }
  return {
    answers: sorted(answers),
    calls: sorted([...named].filter((subject) => !own.has(subject))),
    publishesEvents: process !== 'gateway',
    durables: sorted(durables),
    usesFiles: identifiers.has('FileStore'),
    broadcastsPublished: sorted(published),
    broadcastsHeard: sorted(heard),
  };
}

export interface PermissionOptions {
  /** NATS_NAMESPACE of the stack the permissions are for (tests); production has none. */
  namespace?: string;
  /** Under NODE_ENV=test every process hears the test clock's broadcast and answers it. */
  testClock?: boolean;
}

export interface SubjectPermissions {
  publish: string[];
  subscribe: string[];
}

/** The subjects a process may publish and subscribe to, for its use of the bus. */
export function permissionsFor(process: BusProcess, use: BusUse, options: PermissionOptions = {}): SubjectPermissions {
  const prefix = options.namespace ? `${options.namespace}.` : '';
  const wire = (subject: string) => `${prefix}${subject}`;
  const events = options.namespace ? `${EVENTS_STREAM}_${options.namespace.toUpperCase()}` : EVENTS_STREAM;
  const bucket = options.namespace ? `files_${options.namespace}` : 'files';
  const files = `OBJ_${bucket}`;
  const publish = [...use.calls.map(wire), ...use.broadcastsPublished.map(wire)];
  const subscribe = [...use.answers.map(wire), ...use.broadcastsHeard.map(wire), `${inboxPrefixOf(process)}.>`];
  if (use.publishesEvents || use.usesFiles || use.durables.length > 0) publish.push('$JS.API.INFO');
  if (use.publishesEvents) {
    // The outbox relay publishes the service's own events; the service makes the stream at start.
    publish.push(wire(`evt.${process}.>`));
    publish.push(...['INFO', 'CREATE', 'UPDATE'].map((verb) => `$JS.API.STREAM.${verb}.${events}`));
  }
  for (const durable of use.durables) {
    publish.push(
      `$JS.API.CONSUMER.INFO.${events}.${durable}`,
      `$JS.API.CONSUMER.CREATE.${events}.${durable}`,
      `$JS.API.CONSUMER.CREATE.${events}.${durable}.>`,
      `$JS.API.CONSUMER.DURABLE.CREATE.${events}.${durable}`,
      `$JS.API.CONSUMER.MSG.NEXT.${events}.${durable}`,
      `$JS.ACK.${events}.${durable}.>`,
    );
  }
  if (use.usesFiles) {
    // The object store: its stream's API, direct gets of chunks, and its own subjects.
    publish.push(
      ...['INFO', 'CREATE', 'UPDATE', 'MSG.GET', 'PURGE'].map((verb) => `$JS.API.STREAM.${verb}.${files}`),
      `$JS.API.DIRECT.GET.${files}`,
      `$JS.API.DIRECT.GET.${files}.>`,
      `$JS.API.CONSUMER.CREATE.${files}`,
      `$JS.API.CONSUMER.CREATE.${files}.>`,
      `$JS.API.CONSUMER.DELETE.${files}.>`,
      `$JS.FC.${files}.>`,
      `$O.${bucket}.>`,
    );
  }
  if (options.testClock) subscribe.push(wire(TEST_CLOCK_BROADCAST.subject));
  return { publish: unique(publish), subscribe: unique(subscribe) };
}

export interface AuthorizationOptions extends PermissionOptions {
  /** Each process's password; default a reference to `$NATS_PASSWORD_<PROCESS>` in the server's environment. */
  passwords?: Partial<Record<BusProcess, string>>;
  /** Users beyond the platform's (a test's own harness user), as written into the block. */
  extraUsers?: string[];
}

/** The environment variable the NATS server reads a process's password from. */
export function natsPasswordVariable(process: BusProcess): string {
  return `NATS_PASSWORD_${process.toUpperCase().replace(/-/g, '_')}`;
}

/** The nats-server `authorization` block: one user per process, with its permissions. */
export function renderNatsAuthorization(options: AuthorizationOptions = {}): string {
  const lines = [
    "# Generated by `npm run generate:nats-permissions` from libs/contracts and each app's source",
    '# (libs/testing/src/nats/nats-permissions.ts); do not edit: nats-permissions.spec.ts fails',
    '# when this file and the code disagree. Each process connects as its own user',
    '# (NATS_USER / NATS_PASSWORD); the server reads the passwords from its environment.',
    'authorization {',
    '  users = [',
  ];
  for (const process of BUS_PROCESSES) {
    const use = busUseOf(process);
    const { publish, subscribe } = permissionsFor(process, use, options);
    const password = options.passwords?.[process];
    lines.push('    {');
    lines.push(`      user: ${quote(process)}`);
    lines.push(`      password: ${password === undefined ? `$${natsPasswordVariable(process)}` : quote(password)}`);
    lines.push('      permissions: {');
    lines.push(
      '        publish: {',
      '          allow: [',
      ...publish.map((s) => `            ${quote(s)}`),
      '          ]',
      '        }',
    );
    lines.push(
      '        subscribe: {',
      '          allow: [',
      ...subscribe.map((s) => `            ${quote(s)}`),
      '          ]',
      '        }',
    );
    lines.push('        # Replies only to requests it received (bus answers, the test clock).');
    lines.push('        allow_responses: true');
    lines.push('      }');
    lines.push('    }');
  }
  for (const extra of options.extraUsers ?? []) lines.push(extra);
  lines.push('  ]', '}', '');
  return lines.join('\n');
}

function quote(value: string): string {
  return JSON.stringify(value);
}

function sorted(values: string[]): string[] {
  return [...new Set(values)].sort();
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
