import { Controller } from '@nestjs/common';
import { JsonWebKeySet, MessageContext, ROTATE_SIGNING_KEY, SIGNING_KEYS } from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx } from '@pt/platform';
import { SigningKeys } from './signing-keys';

/** The access tokens' signing keys: the public ones for anyone, a new current one on demand. */
@Controller()
export class SigningKeysController {
  constructor(private readonly keys: SigningKeys) {}

  @Handles(ROTATE_SIGNING_KEY)
  @Access(Allow.platform('platform:security'))
  rotate(@MsgCtx() ctx: MessageContext): Promise<{ kid: string; published: string[] }> {
    return this.keys.rotate(ctx);
  }

  @Handles(SIGNING_KEYS)
  @Access(Allow.public())
  publicKeys(): Promise<JsonWebKeySet> {
    return this.keys.publicKeys();
  }
}
