/**
 * The part of Kustomize that deploy/k8s uses, in TypeScript, so the unit tests can render
 * each overlay without a kubectl or kustomize binary (neither is on CI's machines):
 * resources (files and directories), namespace, images, configMapGenerator and
 * secretGenerator (literals, env files, behavior create/merge, labels, type, a content
 * hash in the name with references in pod templates rewritten), and JSON 6902 patches
 * targeted by kind and name. Anything else in a kustomization.yaml is refused, so a
 * feature added to the manifests cannot go untested by accident.
 *
 * Secret env files are git-ignored; `secretEnvFiles: 'examples'` reads each one's
 * committed `.env.example` instead (its keys, with empty values).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface RenderOptions {
  /** `examples`: read `<file>.example` for an env file that is not there (the tests). */
  secretEnvFiles?: 'required' | 'examples';
}

interface GeneratorSpec {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  literals?: string[];
  envs?: string[];
  type?: string;
  options?: GeneratorOptions;
}

interface GeneratorOptions {
  labels?: Record<string, string>;
  disableNameSuffixHash?: boolean;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  images?: { name: string; newName?: string; newTag?: string }[];
  configMapGenerator?: GeneratorSpec[];
  secretGenerator?: GeneratorSpec[];
  generatorOptions?: GeneratorOptions;
  patches?: { target: { kind?: string; name?: string }; patch: string }[];
}

const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'images',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'patches',
]);

/** A generated ConfigMap or Secret before its name gets the hash: overlays merge into it by name. */
interface Generated {
  manifest: Manifest;
  hashed: boolean;
}

interface Layer {
  resources: Manifest[];
  generated: Generated[];
}

/** Cluster-scoped kinds the manifests use: no namespace is set on them. */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);

export function renderKustomization(dir: string, options: RenderOptions = {}): Manifest[] {
  const layer = renderLayer(dir, options);
  return finish(layer);
}

function renderLayer(dir: string, options: RenderOptions): Layer {
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  const unsupported = Object.keys(kustomization).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length) throw new Error(`${dir}: kustomize-subset does not implement ${unsupported.join(', ')}`);

  const layer: Layer = { resources: [], generated: [] };
  for (const entry of kustomization.resources ?? []) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      const inner = renderLayer(path, options);
      layer.resources.push(...inner.resources);
      layer.generated.push(...inner.generated);
    } else {
      layer.resources.push(...readManifests(path));
    }
  }

  for (const spec of kustomization.configMapGenerator ?? []) {
    generate(layer, 'ConfigMap', spec, kustomization.generatorOptions, dir, options);
  }
  for (const spec of kustomization.secretGenerator ?? []) {
    generate(layer, 'Secret', spec, kustomization.generatorOptions, dir, options);
  }

  const all = () => [...layer.resources, ...layer.generated.map((g) => g.manifest)];
  for (const { target, patch } of kustomization.patches ?? []) {
    const operations = parse(patch) as JsonPatchOperation[];
    if (!Array.isArray(operations))
      throw new Error(`${dir}: only JSON 6902 patches (a list of operations) are implemented`);
    const targets = all().filter(
      (m) => (!target.kind || m.kind === target.kind) && (!target.name || m.metadata.name === target.name),
    );
    if (targets.length === 0) throw new Error(`${dir}: patch target ${JSON.stringify(target)} matches nothing`);
    for (const manifest of targets) applyJsonPatch(manifest, operations);
  }

  for (const image of kustomization.images ?? []) {
    for (const container of all().flatMap(containersOf)) {
      const [name, tag] = splitImage(container.image);
      if (name !== image.name) continue;
      container.image = `${image.newName ?? name}${image.newTag ? `:${image.newTag}` : tag ? `:${tag}` : ''}`;
    }
  }

  if (kustomization.namespace) {
    for (const manifest of all()) {
      if (!CLUSTER_SCOPED.has(manifest.kind)) manifest.metadata.namespace = kustomization.namespace;
    }
  }
  return layer;
}

function readManifests(path: string): Manifest[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((document) => {
      if (document.errors.length) throw new Error(`${path}: ${document.errors[0].message}`);
      return document.toJS() as Manifest | null;
    })
    .filter((manifest): manifest is Manifest => manifest !== null);
}

function generate(
  layer: Layer,
  kind: 'ConfigMap' | 'Secret',
  spec: GeneratorSpec,
  defaults: GeneratorOptions | undefined,
  dir: string,
  options: RenderOptions,
): void {
  const values: Record<string, string> = {};
  for (const literal of spec.literals ?? []) Object.assign(values, parseEnvLine(literal, `${dir} ${spec.name}`));
  for (const file of spec.envs ?? []) Object.assign(values, readEnvFile(join(dir, file), options));
  const labels = { ...defaults?.labels, ...spec.options?.labels };
  const hashed = !(spec.options?.disableNameSuffixHash ?? defaults?.disableNameSuffixHash ?? false);
  const existing = layer.generated.find((g) => g.manifest.kind === kind && g.manifest.metadata.name === spec.name);

  if (spec.behavior === 'merge' || spec.behavior === 'replace') {
    if (!existing)
      throw new Error(`${dir}: ${kind} ${spec.name} has behavior ${spec.behavior} but no base generates it`);
    const data = spec.behavior === 'merge' ? { ...plainValues(existing.manifest), ...values } : values;
    existing.manifest = generatedManifest(kind, spec.name, data, spec.type ?? secretType(existing.manifest), {
      ...existing.manifest.metadata.labels,
      ...labels,
    });
    return;
  }
  if (existing) throw new Error(`${dir}: ${kind} ${spec.name} is generated twice`);
  layer.generated.push({ manifest: generatedManifest(kind, spec.name, values, spec.type, labels), hashed });
}

