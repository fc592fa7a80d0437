import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GATEWAY_ANSWERS } from '@pt/contracts';
import { createGenerator } from 'ts-json-schema-generator';
import * as ts from 'typescript';
import { REPOSITORY_ROOT as ROOT_OF_THIS_FILE } from '../repository-root';

// Compiled into dist/ by `npm run generate:reply-schemas`, this file still reads the sources.
const REPOSITORY_ROOT = ROOT_OF_THIS_FILE.replace(/[\\/]dist$/, '');
const CONTRACTS = join(REPOSITORY_ROOT, 'libs/contracts/src');

type Schema = Record<string, unknown>;

/** Every reply type as an OpenAPI 3.0 schema, by its pattern's subject; the named types they use as components. */
export interface ReplySchemas {
  replies: Record<string, Schema>;
  components: Record<string, Schema>;
}

/** Where the generated module lives, and what `npm run generate:reply-schemas` rewrites. */
export const REPLY_SCHEMAS_MODULE = join(CONTRACTS, 'reply-schemas.ts');

function* contractSources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* contractSources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) yield path;
  }
}

interface PatternDeclaration {
  name: string;
  subject: string;
  /** The reply type as written in the contract, e.g. `{ windows: MaintenanceCalendarEntry[] }`. */
  reply: string;
}

/** The exported constants of libs/contracts made by `definePattern<Req, Res>('subject')`, by subject. */
export function definedPatternConstants(): PatternDeclaration[] {
  const found: PatternDeclaration[] = [];
  for (const file of contractSources(CONTRACTS)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    for (const statement of source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (!init || !ts.isCallExpression(init) || init.expression.getText(source) !== 'definePattern') continue;
        const [subject] = init.arguments;
        const reply = init.typeArguments?.[1];
        if (!subject || !ts.isStringLiteral(subject) || !reply) continue;
        found.push({ name: declaration.name.getText(source), subject: subject.text, reply: reply.getText(source) });
      }
    }
  }
  return found.sort((a, b) => a.subject.localeCompare(b.subject));
}

/** Every type the contracts' index exports, by name. */
function exportedTypeNames(): string[] {
  const program = ts.createProgram([join(CONTRACTS, 'index.ts')], { strict: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(join(CONTRACTS, 'index.ts'))!;
  const symbol = checker.getSymbolAtLocation(index)!;
  return checker
    .getExportsOfModule(symbol)
    .filter((exported) => {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      return (target.flags & (ts.SymbolFlags.Type | ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) !== 0;
    })
    .map((exported) => exported.name)
    .sort();
}

/**
 * JSON Schemas of every reply the services send, generated from the contracts' own types
 * (the reply type each `definePattern` carries), so the API document cannot drift from what
 * the services answer. Interfaces are closed (`additionalProperties: false`): a field a view
 * gains without the document is a mismatch, not a silent extra.
 */
export function generateReplySchemas(): ReplySchemas {
  const patterns = definedPatternConstants();
  const scratch = mkdtempSync(join(CONTRACTS, '.reply-schemas-'));
  const entry = join(scratch, 'replies.ts');
  const index = relative(scratch, join(CONTRACTS, 'index')).replace(/\\/g, '/');
  writeFileSync(
    entry,
    [
      // The reply types as the contracts write them, every name they use imported from the index.
      `import type { ${exportedTypeNames().join(', ')} } from '${index}';`,
      'export interface PatternReplies {',
      ...patterns.map(({ subject, reply }) => `  '${subject}': ${reply};`),
      ...GATEWAY_ANSWERS.map((name) => `  'gateway.${name}': ${name};`),
      '}',
      '',
    ].join('\n'),
  );
  try {
    const schema = createGenerator({
      path: entry,
      tsconfig: join(REPOSITORY_ROOT, 'tsconfig.json'),
      type: 'PatternReplies',
      skipTypeCheck: true,
      expose: 'export',
      topRef: false,
      additionalProperties: false,
      jsDoc: 'basic',
    }).createSchema('PatternReplies');
    return {
      replies: toOpenApi30(schema.properties ?? {}) as ReplySchemas['replies'],
      components: toOpenApi30(schema.definitions ?? {}) as ReplySchemas['components'],
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The value null, as OpenAPI 3.0 can say it: no null type, so a nullable type whose only value is null. */
const NULL_VALUE = { type: 'string', nullable: true, enum: [null] };

const isNullType = (schema: unknown) =>
  (schema as Schema)?.type === 'null' && Object.keys(schema as Schema).length === 1;

/**
 * JSON Schema (draft 7, as generated) to the OpenAPI 3.0 dialect the document is written in:
 * `null` in a type list or an `anyOf` becomes `nullable`, `const` a one-value `enum`, and
 * references point at the document's components.
 */
export function toOpenApi30(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toOpenApi30);
  if (node === null || typeof node !== 'object') return node;
  // A field that is always null (one branch of a union): 3.0 has no null type, only nullable
  // beside a type, and an enum that must then list null itself.
  if (isNullType(node)) return NULL_VALUE;
  const source = node as Schema;
  const out: Schema = {};
  let nullable = false;
  for (const [key, value] of Object.entries(source)) {
    if (key === '$schema') continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/definitions/', '#/components/schemas/');
    } else if (key === 'type' && Array.isArray(value)) {
      const types = value.filter((type) => type !== 'null');
      nullable ||= types.length < value.length;
      if (types.length !== 1) throw new Error(`a type list of ${types.join(', ')} has no OpenAPI 3.0 form`);
      out.type = types[0];
    } else if (key === 'const') {
      out.enum = [value];
    } else if (key === 'enum' && Array.isArray(value) && value.includes(null)) {
      nullable = true;
      out.enum = value.filter((member) => member !== null);
    } else if (key === 'anyOf' && Array.isArray(value) && value.some(isNullType)) {
      const rest = value.filter((member) => !isNullType(member)).map(toOpenApi30) as Schema[];
      // A nullable named type stays a union with null: 3.0 ignores siblings of a $ref, and a
      // referenced type may be a string enum as well as an object.
      if (rest.length === 1 && !rest[0].$ref) {
        nullable = true;
        Object.assign(out, rest[0]);
      } else out.anyOf = [...rest, NULL_VALUE];
    } else {
      out[key] = toOpenApi30(value);
    }
  }
  if (nullable) out.nullable = true;
  return out;
}

/** The generated module's text (JSON inside, one key per line; .prettierignore leaves it be). */
export async function renderReplySchemasModule(schemas: ReplySchemas = generateReplySchemas()): Promise<string> {
  const text = [
    '// Generated by `npm run generate:reply-schemas` from the reply type of every message pattern in',
    '// libs/contracts: do not edit. libs/testing/src/openapi/reply-schemas.spec.ts fails when it and',
    '// the types differ; the gateway documents its responses with it and, in tests, checks every',
    '// response it sends against it.',
    "import type { OpenApiSchema } from './openapi-schema';",
    '',
    `export const REPLY_SCHEMAS: { replies: Record<string, OpenApiSchema>; components: Record<string, OpenApiSchema> } = ${JSON.stringify(schemas, null, 2)};`,
    '',
  ].join('\n');
  return text;
}
