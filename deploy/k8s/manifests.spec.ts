/**
 * The Kubernetes manifests (issue 17, item 4): each overlay rendered (kustomize-subset.ts,
 * the part of Kustomize they use) and every object validated against the Kubernetes 1.31
 * schemas of `kubernetes-models` and CloudNativePG's CRD schemas of
 * `@kubernetes-models/cloudnative-pg`; then what the schemas cannot say: each service's
 * probes, limits, budget, autoscaler and network paths, and every variable a container is
 * given is one its process's config schema reads, with values that schema accepts in
 * production. The runbook's commands are held to the manifests too.
 */
import { DataServiceConfig, loadConfig } from '@pt/platform';
import { SERVICE_NAMES } from '@pt/contracts';
import { getMetadataStorage } from 'class-validator';
import * as ts from 'typescript';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Backup, Cluster, ScheduledBackup } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1';
import { AuditConfig } from '../../apps/audit/src/audit.config';
import { BillingConfig } from '../../apps/billing/src/billing.config';
import { GatewayConfig } from '../../apps/gateway/src/gateway.config';
import { IdentityConfig } from '../../apps/identity/src/identity.config';
import { PupilRecordsConfig } from '../../apps/pupil-records/src/pupil-records.config';
import { Container, Manifest, plainValues, podSpecOf, renderKustomization } from './kustomize-subset';

const REPO = join(__dirname, '..', '..');
const K8S = __dirname;

/** A model class of either package: built from a manifest, it validates it against its schema. */
type Model = new (data: never) => { validate(): void };

/** Every kind the manifests may hold, with its schema. Another kind fails until it is added here. */
const MODELS: Record<string, Model> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'postgresql.cnpg.io/v1/Cluster': Cluster,
  'postgresql.cnpg.io/v1/ScheduledBackup': ScheduledBackup,
  'postgresql.cnpg.io/v1/Backup': Backup,
};

/**
 * The same kinds' TypeScript interfaces. JSON schemas let unknown fields through (a
 * misspelt `readinesProbe` validates, and the API server would drop it or, with strict
 * field validation, refuse the object); TypeScript's excess-property check on an object
 * literal does not, at every depth.
 */
const INTERFACES: Record<string, [module: string, name: string]> = {
  'apps/v1/Deployment': ['kubernetes-models/apps/v1/Deployment', 'IDeployment'],
  'autoscaling/v2/HorizontalPodAutoscaler': [
    'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
    'IHorizontalPodAutoscaler',
  ],
  'batch/v1/Job': ['kubernetes-models/batch/v1/Job', 'IJob'],
  'networking.k8s.io/v1/Ingress': ['kubernetes-models/networking.k8s.io/v1/Ingress', 'IIngress'],
  'networking.k8s.io/v1/NetworkPolicy': ['kubernetes-models/networking.k8s.io/v1/NetworkPolicy', 'INetworkPolicy'],
  'policy/v1/PodDisruptionBudget': ['kubernetes-models/policy/v1/PodDisruptionBudget', 'IPodDisruptionBudget'],
  'v1/ConfigMap': ['kubernetes-models/v1/ConfigMap', 'IConfigMap'],
  'v1/Namespace': ['kubernetes-models/v1/Namespace', 'INamespace'],
  'v1/Secret': ['kubernetes-models/v1/Secret', 'ISecret'],
  'v1/Service': ['kubernetes-models/v1/Service', 'IService'],
  'v1/ServiceAccount': ['kubernetes-models/v1/ServiceAccount', 'IServiceAccount'],
  'postgresql.cnpg.io/v1/Cluster': ['@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster', 'ICluster'],
  'postgresql.cnpg.io/v1/ScheduledBackup': [
    '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/ScheduledBackup',
    'IScheduledBackup',
  ],
  'postgresql.cnpg.io/v1/Backup': ['@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Backup', 'IBackup'],
};

