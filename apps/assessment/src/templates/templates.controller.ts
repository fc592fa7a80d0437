import { Controller } from '@nestjs/common';
import { AssessmentTemplateView, LIST_ASSESSMENT_TEMPLATES, ListTemplatesRequest } from '@pt/contracts';
import { Access, Allow, Handles, MsgData } from '@pt/platform';
import { ASSESSMENT_TEMPLATES, templateCoversYear } from './assessment-templates';

/** The ready, read-only templates: constants in code, so nothing is stored. */
@Controller()
export class TemplatesController {
  @Handles(LIST_ASSESSMENT_TEMPLATES)
  @Access(Allow.school('assessments:read'))
  list(@MsgData() data: ListTemplatesRequest): AssessmentTemplateView[] {
    const year = data?.academicYear;
    return ASSESSMENT_TEMPLATES.filter((template) => !year || templateCoversYear(template, year));
  }
}
