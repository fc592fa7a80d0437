import { Controller } from '@nestjs/common';
import {
  ACCEPT_POLICY_DOCUMENTS,
  GET_POLICY_DOCUMENT,
  LIST_CURRENT_POLICY_DOCUMENTS,
  MessageContext,
  PENDING_POLICY_DOCUMENTS,
  PolicyAcceptanceView,
  PolicyDocumentSummary,
  PolicyDocumentView,
  PUBLISH_POLICY_DOCUMENT,
  PublishPolicyRequest,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { PoliciesService } from './policies.service';

@Controller()
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Handles(PUBLISH_POLICY_DOCUMENT)
  @Access(Allow.platform('platform:policies'))
  publish(@MsgCtx() ctx: MessageContext, @MsgData() data: PublishPolicyRequest): Promise<PolicyDocumentView> {
    return this.policies.publish(ctx, data);
  }

  @Handles(LIST_CURRENT_POLICY_DOCUMENTS)
  @Access(Allow.public())
  async listCurrent(): Promise<{ items: PolicyDocumentView[] }> {
    return { items: await this.policies.listCurrent() };
  }

  @Handles(GET_POLICY_DOCUMENT)
  @Access(Allow.public())
  get(@MsgData() data: { documentId: string }): Promise<PolicyDocumentView> {
    return this.policies.get(data.documentId);
  }

  @Handles(PENDING_POLICY_DOCUMENTS)
  @Access(Allow.signedIn())
  async pending(@MsgCtx() ctx: MessageContext): Promise<{ items: PolicyDocumentSummary[] }> {
    return { items: await this.policies.pending(ctx) };
  }

  @Handles(ACCEPT_POLICY_DOCUMENTS)
  @Access(Allow.signedIn())
  async accept(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: { documentIds: string[] },
  ): Promise<{ items: PolicyAcceptanceView[] }> {
    return { items: await this.policies.accept(ctx, data.documentIds) };
  }
}
