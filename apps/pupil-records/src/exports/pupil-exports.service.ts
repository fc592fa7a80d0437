import { Injectable } from '@nestjs/common';
import { CtfExportFile, ExportPupilsCtfRequest, FieldError, GET_SCHOOL, isUuid, SYSTEM_ACTOR } from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusClient, BusException, FileStore, uuid7, SchoolContext } from '@pt/platform';
import {
  CTF_CLOSING,
  ctfDocument,
  ctfOpening,
  ctfPupil,
  CtfPupilSource,
  CtfSchool,
  UNKNOWN_DESTINATION,
} from '../ctf/ctf-writer';
import { Pupil } from '../pupils/pupil.entity';
import { PupilExportRepository } from './pupil-export.repository';

const PAGE = 500;
const MAX_IDS = 50_000;

const notFound = () => BusException.notFound('pupil.not_found', 'The pupil does not exist');
const restricted = () =>
  BusException.conflict('pupil.restricted', 'Processing of this pupil is restricted: it is left out of exports (P18)');

/**
 * CTF export of one pupil or a set (P21, P22): written in the newest CTF layout, streamed
 * into the file store page by page (a school's whole register never sits in memory), and
 * handed to the gateway by file name. Restricted pupils are left out (P18); SEN need types
 * only with consent (P16).
 */
@Injectable()
export class PupilExportsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly files: FileStore,
    private readonly bus: BusClient,
  ) {}

  async exportCtf(ctx: SchoolContext, request: ExportPupilsCtfRequest): Promise<CtfExportFile> {
    const { tenantId } = ctx;
    const ids = checkRequest(request);
    const destination: CtfSchool = request.destination ?? UNKNOWN_DESTINATION;
    let excludedRestricted = 0;
    if (ids) {
      excludedRestricted = await this.unitOfWork.forContext(ctx, async (em) => {
        const repository = new PupilExportRepository(em);
        if (request.single) {
          const pupil = await repository.findById(ids[0]);
          if (!pupil) throw notFound();
          if (pupil.restricted) throw restricted();
          return 0;
        }
        return repository.countRestricted(ids);
      });
    }
    const school = await this.school(tenantId);
    const now = new Date();
    let pupils = 0;
    const unitOfWork = this.unitOfWork;
    async function* content(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(ctfOpening(school, destination, now));
      let after: string | null = null;
      for (;;) {
        const page: Pupil[] = await unitOfWork.forContext(ctx, (em) =>
          new PupilExportRepository(em).page(ids, after, PAGE),
        );
        if (page.length === 0) break;
        pupils += page.length;
        yield Buffer.from(page.map((pupil) => ctfPupil(pupil, school)).join(''));
        if (page.length < PAGE) break;
        after = page[page.length - 1].id;
      }
      yield Buffer.from(CTF_CLOSING);
    }
    const fileName = `pupil-exports/${uuid7()}`;
    const stored = await this.files.put(fileName, content(), {
      metadata: { contentType: 'application/xml', tenantId, purpose: 'ctf-export' },
    });
    return {
      fileName,
      size: stored.size,
      pupils,
      excludedRestricted,
      suggestedName: `${school.laCode}${school.establishmentNumber}_CTF_${destination.laCode}${destination.establishmentNumber}_001.xml`,
    };
  }

  /**
   * One pupil's CTF as a Buffer, for the subject-access export (P21). Null when the pupil
   * does not exist; a restricted pupil is still the subject's own data and is included.
   */
  async pupilCtf(ctx: SchoolContext, pupilId: string): Promise<Buffer | null> {
    if (!isUuid(pupilId)) return null;
    const pupil = await this.unitOfWork.forContext(ctx, (em) => new PupilExportRepository(em).findById(pupilId));
    if (!pupil) return null;
    const school = await this.school(ctx.tenantId);
    return Buffer.from(ctfDocument([pupil as CtfPupilSource], school));
  }

  private async school(tenantId: string): Promise<CtfSchool> {
    const school = await this.bus.request(
      GET_SCHOOL,
      { tenantId, actor: SYSTEM_ACTOR, requestId: uuid7(), ip: null },
      { schoolId: tenantId },
    );
    return { laCode: school.laCode, establishmentNumber: school.establishmentNumber, name: school.name };
  }
}

function checkRequest(request: ExportPupilsCtfRequest): string[] | null {
  const errors: FieldError[] = [];
  const ids = request.pupilIds;
  if (ids !== undefined) {
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_IDS) {
      errors.push({ field: 'pupilIds', message: `must list 1 to ${MAX_IDS} pupil ids` });
    } else if (ids.some((id) => typeof id !== 'string' || !isUuid(id))) {
      errors.push({ field: 'pupilIds', message: 'must be UUIDs' });
    }
  }
  if (request.single && ids?.length !== 1) errors.push({ field: 'pupilIds', message: 'must be one pupil id' });
  const destination = request.destination;
  if (destination !== undefined) {
    if (typeof destination?.laCode !== 'string' || !/^(\d{3}|MMM)$/.test(destination.laCode)) {
      errors.push({ field: 'destination.laCode', message: 'must be a 3-digit LA number' });
    }
    if (
      typeof destination?.establishmentNumber !== 'string' ||
      !/^(\d{4}|XXXX)$/.test(destination.establishmentNumber)
    ) {
      errors.push({ field: 'destination.establishmentNumber', message: 'must be a 4-digit establishment number' });
    }
  }
  if (errors.length) throw BusException.validation(errors);
  return ids ? [...new Set(ids)] : null;
}
