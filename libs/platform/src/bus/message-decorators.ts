import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { MessagePattern as NestMessagePattern } from '@nestjs/microservices';
import { BusRequest, MessagePattern } from '@pt/contracts';
import { BusAccessGuard } from '../access/bus-access.guard';

export const HANDLED_PATTERN = 'pt:handled-pattern';

/**
 * Binds a handler to a typed pattern from libs/contracts, behind the access guard: the
 * handler declares who may send it with `@Access(...)` beside this decorator.
 */
export function Handles(pattern: MessagePattern<unknown, unknown>): MethodDecorator {
  return applyDecorators(
    NestMessagePattern(pattern.subject),
    SetMetadata(HANDLED_PATTERN, pattern.subject),
    UseGuards(BusAccessGuard),
  );
}

/** The `ctx` envelope of the message being handled. */
export const MsgCtx = createParamDecorator(
  (_: unknown, host: ExecutionContext) => host.switchToRpc().getData<BusRequest<unknown>>().ctx,
);

/** The payload of the message being handled (validated by a pipe when given a DTO type). */
export const MsgData = createParamDecorator(
  (_: unknown, host: ExecutionContext) => host.switchToRpc().getData<BusRequest<unknown>>().data,
);
