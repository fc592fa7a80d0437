import { Module } from '@nestjs/common';
import { PupilsModule } from '../pupils/pupils.module';
import { ParentReportsController } from './parent-reports.controller';
import { ParentReportsService } from './parent-reports.service';

/** Parent reports: a PDF per pupil for a point, a class at once, and the archive of what was issued. */
@Module({ imports: [PupilsModule], controllers: [ParentReportsController], providers: [ParentReportsService] })
export class ParentReportsModule {}
