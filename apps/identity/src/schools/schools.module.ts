import { Module } from '@nestjs/common';
import { SchoolsController } from './schools.controller';
import { SchoolsService } from './schools.service';

/** Schools (the tenants) and their data-processing signature (P11). */
@Module({ controllers: [SchoolsController], providers: [SchoolsService] })
export class SchoolsModule {}
