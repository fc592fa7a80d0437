import { Inject, Injectable } from '@nestjs/common';
import {
  DataSubjectRef,
  MessageContext,
  SERVICE_NAMES,
  ServiceName,
  subjectExportPattern,
  SubjectExportSection,
} from '@pt/contracts';
import { BusClient, BusException, describeError, FileStore, PLATFORM_LOGGER } from '@pt/platform';
import { createHash } from 'node:crypto';
import { Logger } from 'pino';
import { AuditConfig } from '../audit.config';

export type BundleSection = {
  service: string;
  found: boolean;
  records: Record<string, unknown[]>;
  files: { fileName: string; contentType: string; sizeBytes: number; sha256: string; contentBase64: string }[];
};

/**
 * Asks every service (SERVICE_NAMES) for what it holds about a subject, in parallel, each
 * within RIGHTS_EXPORT_TIMEOUT_MS, and copies the files they list out of the file store.
 * A service that does not answer, or answers with an error, fails the whole gathering
 * with a 503 naming it: a bundle that silently lacks a service's part would tell the
 * requester that the service holds nothing.
 */
@Injectable()
export class SubjectExportGatherer {
  constructor(
    private readonly bus: BusClient,
    private readonly files: FileStore,
    private readonly config: AuditConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  async gather(
    ctx: MessageContext,
    subject: DataSubjectRef,
  ): Promise<{ sections: BundleSection[]; handedOver: string[] }> {
    const answers = await Promise.allSettled(
      SERVICE_NAMES.map((service) =>
        this.bus.request(
          subjectExportPattern(service),
          ctx,
          { subject },
          { timeoutMs: this.config.RIGHTS_EXPORT_TIMEOUT_MS },
        ),
      ),
    );
    const failed: { service: ServiceName; code: string }[] = [];
    const sections: SubjectExportSection[] = [];
    answers.forEach((answer, index) => {
      const service = SERVICE_NAMES[index];
      if (answer.status === 'fulfilled' && isSection(answer.value, service)) sections.push(answer.value);
      else {
        const error = answer.status === 'rejected' ? answer.reason : undefined;
        const code =
          error instanceof BusException ? error.code : answer.status === 'fulfilled' ? 'malformed_section' : 'error';
        if (!(error instanceof BusException))
          this.logger.error({ service, ...describeError(error) }, 'subject export failed');
        failed.push({ service, code });
      }
    });
    if (failed.length) {
      // The files the others handed over will not be bundled: they go now, not at the store's expiry.
      await this.release(
        ctx,
        sections.flatMap((section) => section.files.map((file) => file.storeName)),
      );
      throw BusException.unavailable(
        'rights_export.service_unavailable',
        `No bundle was made: ${failed.map((f) => f.service).join(', ')} did not give its part`,
        { services: failed.map((f) => f.service), failures: failed },
      );
    }
    const bundled: BundleSection[] = [];
    const handedOver: string[] = [];
    for (const section of sections) {
      const files: BundleSection['files'] = [];
      for (const file of section.files) {
        const stored = await this.files.read(file.storeName);
        if (!stored) {
          throw BusException.unavailable(
            'rights_export.file_missing',
            `No bundle was made: a file listed by ${section.service} is no longer in the file store`,
            { services: [section.service] },
          );
        }
        handedOver.push(file.storeName);
        files.push({
          fileName: file.fileName,
          contentType: file.contentType,
          sizeBytes: stored.content.length,
          sha256: createHash('sha256').update(stored.content).digest('hex'),
          contentBase64: stored.content.toString('base64'),
        });
      }
      bundled.push({ service: section.service, found: section.found, records: section.records, files });
    }
    return { sections: bundled, handedOver };
  }

  /** The services' hand-over files, once they are inside the stored bundle (the store is no archive). */
  async release(ctx: MessageContext, storeNames: string[]): Promise<void> {
    for (const name of storeNames) {
      await this.files
        .delete(name)
        .catch((error: unknown) =>
          this.logger.warn({ requestId: ctx.requestId, ...describeError(error) }, 'could not delete a hand-over file'),
        );
    }
  }
}

function isSection(value: unknown, service: ServiceName): value is SubjectExportSection {
  const section = value as SubjectExportSection;
  return (
    !!section &&
    section.service === service &&
    typeof section.found === 'boolean' &&
    typeof section.records === 'object' &&
    section.records !== null &&
    Array.isArray(section.files)
  );
}