const MINIMAL_GLOBALS = `
interface Array<T> { length: number; [n: number]: T }
interface Boolean {}
interface Function {}
interface CallableFunction {}
interface NewableFunction {}
interface IArguments {}
interface Number {}
interface Object {}
interface RegExp {}
interface String {}
type Record<K extends keyof any, T> = { [P in K]: T };
type Partial<T> = { [P in keyof T]?: T[P] };
type Pick<T, K extends keyof T> = { [P in K]: T[P] };
type Exclude<T, U> = T extends U ? never : T;
type Omit<T, K extends keyof any> = Pick<T, Exclude<keyof T, K>>;
`;

/** Type-checks the manifests as object literals of their kinds' interfaces: one message per unknown or mistyped field. */
function fieldProblems(manifests: Manifest[]): string[] {
  const kinds = Object.keys(INTERFACES);
  const imports = kinds.map(
    (kind, n) => `import type { ${INTERFACES[kind][1]} as T${n} } from '${INTERFACES[kind][0]}';`,
  );
  const objects = manifests.map(
    (m, n) => `export const m${n}: T${kinds.indexOf(`${m.apiVersion}/${m.kind}`)} = ${JSON.stringify(m)};`,
  );
  const source = [...imports, ...objects].join('\n');
  const file = join(K8S, '__rendered_manifests__.ts');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    // The interfaces need only the language's global types: a few lines instead of the
    // standard library, which would take most of the check's time to load.
    noLib: true,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
  };
  const globals = join(K8S, '__globals__.d.ts');
  const host = ts.createCompilerHost(options);
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file
      ? ts.createSourceFile(name, source, language)
      : name === globals
        ? ts.createSourceFile(name, MINIMAL_GLOBALS, language)
        : readSourceFile(name, language, ...rest);
  return ts.getPreEmitDiagnostics(ts.createProgram([globals, file], options, host)).map((diagnostic) => {
    const index =
      diagnostic.start === undefined
        ? -1
        : Number(/m(\d+):/.exec(source.slice(source.lastIndexOf('export const m', diagnostic.start)))?.[1]);
    const where = manifests[index] ? `${manifests[index].kind} ${manifests[index].metadata.name}: ` : '';
    return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  });
}

/** The config schema of the process each container runs. */
const CONFIG_SCHEMAS: Record<string, new () => object> = {
  gateway: GatewayConfig,
  identity: IdentityConfig,
  'pupil-records': PupilRecordsConfig,
  assessment: DataServiceConfig,
  billing: BillingConfig,
  audit: AuditConfig,
  migrate: DataServiceConfig,
};

const PROCESSES = ['gateway', ...SERVICE_NAMES];

/**
 * Stand-ins for the secret values the .env.example files leave empty, each of the form
 * its variable requires, so the rendered environment is loaded as production would load it.
 */
const SECRET_SAMPLES: Record<string, string> = {
  KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  UNSUBSCRIBE_SECRET: randomBytes(32).toString('hex'),
  PUPIL_CURSOR_KEY: randomBytes(32).toString('hex'),
  AUDIT_CHECKPOINT_KEY: randomBytes(32).toString('hex'),
  DB_APP_PASSWORD: randomBytes(24).toString('hex'),
  NATS_PASSWORD: randomBytes(24).toString('hex'),
  SMTP_URL: 'smtp://mailer:secret@smtp.example:587',
  password: randomBytes(24).toString('hex'),
  ACCESS_KEY_ID: 'AKIAEXAMPLE',
  ACCESS_SECRET_KEY: randomBytes(24).toString('hex'),
};

const OVERLAYS = ['staging', 'production'] as const;
const rendered = Object.fromEntries(
  OVERLAYS.map((overlay) => [
    overlay,
    renderKustomization(join(K8S, 'overlays', overlay), { secretEnvFiles: 'examples' }),
  ]),
) as Record<(typeof OVERLAYS)[number], Manifest[]>;