function generatedManifest(
  kind: 'ConfigMap' | 'Secret',
  name: string,
  values: Record<string, string>,
  type: string | undefined,
  labels: Record<string, string>,
): Manifest {
  const metadata = { name, ...(Object.keys(labels).length ? { labels } : {}) };
  if (kind === 'ConfigMap') return { apiVersion: 'v1', kind, metadata, data: values };
  const data = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return { apiVersion: 'v1', kind, metadata, type: type ?? 'Opaque', data };
}

function secretType(manifest: Manifest): string | undefined {
  return manifest.kind === 'Secret' ? (manifest.type as string) : undefined;
}

/** A generated ConfigMap's or Secret's values as written (a Secret's decoded from base64). */
export function plainValues(manifest: Manifest): Record<string, string> {
  const data = (manifest.data ?? {}) as Record<string, string>;
  if (manifest.kind !== 'Secret') return { ...data };
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

function readEnvFile(path: string, options: RenderOptions): Record<string, string> {
  let source = path;
  if (!existsSync(path)) {
    if (options.secretEnvFiles !== 'examples' || !existsSync(`${path}.example`)) {
      throw new Error(`${path} is missing (copy ${path}.example and fill it in: deploy/RUNBOOK.md)`);
    }
    source = `${path}.example`;
  }
  const values: Record<string, string> = {};
  for (const line of readFileSync(source, 'utf8').split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    Object.assign(values, parseEnvLine(line, source));
  }
  return values;
}

function parseEnvLine(line: string, where: string): Record<string, string> {
  const at = line.indexOf('=');
  if (at <= 0) throw new Error(`${where}: "${line}" is not KEY=value`);
  return { [line.slice(0, at).trim()]: line.slice(at + 1) };
}

/** Generated names get a hash of their content, and pod templates' references follow them. */
function finish(layer: Layer): Manifest[] {
  const renamed = new Map<string, string>();
  for (const { manifest, hashed } of layer.generated) {
    if (!hashed) continue;
    const hash = createHash('sha256').update(JSON.stringify(manifest)).digest('hex').slice(0, 10);
    const name = `${manifest.metadata.name}-${hash}`;
    renamed.set(`${manifest.kind}/${manifest.metadata.name}`, name);
    manifest.metadata.name = name;
  }
  const manifests = [...layer.resources, ...layer.generated.map((g) => g.manifest)];
  for (const pod of manifests.map(podSpecOf).filter((spec): spec is PodSpec => spec !== undefined)) {
    const follow = (kind: string, ref: { name?: string } | undefined) => {
      if (ref?.name) ref.name = renamed.get(`${kind}/${ref.name}`) ?? ref.name;
    };
    for (const container of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
      for (const source of container.envFrom ?? []) {
        follow('ConfigMap', source.configMapRef);
        follow('Secret', source.secretRef);
      }
      for (const variable of container.env ?? []) {
        follow('ConfigMap', variable.valueFrom?.configMapKeyRef);
        follow('Secret', variable.valueFrom?.secretKeyRef);
      }
    }
    for (const volume of pod.volumes ?? []) {
      follow('ConfigMap', volume.configMap);
      if (volume.secret?.secretName) {
        volume.secret.secretName = renamed.get(`Secret/${volume.secret.secretName}`) ?? volume.secret.secretName;
      }
    }
  }
  return manifests;
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: { configMapKeyRef?: { name: string; key: string }; secretKeyRef?: { name: string; key: string } };
  }[];
  [field: string]: unknown;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: { name: string; configMap?: { name: string }; secret?: { secretName: string } }[];
  [field: string]: unknown;
}

/** The pod template's spec of a workload (Deployment, StatefulSet, Job), if it is one. */
export function podSpecOf(manifest: Manifest): PodSpec | undefined {
  const spec = manifest.spec as { template?: { spec?: PodSpec } } | undefined;
  return ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(manifest.kind) ? spec?.template?.spec : undefined;
}

function containersOf(manifest: Manifest): Container[] {
  const pod = podSpecOf(manifest);
  return [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])];
}

function splitImage(image: string): [string, string | undefined] {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? [image.slice(0, colon), image.slice(colon + 1)] : [image, undefined];
}

interface JsonPatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

/** RFC 6902's add, replace and remove (the operations the overlays use). */
function applyJsonPatch(target: object, operations: JsonPatchOperation[]): void {
  for (const { op, path, value } of operations) {
    const keys = path
      .split('/')
      .slice(1)
      .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop()!;
    let parent: Record<string, unknown> | unknown[] = target as Record<string, unknown>;
    for (const key of keys) {
      const next: unknown = Array.isArray(parent) ? parent[Number(key)] : parent[key];
      if (next === null || typeof next !== 'object') throw new Error(`patch ${op} ${path}: ${key} does not exist`);
      parent = next as Record<string, unknown> | unknown[];
    }
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (op !== 'add' && !(index in parent)) throw new Error(`patch ${op} ${path}: no element ${last}`);
      if (op === 'add') parent.splice(index, 0, value);
      else if (op === 'replace') parent[index] = value;
      else parent.splice(index, 1);
    } else {
      if (op !== 'add' && !(last in parent)) throw new Error(`patch ${op} ${path}: ${last} does not exist`);
      if (op === 'remove') delete parent[last];
      else parent[last] = value;
    }
  }
}
