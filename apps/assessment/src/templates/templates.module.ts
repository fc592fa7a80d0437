import { Module } from '@nestjs/common';
import { TemplatesController } from './templates.controller';

/** The ready frameworks a school adopts (KS2, TA codes, EYFS, phonics, MTC, steps, GCSE). */
@Module({ controllers: [TemplatesController] })
export class TemplatesModule {}
