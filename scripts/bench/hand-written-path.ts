/**
 * GET /api/v1/me written by hand with nothing but the libraries, as the floor of the
 * platform's path in the roundtrip bench: a Fastify "gateway" that verifies the access
 * token with jsonwebtoken and identity's published ES256 key (algorithm, audience, issuer
 * and expiry checked, as the gateway does) and sends one NATS request with the same
 * envelope, and a "responder" that reads the user in one `pg` round trip as identity's
 * runtime role: the transaction-local tenant settings and the select sent together (one
 * simple-protocol message is one implicit transaction), so row-level security binds the
 * select as it does in identity.
 *
 * Each part runs in this process (`startHandWrittenGateway`, `startHandWrittenResponder`)
 * or as a process of its own, as the gateway and identity do:
 *   node dist/scripts/bench/hand-written-path.js gateway|responder   (settings in HAND_WRITTEN_PATH, JSON)
 */
import {
  ACCESS_TOKEN_ALGORITHM,
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  AccessTokenClaims,
  JsonWebKeySet,
} from '@pt/contracts';
import Fastify from 'fastify';
import { decode, verify } from 'jsonwebtoken';
import { connect, NatsConnection } from 'nats';
import { createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';

export interface HandWrittenSettings {
  natsUrl: string;
  subject: string;
  /** The responder's database, as identity's runtime role. */
  pgUrl: string;
  /** The gateway's keys (identity's JWKS). */
  jwks: JsonWebKeySet;
}

export interface Running {
  /** The gateway's base URL; empty for the responder. */
  baseUrl: string;
  close(): Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function startHandWrittenResponder(nc: NatsConnection, settings: HandWrittenSettings): Promise<Running> {
  const db = new Client({ connectionString: settings.pgUrl });
  await db.connect();
  const responder = nc.subscribe(settings.subject, {
    callback: (_err, msg) => {
      const { ctx } = JSON.parse(decoder.decode(msg.data)) as {
        ctx: { tenantId: string | null; actor: { id: string } };
      };
      const scope = ctx.tenantId ? 'tenant' : 'platform';
      const sql =
        `select set_config('app.tenant_id', ${db.escapeLiteral(ctx.tenantId ?? '')}, true), ` +
        `set_config('app.scope', ${db.escapeLiteral(scope)}, true); ` +
        `select id, tenant_id, kind, username, roles from user_account where id = ${db.escapeLiteral(ctx.actor.id)}`;
      db.query(sql).then(
        (results) => {
          const user = (results as unknown as Array<{ rows: Array<Record<string, unknown>> }>)[1].rows[0];
          const reply = user
            ? {
                ok: true,
                data: {
                  userId: user.id,
                  tenantId: user.tenant_id,
                  kind: user.kind,
                  username: user.username,
                  roles: user.roles,
                  pendingPolicyDocuments: [],
                },
              }
            : { ok: false, error: { kind: 'not_found', code: 'user.not_found', message: 'The user does not exist' } };
          msg.respond(encoder.encode(JSON.stringify(reply)));
        },
        () => msg.respond(encoder.encode(JSON.stringify({ ok: false, error: { kind: 'internal' } }))),
      );
    },
  });
  await nc.flush();
  return {
    baseUrl: '',
    close: async () => {
      responder.unsubscribe();
      await db.end();
    },
  };
}

export async function startHandWrittenGateway(nc: NatsConnection, settings: HandWrittenSettings): Promise<Running> {
  const keys = new Map<string, KeyObject>(
    settings.jwks.keys.map((jwk) => [jwk.kid, createPublicKey({ key: jwk as unknown as JsonWebKey, format: 'jwk' })]),
  );
  const app = Fastify({ logger: false });
  app.get('/api/v1/me', async (request, reply) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const kid = token ? decode(token, { complete: true })?.header.kid : undefined;
    const key = kid ? keys.get(kid) : undefined;
    let claims: AccessTokenClaims;
    try {
      if (!token || !key) throw new Error('no token');
      claims = verify(token, key, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        audience: ACCESS_TOKEN_AUDIENCE,
        issuer: ACCESS_TOKEN_ISSUER,
      }) as AccessTokenClaims;
    } catch {
      return reply.code(401).send({ code: 'access_token.invalid' });
    }
    const ctx = {
      tenantId: claims.tid ?? null,
      actor: { id: claims.sub, kind: claims.akd, roles: claims.roles, permissions: claims.perms ?? [] },
      requestId: request.id,
      ip: request.ip,
    };
    const answer = await nc.request(settings.subject, encoder.encode(JSON.stringify({ ctx, data: {} })), {
      timeout: 2000,
    });
    const body = JSON.parse(decoder.decode(answer.data)) as { ok: boolean; data?: unknown; error?: unknown };
    if (!body.ok) return reply.code(404).send(body.error);
    return body.data;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** As a process of its own: prints `ready <baseUrl>` once serving, stops on SIGTERM. */
async function runAsProcess(role: string): Promise<void> {
  const settings = JSON.parse(process.env.HAND_WRITTEN_PATH ?? '{}') as HandWrittenSettings;
  const nc = await connect({ servers: settings.natsUrl });
  const running =
    role === 'gateway' ? await startHandWrittenGateway(nc, settings) : await startHandWrittenResponder(nc, settings);
  process.stdout.write(`ready ${running.baseUrl}\n`);
  process.once('SIGTERM', () => {
    void running
      .close()
      .then(() => nc.close())
      .finally(() => process.exit(0));
  });
}

if (require.main === module) {
  runAsProcess(process.argv[2] ?? '').catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
