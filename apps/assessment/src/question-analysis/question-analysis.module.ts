import { Module } from '@nestjs/common';
import { PupilsModule } from '../pupils/pupils.module';
import { QuestionAnalysisController } from './question-analysis.controller';
import { QuestionAnalysisService } from './question-analysis.service';

/** Question-level analysis: tests with questions, marks per question, facility by question, strand and group. */
@Module({ imports: [PupilsModule], controllers: [QuestionAnalysisController], providers: [QuestionAnalysisService] })
export class QuestionAnalysisModule {}
