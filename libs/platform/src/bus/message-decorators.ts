import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { MessagePattern as NestMessagePattern } from '@nestjs/microservices';
import { BusRequest, MessagePattern } from '@pt/contracts';

/** Binds a handler to a typed pattern from libs/contracts. */
export function Handles(pattern: MessagePattern<unknown, unknown>): MethodDecorator {
  return NestMessagePattern(pattern.subject);
}

/** The `ctx` envelope of the message being handled. */
export const MsgCtx = createParamDecorator(
  (_: unknown, host: ExecutionContext) => host.switchToRpc().getData<BusRequest<unknown>>().ctx,
);

/** The payload of the message being handled (validated by a pipe when given a DTO type). */
export const MsgData = createParamDecorator(
  (_: unknown, host: ExecutionContext) => host.switchToRpc().getData<BusRequest<unknown>>().data,
);
