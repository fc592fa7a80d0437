import { MikroORM } from '@mikro-orm/postgresql';
import { Controller, Type } from '@nestjs/common';
import { HealthReply, healthPattern, ServiceName } from '@pt/contracts';
import { Access } from '../access/access.decorator';
import { Allow } from '../access/access-rule';
import { Handles } from '../bus/message-decorators';

/**
 * `<service>.health.check`: answering proves the bus subscription, the handler pipeline
 * and the database connection of this replica. The gateway's /health/ready asks it.
 */
export function createHealthController(service: ServiceName): Type<unknown> {
  const started = Date.now();

  @Controller()
  class HealthController {
    constructor(private readonly orm: MikroORM) {}

    @Handles(healthPattern(service))
    @Access(Allow.system())
    async check(): Promise<HealthReply> {
      const [{ parked }] = await this.orm.em
        .getConnection()
        .execute<{ parked: string }[]>('select count(*)::text as parked from parked_event');
      return {
        service,
        status: 'up',
        database: 'up',
        parkedEvents: Number(parked),
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
      };
    }
  }
  return HealthController;
}
