import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { problem, PROBLEM_CONTENT_TYPE } from '../http/problem';
import { Public } from '../auth/public.decorator';
import { ApiView } from '../openapi/api-reply.decorator';
import { OpenApiSchema } from '@pt/contracts';
import { ReadinessService } from './readiness.service';

const LIVE: OpenApiSchema = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok'] } },
  required: ['status'],
  additionalProperties: false,
};

const READY: OpenApiSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok'] },
    services: {
      type: 'object',
      description: 'Each service, up or down',
      additionalProperties: { type: 'string', enum: ['up', 'down', 'timeout'] },
    },
    parkedEvents: {
      type: 'object',
      description: 'Per service, durable events parked after repeated failure (absent: none)',
      additionalProperties: { type: 'integer' },
    },
  },
  required: ['status', 'services', 'parkedEvents'],
  additionalProperties: false,
};

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the gateway process answers' })
  @ApiView(LIVE)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: every service answers over NATS (503 naming those that do not)' })
  @ApiView(READY)
  async ready(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const result = await this.readiness.check(request.id);
    void reply.header('Cache-Control', 'no-store');
    if (result.ready) {
      void reply.send({ status: 'ok', services: result.services, parkedEvents: result.parkedEvents });
      return;
    }
    const down = Object.entries(result.services)
      .filter(([, state]) => state !== 'up')
      .map(([service]) => service);
    void reply
      .status(503)
      .header('Content-Type', PROBLEM_CONTENT_TYPE)
      .header('Retry-After', '5')
      .send({
        ...problem(503, 'gateway.not_ready', `Not ready: ${down.join(', ')} not answering`),
        status: 503,
        services: result.services,
        down,
        parkedEvents: result.parkedEvents,
        requestId: request.id,
      });
  }
}
