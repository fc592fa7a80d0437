import { Controller } from '@nestjs/common';
import {
  AUTHENTICATE_FINANCE_API_KEY,
  AuthenticateFinanceApiKeyRequest,
  CREATE_FINANCE_API_KEY,
  CreateFinanceApiKeyRequest,
  FinanceApiKeyAuthentication,
  FinanceApiKeyView,
  IssuedFinanceApiKey,
  LIST_FINANCE_API_KEYS,
  MessageContext,
  REVOKE_FINANCE_API_KEY,
  ROTATE_FINANCE_API_KEY,
  RotateFinanceApiKeyRequest,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { FinanceApiKeysService } from './finance-api-keys.service';

@Controller()
export class FinanceApiKeysController {
  constructor(private readonly keys: FinanceApiKeysService) {}

  @Handles(CREATE_FINANCE_API_KEY)
  @Access(Allow.platform('finance:manage'))
  create(@MsgCtx() ctx: MessageContext, @MsgData() data: CreateFinanceApiKeyRequest): Promise<IssuedFinanceApiKey> {
    return this.keys.create(ctx, data);
  }

  @Handles(LIST_FINANCE_API_KEYS)
  @Access(Allow.platform('finance:manage'))
  async list(): Promise<{ items: FinanceApiKeyView[] }> {
    return { items: await this.keys.list() };
  }

  @Handles(ROTATE_FINANCE_API_KEY)
  @Access(Allow.platform('finance:manage'))
  rotate(@MsgCtx() ctx: MessageContext, @MsgData() data: RotateFinanceApiKeyRequest): Promise<IssuedFinanceApiKey> {
    return this.keys.rotate(ctx, data);
  }

  @Handles(REVOKE_FINANCE_API_KEY)
  @Access(Allow.platform('finance:manage'))
  revoke(@MsgCtx() ctx: MessageContext, @MsgData() data: { keyId: string }): Promise<FinanceApiKeyView> {
    return this.keys.revoke(ctx, data.keyId);
  }

  /** The gateway, for every request bearing a key (never a person: they would learn which hashes exist). */
  @Handles(AUTHENTICATE_FINANCE_API_KEY)
  @Access(Allow.system())
  authenticate(@MsgData() data: AuthenticateFinanceApiKeyRequest): Promise<FinanceApiKeyAuthentication> {
    return this.keys.authenticate(data.keyHash);
  }
}
