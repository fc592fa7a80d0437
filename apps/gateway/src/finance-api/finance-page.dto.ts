import { ApiPropertyOptional } from '@nestjs/swagger';
import { FinancePageRequest } from '@pt/contracts';
import { IsISO8601, IsOptional } from 'class-validator';
import { PageQueryDto } from '../http/pagination.dto';

/** `?limit=&cursor=&updated_since=` of the finance API's lists. */
export class FinancePageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Only records changed at or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  updated_since?: string;

  toRequest(): FinancePageRequest {
    return {
      limit: this.limit,
      ...(this.cursor !== undefined ? { cursor: this.cursor } : {}),
      ...(this.updated_since !== undefined ? { updatedSince: this.updated_since } : {}),
    };
  }
}
