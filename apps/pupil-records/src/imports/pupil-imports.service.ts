import { Injectable } from '@nestjs/common';
import {
  csvMappingErrors,
  DESTINATION_MISMATCH_POLICIES,
  FieldError,
  isUuid,
  PUPIL_IMPORT_FORMATS,
  PupilImportFormat,
  PupilImportStatus,
  PupilImportView,
  StartPupilImportRequest,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, FileStore, uuid7, SchoolContext } from '@pt/platform';
import { SchoolProcessing } from '../school-status/school-processing';
import { PupilImport } from './pupil-import.entity';
import { PupilImportRepository } from './pupil-import.repository';
import { PupilImportRunner } from './pupil-import.runner';

/** Upload names the gateway gives: a prefix and a uuid, so a request cannot point at another file. */
const UPLOAD_NAME = /^pupil-imports\/[0-9a-f-]{36}$/;

const notFound = () => BusException.notFound('pupil_import.not_found', 'The import does not exist');

/** CTF and CSV imports (P15): refused before the school signed (P11); the work itself runs in PupilImportRunner. */
@Injectable()
export class PupilImportsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly schoolProcessing: SchoolProcessing,
    private readonly runner: PupilImportRunner,
    private readonly files: FileStore,
  ) {}

  /** Asked before the upload so that nothing is stored for a school that may not process pupil data. */
  async prepare(ctx: SchoolContext, format: PupilImportFormat): Promise<{ allowed: true }> {
    const { tenantId } = ctx;
    if (!PUPIL_IMPORT_FORMATS.includes(format)) {
      throw BusException.validation([
        { field: 'format', message: `must be one of ${PUPIL_IMPORT_FORMATS.join(', ')}` },
      ]);
    }
    await this.unitOfWork.forContext(ctx, (em) => this.schoolProcessing.assertAllowed(em, tenantId));
    return { allowed: true };
  }

  async start(ctx: SchoolContext, request: StartPupilImportRequest): Promise<PupilImportView> {
    const { tenantId } = ctx;
    checkStart(request);
    try {
      const job = await this.unitOfWork.forContext(ctx, async (em) => {
        await this.schoolProcessing.assertAllowed(em, tenantId);
        const job = Object.assign(new PupilImport(), {
          id: uuid7(),
          tenantId,
          format: request.format,
          fileName: request.fileName,
          totalBytes: request.size,
          mapping: request.format === 'csv' ? request.mapping : null,
          destinationMismatch: request.destinationMismatch ?? 'warn',
          actor: { ...ctx.actor },
          requestId: ctx.requestId,
        });
        new PupilImportRepository(em).add(job);
        return job;
      });
      this.runner.enqueue(job.id);
      return toView(job);
    } catch (error) {
      // Refused: the upload must not linger in the store.
      await this.files.delete(request.fileName).catch(() => undefined);
      throw error;
    }
  }

  async get(ctx: SchoolContext, importId: string): Promise<PupilImportView> {
    if (!isUuid(importId)) throw notFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const job = await new PupilImportRepository(em).findById(importId);
      if (!job) throw notFound();
      return toView(job);
    });
  }
}

function checkStart(request: StartPupilImportRequest): void {
  const errors: FieldError[] = [];
  if (!PUPIL_IMPORT_FORMATS.includes(request.format)) {
    errors.push({ field: 'format', message: `must be one of ${PUPIL_IMPORT_FORMATS.join(', ')}` });
  }
  if (typeof request.fileName !== 'string' || !UPLOAD_NAME.test(request.fileName)) {
    errors.push({ field: 'fileName', message: 'is not an upload of this service' });
  }
  if (!Number.isInteger(request.size) || request.size < 0)
    errors.push({ field: 'size', message: 'must be a byte count' });
  if (
    request.destinationMismatch !== undefined &&
    !DESTINATION_MISMATCH_POLICIES.includes(request.destinationMismatch)
  ) {
    errors.push({
      field: 'destinationMismatch',
      message: `must be one of ${DESTINATION_MISMATCH_POLICIES.join(', ')}`,
    });
  }
  if (request.format === 'csv') errors.push(...csvMappingErrors(request.mapping));
  if (errors.length) throw BusException.validation(errors);
}

export function toView(job: PupilImport): PupilImportView {
  return {
    id: job.id,
    format: job.format as PupilImportFormat,
    status: job.status as PupilImportStatus,
    progress: { pupilsRead: job.pupilsRead, bytesRead: Number(job.bytesRead), totalBytes: Number(job.totalBytes) },
    report: {
      created: job.created,
      updated: job.updated,
      unchanged: job.unchanged,
      rejected: job.rejected,
      rejections: job.rejections,
      warnings: job.warnings,
    },
    error: job.error,
    requestedBy: typeof job.actor?.id === 'string' ? job.actor.id : null,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
