import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  MessageContext,
  POLICY_DOCUMENT_PUBLISHED,
  POLICY_DOCUMENTS_ACCEPTED,
  POLICY_STATUS_CHANGED_BROADCAST,
  PolicyAcceptanceView,
  PolicyDocumentSummary,
  PolicyDocumentView,
  PolicyStatusChanged,
  PublishPolicyRequest,
} from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { Broadcasts, BusException, stageEvent, uuid7 } from '@pt/platform';
import { PolicyAcceptance, PolicyDocument } from './policy-document.entity';
import { PolicyRepository } from './policy.repository';

const notFound = () => BusException.notFound('policy_document.not_found', 'The document does not exist');

/**
 * Versioned policy documents (P7). Until a user has accepted the current version of each,
 * the gateway lets them do nothing but read and accept them.
 */
@Injectable()
export class PoliciesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly broadcasts: Broadcasts,
  ) {}

  async publish(ctx: MessageContext, request: PublishPolicyRequest): Promise<PolicyDocumentView> {
    const view = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const policies = new PolicyRepository(em);
      if (await policies.exists(request.kind, request.version)) {
        throw BusException.conflict(
          'policy_document.version_exists',
          'This version of the document is already published',
        );
      }
      const document = Object.assign(new PolicyDocument(), {
        id: uuid7(),
        ...request,
        publishedAt: new Date(),
        publishedBy: ctx.actor.id,
      });
      policies.add(document);
      stageEvent(em, POLICY_DOCUMENT_PUBLISHED, ctx, summaryOf(document));
      return viewOf(document);
    });
    this.broadcast({});
    return view;
  }

  async listCurrent(): Promise<PolicyDocumentView[]> {
    const documents = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new PolicyRepository(em).current());
    return documents.map(viewOf);
  }

  async get(documentId: string): Promise<PolicyDocumentView> {
    const document = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new PolicyRepository(em).findById(documentId));
    if (!document) throw notFound();
    return viewOf(document);
  }

  pending(ctx: MessageContext): Promise<PolicyDocumentSummary[]> {
    return this.unitOfWork.forContext(ctx, (em) => this.pendingIn(em, ctx.actor.id!));
  }

  /** For callers already in a unit of work (e.g. /me). */
  async pendingIn(em: EntityManager, userId: string): Promise<PolicyDocumentSummary[]> {
    const policies = new PolicyRepository(em);
    const current = await policies.current();
    const accepted = await policies.acceptedOf(
      userId,
      current.map((d) => d.id),
    );
    return current.filter((d) => !accepted.has(d.id)).map(summaryOf);
  }

  async accept(ctx: MessageContext, documentIds: string[]): Promise<PolicyAcceptanceView[]> {
    const userId = ctx.actor.id!;
    const accepted = await this.unitOfWork.forContext(ctx, async (em) => {
      const policies = new PolicyRepository(em);
      const current = new Map((await policies.current()).map((d) => [d.id, d]));
      for (const id of documentIds) {
        if (current.has(id)) continue;
        if (await policies.findById(id)) {
          throw BusException.conflict(
            'policy_document.not_current',
            'Only the current version of a document can be accepted',
            {
              documentId: id,
            },
          );
        }
        throw notFound();
      }
      const already = await policies.acceptedOf(userId, documentIds);
      const now = new Date();
      const created = [...new Set(documentIds)]
        .filter((id) => !already.has(id))
        .map((id) => {
          const document = current.get(id)!;
          return Object.assign(new PolicyAcceptance(), {
            id: uuid7(),
            tenantId: ctx.tenantId,
            userId,
            documentId: id,
            kind: document.kind,
            version: document.version,
            acceptedAt: now,
            ip: ctx.ip,
          });
        });
      created.forEach((acceptance) => policies.add(acceptance));
      if (created.length) {
        stageEvent(em, POLICY_DOCUMENTS_ACCEPTED, ctx, { userId, documentIds: created.map((a) => a.documentId) });
      }
      return created;
    });
    this.broadcast({ userId });
    return accepted.map((a) => ({
      documentId: a.documentId,
      kind: a.kind,
      version: a.version,
      acceptedAt: a.acceptedAt.toISOString(),
    }));
  }

  private broadcast(message: PolicyStatusChanged): void {
    this.broadcasts.publish(POLICY_STATUS_CHANGED_BROADCAST, message);
  }
}

function summaryOf(document: PolicyDocument): PolicyDocumentSummary {
  return { id: document.id, kind: document.kind, version: document.version };
}

function viewOf(document: PolicyDocument): PolicyDocumentView {
  return {
    ...summaryOf(document),
    title: document.title,
    body: document.body,
    publishedAt: document.publishedAt.toISOString(),
  };
}
