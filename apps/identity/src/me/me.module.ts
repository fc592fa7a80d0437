import { Module } from '@nestjs/common';
import { MeController } from './me.controller';
import { MeRepository } from './me.repository';

/** The signed-in user's own view of themselves. */
@Module({ controllers: [MeController], providers: [MeRepository] })
export class MeModule {}
