import { Module } from '@nestjs/common';
import { SchoolPurgeConsumer } from './school-purge.consumer';

/** P25: a school's purge deletes its staff, sessions and everything else of it in identity. */
@Module({ providers: [SchoolPurgeConsumer] })
export class SchoolPurgeModule {}
