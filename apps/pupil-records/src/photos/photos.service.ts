import { Injectable } from '@nestjs/common';
import {
  PHOTO_DELETED,
  PHOTO_MAX_BYTES,
  PHOTO_STORED,
  PhotoDownload,
  PhotoView,
  StorePhotoRequest,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, FileStore, stageEvent, uuid7, SchoolContext } from '@pt/platform';
import { PupilCareAccess, touchPupil } from '../pupils/pupil-care-access';
import { photoContentTypeOf } from './photo-content';
import { PupilPhoto } from './pupil-photo.entity';
import { PupilPhotoRepository } from './pupil-photo.repository';

/** What the gateway puts in the file store's metadata for an upload, and what is checked here. */
export const PHOTO_UPLOAD_PURPOSE = 'pupil-photo-upload';
export const PHOTO_DOWNLOAD_PURPOSE = 'pupil-photo-download';

const photoNotFound = () => BusException.notFound('photo.not_found', 'The pupil has no photograph');
const consentRequired = () =>
  BusException.conflict(
    'consent.photo_required',
    'A photograph can only be kept while a photo-use consent stands for the pupil',
  );
const badPhoto = (message: string) => BusException.validation([{ field: 'photo', message }]);

/**
 * Pupils' photographs: JPEG or PNG up to 2 MB, judged by content, kept in Postgres only
 * while a photo-use consent stands (P16's mechanism applied to photographs). Files cross
 * the bus by name through the file store, which is only a hand-over point: the upload is
 * deleted once read, and a download copy is made per request for the gateway to stream
 * and delete.
 */
@Injectable()
export class PhotosService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly access: PupilCareAccess,
    private readonly files: FileStore,
  ) {}

  async store(ctx: SchoolContext, request: StorePhotoRequest): Promise<PhotoView> {
    const { tenantId } = ctx;
    const content = await this.takeUpload(tenantId, request.fileName);
    const contentType = photoContentTypeOf(content);
    if (!contentType) throw badPhoto('must be a JPEG or PNG image (judged by its content, not its declared type)');
    return this.unitOfWork.forContext(ctx, async (em) => {
      const pupil = await this.access.forWriting(em, ctx, request.pupilId);
      if (!pupil.photoConsent) throw consentRequired();
      const photo = Object.assign(new PupilPhoto(), {
        pupilId: pupil.id,
        tenantId,
        contentType,
        size: content.length,
        content,
        storedBy: ctx.actor.id ?? null,
        storedAt: new Date(),
      });
      await new PupilPhotoRepository(em).save(photo);
      pupil.hasPhoto = true;
      touchPupil(pupil);
      stageEvent(em, PHOTO_STORED, ctx, { pupilId: pupil.id });
      return toView(photo);
    });
  }

  /** 404 when there is none, or when photo-use consent does not stand. */
  async get(ctx: SchoolContext, pupilId: string): Promise<PhotoDownload> {
    const { tenantId } = ctx;
    const photo = await this.unitOfWork.forContext(ctx, async (em) => {
      const pupil = await this.access.forReading(em, ctx, pupilId);
      if (!pupil.photoConsent || !pupil.hasPhoto) throw photoNotFound();
      const row = await new PupilPhotoRepository(em).findWithContent(pupil.id);
      if (!row) throw photoNotFound();
      return row;
    });
    const fileName = `${PHOTO_DOWNLOAD_PURPOSE}.${uuid7()}`;
    await this.files.put(fileName, photo.content, {
      metadata: { purpose: PHOTO_DOWNLOAD_PURPOSE, tenantId, contentType: photo.contentType },
    });
    return { ...toView(photo), fileName };
  }

  remove(ctx: SchoolContext, pupilId: string): Promise<{ deleted: true }> {
    return this.unitOfWork.forContext(ctx, async (em) => {
      const pupil = await this.access.forWriting(em, ctx, pupilId);
      const existed = await new PupilPhotoRepository(em).deleteOf(pupil.id);
      if (!existed) throw photoNotFound();
      pupil.hasPhoto = false;
      touchPupil(pupil);
      stageEvent(em, PHOTO_DELETED, ctx, { pupilId: pupil.id });
      return { deleted: true as const };
    });
  }

  /**
   * Reads the uploaded file and deletes it, whatever happens next. Only an upload the
   * gateway made for this school is taken: any other name is answered as absent and left
   * alone, so a client cannot make this service read or delete another school's files.
   */
  private async takeUpload(tenantId: string, fileName: unknown): Promise<Buffer> {
    if (typeof fileName !== 'string' || !fileName.startsWith(`${PHOTO_UPLOAD_PURPOSE}.`)) {
      throw badPhoto('was not uploaded');
    }
    const info = await this.files.info(fileName);
    if (!info || info.metadata.purpose !== PHOTO_UPLOAD_PURPOSE || info.metadata.tenantId !== tenantId) {
      throw badPhoto('was not uploaded');
    }
    try {
      if (info.size > PHOTO_MAX_BYTES) throw badPhoto(`must be at most ${PHOTO_MAX_BYTES} bytes`);
      const file = await this.files.read(fileName);
      if (!file) throw badPhoto('was not uploaded');
      return file.content;
    } finally {
      await this.files.delete(fileName);
    }
  }
}

function toView(photo: PupilPhoto): PhotoView {
  return {
    pupilId: photo.pupilId,
    contentType: photo.contentType as PhotoView['contentType'],
    size: photo.size,
    storedAt: photo.storedAt.toISOString(),
    storedBy: photo.storedBy,
  };
}