function validateAgainst(model: Model, manifest: Manifest): void {
  new (model as unknown as new (data: Manifest) => { validate(): void })(manifest).validate();
}

function find(manifests: Manifest[], kind: string, name: string): Manifest | undefined {
  return manifests.find((m) => m.kind === kind && m.metadata.name === name);
}

function only(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = find(manifests, kind, name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

/** A generated ConfigMap or Secret by the name the kustomization gives it (before its hash). */
function generated(manifests: Manifest[], kind: 'ConfigMap' | 'Secret', name: string): Manifest | undefined {
  return manifests.find((m) => m.kind === kind && (m.metadata.name === name || m.metadata.name.startsWith(`${name}-`)));
}

function schemaKeys(schema: new () => object): Set<string> {
  const decorated = getMetadataStorage()
    .getTargetValidationMetadatas(schema, '', true, false)
    .map((metadata) => metadata.propertyName);
  return new Set([...decorated, ...Object.keys(new schema())]);
}

function labelsMatch(
  selector: { matchLabels?: Record<string, string>; matchExpressions?: Expression[] },
  labels: Record<string, string>,
): boolean {
  const plain = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const expressions = (selector.matchExpressions ?? []).every((e) =>
    e.operator === 'In'
      ? e.values.includes(labels[e.key])
      : e.operator === 'NotIn'
        ? !e.values.includes(labels[e.key])
        : false,
  );
  return plain && expressions;
}

interface Expression {
  key: string;
  operator: string;
  values: string[];
}

/** The environment a container starts with: its ConfigMaps, its Secrets (samples for empty values), its env. */
function environmentOf(manifests: Manifest[], container: Container): { env: Record<string, string>; names: string[] } {
  const env: Record<string, string> = {};
  const names: string[] = [];
  const secretValue = (key: string, value: string) =>
    value === '' && SECRET_SAMPLES[key] ? SECRET_SAMPLES[key] : value;
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef!;
    const kind = source.configMapRef ? 'ConfigMap' : 'Secret';
    const object = only(manifests, kind, ref.name);
    for (const [key, value] of Object.entries(plainValues(object))) {
      env[key] = kind === 'Secret' ? secretValue(key, value) : value;
      names.push(key);
    }
  }
  for (const variable of container.env ?? []) {
    names.push(variable.name);
    if (variable.value !== undefined) {
      env[variable.name] = variable.value.replace(/\$\(([A-Z_]+)\)/g, (_, name: string) => env[name] ?? '');
      continue;
    }
    const ref = variable.valueFrom?.secretKeyRef ?? variable.valueFrom?.configMapKeyRef;
    const kind = variable.valueFrom?.secretKeyRef ? 'Secret' : 'ConfigMap';
    const values = plainValues(only(manifests, kind, ref!.name));
    if (!(ref!.key in values))
      throw new Error(
        `${container.name}: ${variable.name} reads ${kind} ${ref!.name} key ${ref!.key}, which it does not hold`,
      );
    env[variable.name] = kind === 'Secret' ? secretValue(ref!.key, values[ref!.key]) : values[ref!.key];
  }
  return { env, names };
}

/** Variables that only feed another's $(NAME) (the owner password inside DATABASE_URL). */
function expansionInputs(container: Container): Set<string> {
  const inputs = (container.env ?? []).flatMap((v) =>
    [...(v.value ?? '').matchAll(/\$\(([A-Z_]+)\)/g)].map((m) => m[1]),
  );
  return new Set(inputs);
}

describe('every object of both overlays and the restore', () => {
  it('has only fields its kind defines, each of its type (no misspelt field slips through)', () => {
    const restore = renderKustomization(join(K8S, 'restore', 'production'), { secretEnvFiles: 'examples' });
    const backup = parse(readFileSync(join(K8S, 'restore', 'on-demand-backup.yaml'), 'utf8')) as Manifest;
    const all = [...rendered.staging, ...rendered.production, ...restore.filter((m) => m.kind === 'Cluster'), backup];
    // One program for all (each costs seconds), with one misspelt probe added to prove the check names it.
    const misspelt = structuredClone(only(rendered.production, 'Deployment', 'audit'));
    podSpecOf(misspelt)!.containers![0].readinesProbe = {};
    expect(fieldProblems([...all, misspelt])).toEqual([
      expect.stringMatching(/^Deployment audit: .*'"readinesProbe"' does not exist in type 'IContainer'/),
    ]);
  });
});

describe.each(OVERLAYS)('the %s overlay', (overlay) => {
  const manifests = rendered[overlay];
  const workloads = manifests.filter((m) => podSpecOf(m));

  it('validates every object against the Kubernetes 1.31 and CloudNativePG schemas', () => {
    const failures: string[] = [];
    for (const manifest of manifests) {
      const model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      if (!model) {
        failures.push(`${manifest.apiVersion} ${manifest.kind} ${manifest.metadata.name}: no schema known`);
        continue;
      }
      try {
        validateAgainst(model, manifest);
      } catch (error) {
        failures.push(`${manifest.kind} ${manifest.metadata.name}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(manifests.length).toBeGreaterThan(40);
  });

  it('puts every namespaced object in the overlay namespace, and every image at a release tag', () => {
    const namespace = only(
      manifests,
      'Namespace',
      overlay === 'production' ? 'pupil-tracking' : 'pupil-tracking-staging',
    );
    expect(manifests.filter((m) => m.kind !== 'Namespace' && m.metadata.namespace !== namespace.metadata.name)).toEqual(
      [],
    );
    const images = workloads.flatMap((w) => podSpecOf(w)!.containers!.map((c) => c.image));
    expect(new Set(images)).toEqual(new Set(['registry.pupil-tracking.example/pupil-tracking:1.0.0']));
  });

  it.each(PROCESSES)(
    'runs %s with probes, requests and limits, a budget, an autoscaler and its own account',
    (name) => {
      const deployment = only(manifests, 'Deployment', name);
      const pod = podSpecOf(deployment)!;
      const [container] = pod.containers!;
      expect(container.command).toContain(`dist/services/${name}.js`);
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const { httpGet } = container[probe] as { httpGet: { path: string; port: string } };
        // A service has no HTTP but its operations port (METRICS_PORT): metrics and its own
        // probes. Its readiness asks its database and bus links; the gateway stays in rotation
        // with a service down (it answers 503 for that service itself), so it asks liveness only.
        const expected = name !== 'gateway' && probe === 'readinessProbe' ? '/health/ready' : '/health/live';
        expect(httpGet.path).toBe(expected);
        const ports = container.ports as { name: string; containerPort: number }[];
        expect(ports.find((p) => p.name === httpGet.port)?.containerPort).toBe(name === 'gateway' ? 3000 : 9100);
      }
      const resources = container.resources as Record<string, Record<string, string>>;
      expect(Object.keys(resources.requests).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(resources.limits).sort()).toEqual(['cpu', 'memory']);

      const podLabels = (deployment.spec as { template: { metadata: { labels: Record<string, string> } } }).template
        .metadata.labels;
      const budget = only(manifests, 'PodDisruptionBudget', name);
      expect(labelsMatch((budget.spec as { selector: object }).selector, podLabels)).toBe(true);
      const autoscaler = only(manifests, 'HorizontalPodAutoscaler', name).spec as {
        scaleTargetRef: { kind: string; name: string };
        minReplicas: number;
      };
      expect(autoscaler.scaleTargetRef).toMatchObject({ kind: 'Deployment', name });
      expect(autoscaler.minReplicas).toBeGreaterThanOrEqual(2);
      // The autoscaler owns the count: an apply must not reset it.
      expect((deployment.spec as { replicas?: number }).replicas).toBeUndefined();
      expect(pod.serviceAccountName).toBe(name);
      expect(find(manifests, 'ServiceAccount', name)).toBeDefined();
    },
  );

  it('gives each container only variables its config schema reads, with values production accepts', () => {
    const problems: string[] = [];
    for (const workload of workloads) {
      for (const container of podSpecOf(workload)!.containers!) {
        const schema = CONFIG_SCHEMAS[container.name];
        if (!schema) {
          problems.push(`${container.name}: no config schema known`);
          continue;
        }
        const known = schemaKeys(schema);
        const inputs = expansionInputs(container);
        const { env, names } = environmentOf(manifests, container);
        for (const name of names) {
          if (!known.has(name) && !inputs.has(name))
            problems.push(`${container.name}: ${name} is read by no config schema`);
        }
        try {
          loadConfig(schema, env);
        } catch (error) {
          problems.push(`${container.name}: ${(error as Error).message}`);
        }
        expect(env.NODE_ENV).toBe('production');
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps secret values out of the manifests: every Secret is generated from a git-ignored env file', () => {
    const ignored = readFileSync(join(K8S, '.gitignore'), 'utf8');
    expect(ignored).toContain('overlays/*/secrets/*.env');
    const kustomization = parse(readFileSync(join(K8S, 'overlays', overlay, 'kustomization.yaml'), 'utf8')) as {
      secretGenerator: { name: string; envs: string[]; literals?: string[] }[];
    };
    const secrets = manifests.filter((m) => m.kind === 'Secret');
    expect(secrets.length).toBe(kustomization.secretGenerator.length);
    for (const generator of kustomization.secretGenerator) {
      expect(generator.literals).toBeUndefined();
      expect(generator.envs).toEqual([`secrets/${generator.name}.env`]);
    }
    // The examples hold no value but a user name (NATS_USER, CloudNativePG's username).
    for (const secret of secrets) {
      for (const [key, value] of Object.entries(plainValues(secret))) {
        if (!['NATS_USER', 'username'].includes(key)) expect(`${secret.metadata.name}.${key}=${value}`).toMatch(/=$/);
      }
    }
  });

  it('lets only the gateway take traffic from outside, and services reach only NATS, Postgres and DNS', () => {
    const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
    type Peer = {
      podSelector?: { matchLabels?: Record<string, string> };
      namespaceSelector?: { matchLabels?: Record<string, string> };
      ipBlock?: { cidr: string; except?: string[] };
    };
    type Rule = { from?: Peer[]; to?: Peer[]; ports?: { port: number }[] };
    type PolicySpec = {
      podSelector: { matchLabels?: Record<string, string>; matchExpressions?: Expression[] };
      policyTypes: string[];
      ingress?: Rule[];
      egress?: Rule[];
    };
    const describePeer = (peer: Peer, ports: { port: number }[] = []) => {
      const where = peer.ipBlock
        ? `public:${peer.ipBlock.cidr}-${peer.ipBlock.except?.length ?? 0}`
        : peer.namespaceSelector
          ? `ns:${peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name']}${peer.podSelector ? `/${JSON.stringify(peer.podSelector.matchLabels)}` : ''}`
          : `pod:${JSON.stringify(peer.podSelector?.matchLabels)}`;
      return `${where}:${ports.map((p) => p.port).join(',')}`;
    };

    for (const workload of workloads) {
      const labels = (workload.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata
        .labels;
      const applying = policies.map((p) => p.spec as PolicySpec).filter((p) => labelsMatch(p.podSelector, labels));
      const name = workload.metadata.name;
      // Denied by default in both directions.
      expect(
        applying.some(
          (p) => !p.ingress && !p.egress && p.policyTypes.includes('Ingress') && p.policyTypes.includes('Egress'),
        ),
      ).toBe(true);

      const ingress = new Set(
        applying.flatMap((p) =>
          (p.ingress ?? []).flatMap((r) => (r.from ?? []).map((peer) => describePeer(peer, r.ports))),
        ),
      );
      const egress = new Set(
        applying.flatMap((p) =>
          (p.egress ?? []).flatMap((r) => (r.to ?? []).map((peer) => describePeer(peer, r.ports))),
        ),
      );
      // Prometheus scrapes every pod; only the gateway hears the ingress controller.
      expect([...ingress].sort()).toEqual(
        ['ns:monitoring:9100,3000', ...(name === 'gateway' ? ['ns:ingress-nginx:3000'] : [])].sort(),
      );
      const dns = 'ns:kube-system/{"k8s-app":"kube-dns"}:53,53';
      const nats = 'pod:{"app.kubernetes.io/name":"nats"}:4222';
      const postgres = 'pod:{"cnpg.io/cluster":"pupil-tracking-pg"}:5432';
      const expected: Record<string, string[]> = {
        gateway: [dns, nats],
        migrate: [dns, postgres],
        // Webhooks and mail leave for public addresses only (6 private ranges excepted).
        billing: [dns, nats, postgres, 'public:0.0.0.0/0-6:443,80'],
        identity: [dns, nats, postgres, 'public:0.0.0.0/0-6:587,465,25'],
      };
      expect([...egress].sort()).toEqual((expected[name] ?? [dns, nats, postgres]).sort());
    }
  });

  it('runs the migrations as a Job over every service database, with the script the image carries', () => {
    const job = only(manifests, 'Job', 'migrate');
    const [container] = podSpecOf(job)!.containers!;
    expect(container.command).toEqual(['node', 'dist/scripts/migrate.js', ...SERVICE_NAMES]);
    expect(existsSync(join(REPO, 'scripts', 'migrate.ts'))).toBe(true);
    expect(job.metadata.labels?.['app.kubernetes.io/component']).toBe('migrations');
  });

  it('runs Postgres as a CloudNativePG cluster with a standby and nightly backups to object storage', () => {
    const cluster = only(manifests, 'Cluster', 'pupil-tracking-pg').spec as {
      instances: number;
      superuserSecret: { name: string };
      backup: {
        barmanObjectStore: { destinationPath: string; s3Credentials: Record<string, { name: string; key: string }> };
      };
    };
    expect(cluster.instances).toBeGreaterThanOrEqual(2);
    expect(cluster.backup.barmanObjectStore.destinationPath).toBe(`s3://pupil-tracking-backups/${overlay}`);
    // The secrets the operator reads exist under the names it is given (no hash suffix).
    only(manifests, 'Secret', cluster.superuserSecret.name);
    for (const ref of Object.values(cluster.backup.barmanObjectStore.s3Credentials)) {
      expect(plainValues(only(manifests, 'Secret', ref.name))).toHaveProperty(ref.key);
    }
    const scheduled = only(manifests, 'ScheduledBackup', 'pupil-tracking-pg-nightly').spec as {
      cluster: { name: string };
      schedule: string;
    };
    expect(scheduled.cluster.name).toBe('pupil-tracking-pg');
    expect(scheduled.schedule.split(' ')).toHaveLength(6);
  });

  it("gives Postgres connections for every pool at the autoscalers' ceilings", () => {
    const poolMax = Number(plainValues(generated(manifests, 'ConfigMap', 'data-service-config')!).DB_POOL_MAX);
    const ceiling = SERVICE_NAMES.reduce(
      (sum, name) =>
        sum + (only(manifests, 'HorizontalPodAutoscaler', name).spec as { maxReplicas: number }).maxReplicas * poolMax,
      0,
    );
    const cluster = only(manifests, 'Cluster', 'pupil-tracking-pg').spec as {
      postgresql: { parameters: Record<string, string> };
    };
    // The migrate Job's pool of 2 and the operator's own connections on top.
    expect(Number(cluster.postgresql.parameters.max_connections)).toBeGreaterThanOrEqual(ceiling + 20);
  });

  it("hashes no more passwords at once than identity's CPU limit", () => {
    const [identity] = podSpecOf(only(manifests, 'Deployment', 'identity'))!.containers!;
    const { env } = environmentOf(manifests, identity);
    const cpuLimit = (identity.resources as { limits: { cpu: string } }).limits.cpu;
    expect(Number(env.ARGON2_CONCURRENCY)).toBe(Number(cpuLimit));
  });

  it('routes only the API and health checks of the gateway through the ingress', () => {
    const ingress = only(manifests, 'Ingress', 'gateway').spec as {
      rules: { host: string; http: { paths: { path: string; backend: { service: { name: string } } }[] } }[];
    };
    expect(ingress.rules[0].http.paths.map((p) => p.path)).toEqual(['/api', '/health']);
    expect(ingress.rules[0].http.paths.every((p) => p.backend.service.name === 'gateway')).toBe(true);
    expect(ingress.rules[0].host).toBe(
      overlay === 'production' ? 'api.pupil-tracking.example' : 'api.staging.pupil-tracking.example',
    );
  });
});

describe('the restore kustomization', () => {
  const manifests = renderKustomization(join(K8S, 'restore', 'production'), { secretEnvFiles: 'examples' });

  it('validates, and bootstraps the cluster from the production backups under a new archive name', () => {
    for (const manifest of manifests) validateAgainst(MODELS[`${manifest.apiVersion}/${manifest.kind}`], manifest);
    const cluster = only(manifests, 'Cluster', 'pupil-tracking-pg').spec as {
      bootstrap: { recovery: { source: string } };
      externalClusters: { name: string; barmanObjectStore: { destinationPath: string; serverName: string } }[];
      backup: { barmanObjectStore: { destinationPath: string; serverName: string } };
    };
    const source = cluster.externalClusters.find((c) => c.name === cluster.bootstrap.recovery.source)!;
    expect(source.barmanObjectStore).toMatchObject({
      destinationPath: 's3://pupil-tracking-backups/production',
      serverName: 'pupil-tracking-pg',
    });
    // A restored cluster must not archive over the WAL it restores from.
    expect(cluster.backup.barmanObjectStore.serverName).not.toBe(source.barmanObjectStore.serverName);
  });
});

describe('the on-demand backup', () => {
  it('validates as a CloudNativePG Backup of the cluster', () => {
    const backup = parse(readFileSync(join(K8S, 'restore', 'on-demand-backup.yaml'), 'utf8')) as Manifest;
    validateAgainst(Backup, backup);
    expect(backup.spec).toMatchObject({ cluster: { name: 'pupil-tracking-pg' }, method: 'barmanObjectStore' });
  });
});

describe('the NATS chart values', () => {
  const values = parse(readFileSync(join(K8S, 'nats-values.yaml'), 'utf8')) as {
    config: {
      cluster: { enabled: boolean; replicas: number };
      jetstream: { enabled: boolean };
      merge: Record<string, string>;
    };
    container: { env: Record<string, { valueFrom: { secretKeyRef: { name: string; key: string } } }> };
  };
  const permissions = join(REPO, 'deploy', 'nats', 'permissions.conf');

  it('make a three-node JetStream cluster that includes the per-service permissions', () => {
    expect(values.config.cluster).toMatchObject({ enabled: true, replicas: 3 });
    expect(values.config.jetstream.enabled).toBe(true);
    expect(values.config.merge.$include).toBe('./permissions/permissions.conf');
  });

  it.each(OVERLAYS)('give the servers each user password from the Secret its process connects with (%s)', (overlay) => {
    const manifests = rendered[overlay];
    const users = PROCESSES.map((name) => {
      const secret = plainValues(only(manifests, 'Secret', `nats-${name}`));
      expect(Object.keys(secret).sort()).toEqual(['NATS_PASSWORD', 'NATS_USER']);
      return { name, user: secret.NATS_USER, variable: `NATS_PASSWORD_${name.toUpperCase().replace(/-/g, '_')}` };
    });
    expect(Object.keys(values.container.env).sort()).toEqual(users.map((u) => u.variable).sort());
    for (const { name, variable } of users) {
      expect(values.container.env[variable].valueFrom.secretKeyRef).toEqual({
        name: `nats-${name}`,
        key: 'NATS_PASSWORD',
      });
    }
    // The generated permissions (issue 17 item 1) declare exactly these users, with these variables.
    const declared = [...readFileSync(permissions, 'utf8').matchAll(/user: "([^"]+)"\s+password: \$(\w+)/g)].map(
      (m) => ({ user: m[1], variable: m[2] }),
    );
    expect(declared.sort((a, b) => a.user.localeCompare(b.user))).toEqual(
      users.map(({ user, variable }) => ({ user, variable })).sort((a, b) => a.user.localeCompare(b.user)),
    );
  });
});

describe('the runbook', () => {
  const runbook = readFileSync(join(REPO, 'deploy', 'RUNBOOK.md'), 'utf8');
  const commands = [...runbook.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1].split('\n'));
  const production = rendered.production;
  const apiPaths = new Set(
    [
      ...readFileSync(join(REPO, 'libs/testing/src/api-client/api-paths.ts'), 'utf8').matchAll(
        /^ {4}"(\/api\/v1\/[^"]+)": \{/gm,
      ),
    ].map((m) => m[1]),
  );

  it('has commands to check', () => {
    expect(commands.filter((c) => c.startsWith('kubectl')).length).toBeGreaterThan(15);
  });

  it('names only files that exist', () => {
    const paths = commands.flatMap((c) => [...c.matchAll(/(?:^|[\s=])(deploy\/[\w./-]+)/g)].map((m) => m[1]));
    expect(paths.length).toBeGreaterThan(5);
    expect(paths.filter((p) => !existsSync(join(REPO, p)))).toEqual([]);
  });

  it('names only resources the production overlay defines', () => {
    const kinds: Record<string, string> = {
      deployment: 'Deployment',
      hpa: 'HorizontalPodAutoscaler',
      job: 'Job',
      pdb: 'PodDisruptionBudget',
      cluster: 'Cluster',
      scheduledbackup: 'ScheduledBackup',
      svc: 'Service',
      ingress: 'Ingress',
      secret: 'Secret',
      configmap: 'ConfigMap',
    };
    const references = commands.flatMap((c) =>
      [
        ...c.matchAll(/\b(deployment|hpa|job|pdb|cluster|scheduledbackup|svc|ingress|secret|configmap)\/([a-z0-9-]+)/g),
      ].map((m) => [kinds[m[1]], m[2]] as const),
    );
    expect(references.length).toBeGreaterThan(10);
    const missing = references.filter(
      ([kind, name]) =>
        !find(production, kind, name) &&
        !(kind === 'Secret' || kind === 'ConfigMap' ? generated(production, kind, name) : undefined) &&
        // Made by the runbook itself from deploy/nats/permissions.conf, for the NATS chart.
        !(kind === 'ConfigMap' && name === 'nats-permissions'),
    );
    expect(missing).toEqual([]);
    // `kubectl cnpg <verb> <cluster>` names the cluster.
    for (const [, cluster] of commands.join('\n').matchAll(/kubectl cnpg [a-z]+ ([a-z0-9-]+)/g)) {
      expect(find(production, 'Cluster', cluster)).toBeDefined();
    }
  });

  it('calls only API paths the gateway serves', () => {
    const called = commands.flatMap((c) => [...c.matchAll(/\$API(\/[\w/$-]+)/g)].map((m) => m[1]));
    expect(called.length).toBeGreaterThan(3);
    const asDocumented = called.map((p) => p.replace(/\$[A-Z_]+/g, '{id}'));
    expect(asDocumented.filter((p) => !apiPaths.has(p) && !p.startsWith('/health/'))).toEqual([]);
  });
});
