import { Module } from '@nestjs/common';
import { FrameworksController } from './frameworks.controller';
import { FrameworksService } from './frameworks.service';

/** A school's frameworks per academic year: grade scales, measures and assessment points. */
@Module({ controllers: [FrameworksController], providers: [FrameworksService] })
export class FrameworksModule {}
