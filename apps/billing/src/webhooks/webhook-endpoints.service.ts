import { Injectable } from '@nestjs/common';
import {
  CreateWebhookEndpointRequest,
  RotateWebhookSecretRequest,
  UpdateWebhookEndpointRequest,
  WEBHOOK_EVENT_TYPES,
  WebhookEndpointRef,
  WebhookEndpointView,
  WebhookEndpointWithSecret,
  WebhookEventType,
} from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { BusException, Clock, KeyWrap, uuid7 } from '@pt/platform';
import { BillingConfig } from '../billing.config';
import { addressList, resolveTarget } from './address-guard';
import { newWebhookSecret } from './standard-webhooks';
import { WebhookEndpoint, WebhookSecret } from './webhook-endpoint.entity';
import { WebhookRepository } from './webhook.repository';

type Problem = { field: string; message: string };
const HOUR_MS = 3_600_000;
const NOT_FOUND = 'webhook_endpoint.not_found';

/**
 * Webhook endpoints registered by platform finance: the URL is checked against the address
 * guard when registered (and again at every attempt, as DNS may change), the secret is
 * shown once, and a rotation keeps the old secret signing for the overlap chosen.
 */
@Injectable()
export class WebhookEndpointsService {
  private readonly allowed;
  private readonly wrap: KeyWrap;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    config: BillingConfig,
  ) {
    this.allowed = addressList(config.webhookAllowedAddresses);
    this.wrap = new KeyWrap(config.keyEncryptionKey);
  }

  /** A new secret: sealed for the database, in the clear for finance to see once. */
  private newSecret(endpointId: string, now: Date): { row: WebhookSecret; plaintext: string } {
    const id = uuid7();
    const plaintext = newWebhookSecret();
    const row = Object.assign(new WebhookSecret(), {
      id,
      endpointId,
      secret: this.wrap.seal(plaintext, id),
      createdAt: now,
    });
    return { row, plaintext };
  }

  async create(request: CreateWebhookEndpointRequest): Promise<WebhookEndpointWithSecret> {
    const problems = [...checkEventTypes(request.eventTypes, true), ...checkDescription(request.description)];
    if (problems.length) throw BusException.validation(problems);
    const url = await this.checkedUrl(request.url);
    const now = this.clock.now();
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const endpoint = Object.assign(new WebhookEndpoint(), {
        id: uuid7(),
        url,
        description: request.description?.trim() ?? '',
        eventTypes: [...new Set(request.eventTypes)],
        createdAt: now,
        updatedAt: now,
      });
      const secret = this.newSecret(endpoint.id, now);
      const webhooks = new WebhookRepository(em);
      webhooks.add(endpoint);
      webhooks.add(secret.row);
      return { ...viewOf(endpoint, [secret.row]), secret: secret.plaintext };
    });
  }

  list(): Promise<{ items: WebhookEndpointView[] }> {
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const webhooks = new WebhookRepository(em);
      const endpoints = await webhooks.listEndpoints();
      const secrets = await webhooks.secretsOf(endpoints.map((e) => e.id));
      return {
        items: endpoints.map((e) =>
          viewOf(
            e,
            secrets.filter((s) => s.endpointId === e.id),
          ),
        ),
      };
    });
  }

  get(request: WebhookEndpointRef): Promise<WebhookEndpointView> {
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const webhooks = new WebhookRepository(em);
      const endpoint = await this.existing(webhooks, request.endpointId);
      return viewOf(endpoint, await webhooks.secretsOf([endpoint.id]));
    });
  }

  async update(request: UpdateWebhookEndpointRequest): Promise<WebhookEndpointView> {
    const problems = [
      ...(request.eventTypes === undefined ? [] : checkEventTypes(request.eventTypes, true)),
      ...checkDescription(request.description),
      ...(request.enabled === undefined || typeof request.enabled === 'boolean'
        ? []
        : [{ field: 'enabled', message: 'must be true or false' }]),
    ];
    if (problems.length) throw BusException.validation(problems);
    const url = request.url === undefined ? undefined : await this.checkedUrl(request.url);
    const now = this.clock.now();
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const webhooks = new WebhookRepository(em);
      const endpoint = await this.existing(webhooks, request.endpointId);
      if (url !== undefined) endpoint.url = url;
      if (request.description !== undefined) endpoint.description = request.description.trim();
      if (request.eventTypes !== undefined) endpoint.eventTypes = [...new Set(request.eventTypes)];
      if (request.enabled === true && endpoint.status === 'disabled') {
        Object.assign(endpoint, { status: 'enabled', disabledReason: null, disabledAt: null, failingSince: null });
      } else if (request.enabled === false && endpoint.status === 'enabled') {
        Object.assign(endpoint, { status: 'disabled', disabledReason: 'manual', disabledAt: now });
      }
      endpoint.updatedAt = now;
      return viewOf(endpoint, await webhooks.secretsOf([endpoint.id]));
    });
  }

  remove(request: WebhookEndpointRef): Promise<{ deleted: true }> {
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const webhooks = new WebhookRepository(em);
      const endpoint = await this.existing(webhooks, request.endpointId);
      endpoint.status = 'deleted';
      endpoint.updatedAt = this.clock.now();
      await webhooks.stopPendingDeliveries(endpoint.id);
      return { deleted: true as const };
    });
  }

  /** A new current secret; the ones before sign beside it for `overlapHours` (0: stop at once). */
  rotateSecret(request: RotateWebhookSecretRequest): Promise<WebhookEndpointWithSecret> {
    const overlapHours = request.overlapHours ?? 24;
    if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > 168) {
      throw BusException.validation([
        { field: 'overlapHours', message: 'must be a whole number of hours from 0 to 168' },
      ]);
    }
    const now = this.clock.now();
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const webhooks = new WebhookRepository(em);
      const endpoint = await this.existing(webhooks, request.endpointId);
      await webhooks.expireCurrentSecrets(endpoint.id, new Date(now.getTime() + overlapHours * HOUR_MS));
      const secret = this.newSecret(endpoint.id, now);
      webhooks.add(secret.row);
      endpoint.updatedAt = now;
      await em.flush();
      return { ...viewOf(endpoint, await webhooks.secretsOf([endpoint.id])), secret: secret.plaintext };
    });
  }

  private async existing(webhooks: WebhookRepository, endpointId: string): Promise<WebhookEndpoint> {
    const endpoint = await webhooks.findEndpoint(endpointId);
    if (!endpoint) throw BusException.notFound(NOT_FOUND, 'The webhook endpoint does not exist');
    return endpoint;
  }

  private async checkedUrl(url: unknown): Promise<string> {
    if (typeof url !== 'string' || !url.trim() || url.length > 2000) {
      throw BusException.validation([{ field: 'url', message: 'must be a URL of at most 2000 characters' }]);
    }
    const target = await resolveTarget(url.trim(), this.allowed);
    if (!target.ok) {
      throw BusException.validation([{ field: 'url', message: target.reason }]);
    }
    return target.url.toString();
  }
}

function checkEventTypes(eventTypes: unknown, required: boolean): Problem[] {
  if (!Array.isArray(eventTypes) || (required && eventTypes.length === 0)) {
    return [{ field: 'eventTypes', message: `must list one or more of ${WEBHOOK_EVENT_TYPES.join(', ')}` }];
  }
  const unknown = eventTypes.filter((t) => !WEBHOOK_EVENT_TYPES.includes(t as WebhookEventType));
  return unknown.length
    ? [{ field: 'eventTypes', message: `must each be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }]
    : [];
}

function checkDescription(description: unknown): Problem[] {
  if (description === undefined) return [];
  return typeof description === 'string' && description.length <= 200
    ? []
    : [{ field: 'description', message: 'must be text of at most 200 characters' }];
}

export function viewOf(endpoint: WebhookEndpoint, secrets: WebhookSecret[]): WebhookEndpointView {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    status: endpoint.status === 'disabled' ? 'disabled' : 'enabled',
    disabledReason: endpoint.disabledReason,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    failingSince: endpoint.failingSince?.toISOString() ?? null,
    secrets: secrets.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      expiresAt: s.expiresAt?.toISOString() ?? null,
    })),
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}
