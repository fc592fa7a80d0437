import { Controller, Module } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { definePattern, MessageContext } from '@pt/contracts';
import { Handles } from '../bus/message-decorators';
import { Access } from './access.decorator';
import { Allow } from './access-rule';
import { assertEveryHandlerDeclaresAccess } from './access-table';
import { BusAccessGuard } from './bus-access.guard';

const DECLARED = definePattern<Record<string, never>, true>('guard-spec.thing.declared');
const FORGOTTEN = definePattern<Record<string, never>, true>('guard-spec.thing.forgotten');

@Controller()
class ThingsController {
  @Handles(DECLARED)
  @Access(Allow.public())
  declared(): true {
    return true;
  }

  @Handles(FORGOTTEN)
  forgotten(): true {
    return true;
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

const ctx: MessageContext = {
  tenantId: null,
  actor: { id: null, kind: 'anonymous', roles: [] },
  requestId: 'r',
  ip: null,
};

function messageTo(handler: Function) {
  const host = new ExecutionContextHost([{ ctx, data: {} }], ThingsController, handler);
  host.setType('rpc');
  return host;
}

describe('a handler that declares no access fails closed', () => {
  it('is refused every message by the guard', () => {
    const guard = new BusAccessGuard();
    expect(guard.canActivate(messageTo(ThingsController.prototype.declared))).toBe(true);
    expect(() => guard.canActivate(messageTo(ThingsController.prototype.forgotten))).toThrow(
      expect.objectContaining({ body: expect.objectContaining({ kind: 'forbidden', code: 'access.undeclared' }) }),
    );
  });

  it('stops its service starting, naming the handler and its pattern', () => {
    expect(() => assertEveryHandlerDeclaresAccess(ThingsModule)).toThrow(
      'bus handlers without @Access: ThingsController.forgotten (guard-spec.thing.forgotten)',
    );
  });
});
