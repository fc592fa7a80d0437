import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { metricsRegistry } from '@pt/platform';
import { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  @Get()
  async metrics(@Res() reply: FastifyReply): Promise<void> {
    void reply.header('Content-Type', metricsRegistry.contentType).send(await metricsRegistry.metrics());
  }
}
