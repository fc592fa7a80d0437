import { Injectable } from '@nestjs/common';
import {
  ExportRightsRequest,
  isUuid,
  RIGHTS_EXPORT_DOWNLOADED,
  RIGHTS_EXPORT_PRODUCED,
  RightsDownload,
  RightsExportBundle,
  RightsExportLink,
  RightsRequestKind,
  RightsSubjectType,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, FileStore, stageEvent, uuid7, SchoolContext } from '@pt/platform';
import { createHash, randomBytes } from 'node:crypto';
import { AuditConfig } from '../audit.config';
import { RightsExport } from '../rights/rights-fulfilment.entity';
import { RightsRequestRepository } from '../rights/rights-request.repository';
import { notFound, requireIdentityCheck, requireOpen } from '../rights/rights.service';
import { SubjectExportGatherer } from './subject-export-gatherer';

/** 32 random bytes in base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const EXPORTABLE: readonly RightsRequestKind[] = ['access', 'portability'];
const BUNDLE_TYPE = 'application/json';

const linkNotFound = () => BusException.notFound('rights_download.not_found', 'The download link does not exist');

/**
 * Subject access and portability (P21): one machine-readable JSON bundle of everything each
 * service holds about the subject (files such as a pupil's CTF embedded in base64), kept in
 * the file store and handed over through a one-time link: a random token whose SHA-256 alone
 * is stored, short-lived (RIGHTS_DOWNLOAD_TTL_MINUTES), spent by its first use by staff of
 * the same school with rights:manage. The register records who produced and who downloaded it.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly gatherer: SubjectExportGatherer,
    private readonly files: FileStore,
    private readonly config: AuditConfig,
  ) {}

  async export(ctx: SchoolContext, request: ExportRightsRequest): Promise<RightsExportLink> {
    const { tenantId } = ctx;
    if (!isUuid(request.requestId)) throw notFound();
    const row = await this.unitOfWork.forContext(ctx, async (em) => {
      const found = await new RightsRequestRepository(em).findById(request.requestId);
      if (!found) throw notFound();
      requireOpen(found);
      if (!EXPORTABLE.includes(found.kind as RightsRequestKind)) {
        throw BusException.conflict(
          'rights_request.not_exportable',
          'Only access and portability requests are answered with a bundle',
          { kind: found.kind },
        );
      }
      requireIdentityCheck(found);
      return found;
    });
    const subject = { type: row.subjectType as RightsSubjectType, id: row.subjectId };
    const { sections, handedOver } = await this.gatherer.gather(ctx, subject);
    const bundle: RightsExportBundle = {
      format: 'pupil-tracking.subject-export.v1',
      request: { id: row.id, kind: row.kind as RightsRequestKind, subject },
      generatedAt: new Date().toISOString(),
      sections,
    };
    const exportId = uuid7();
    const storeName = `rights-export.${tenantId}.${exportId}.json`;
    const stored = await this.files.put(storeName, Buffer.from(JSON.stringify(bundle)), {
      metadata: { contentType: BUNDLE_TYPE, tenantId, purpose: 'rights-export' },
    });
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.RIGHTS_DOWNLOAD_TTL_MINUTES * 60_000);
    try {
      await this.unitOfWork.forContext(ctx, async (em) => {
        const requests = new RightsRequestRepository(em);
        const locked = await requests.findForUpdate(row.id);
        if (!locked) throw notFound();
        requireOpen(locked);
        requests.add(
          Object.assign(new RightsExport(), {
            id: exportId,
            tenantId,
            requestId: row.id,
            storeName,
            fileName: `rights-export-${row.id}.json`,
            sizeBytes: stored.size,
            tokenHash: hashToken(token),
            expiresAt,
            producedAt: new Date(),
            producedBy: ctx.actor.id ?? null,
          }),
        );
        stageEvent(em, RIGHTS_EXPORT_PRODUCED, ctx, {
          requestId: row.id,
          exportId,
          services: sections.map((s) => s.service),
        });
      });
    } catch (error) {
      await this.files.delete(storeName).catch(() => undefined);
      throw error;
    }
    await this.gatherer.release(ctx, handedOver);
    return {
      exportId,
      downloadUrl: `/api/v1/rights-downloads/${token}`,
      expiresAt: expiresAt.toISOString(),
      sections: sections.map((s) => ({ service: s.service, found: s.found })),
    };
  }

  /**
   * Spends a link: the first call by staff of the bundle's school gets the file's name in the
   * store (the gateway hands it over, then deletes it); any later call, an expired link,
   * or anyone from another school gets 404.
   */
  redeem(ctx: SchoolContext, request: { token: string }): Promise<RightsDownload> {
    if (typeof request.token !== 'string' || !TOKEN.test(request.token)) throw linkNotFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const row = await new RightsRequestRepository(em).findExportByTokenForUpdate(hashToken(request.token));
      if (!row || row.downloadedAt || row.expiresAt.getTime() <= Date.now()) throw linkNotFound();
      row.downloadedAt = new Date();
      row.downloadedBy = ctx.actor.id ?? null;
      stageEvent(em, RIGHTS_EXPORT_DOWNLOADED, ctx, { requestId: row.requestId, exportId: row.id });
      return { exportId: row.id, storeName: row.storeName, fileName: row.fileName, contentType: BUNDLE_TYPE };
    });
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
