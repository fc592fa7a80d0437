import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import {
  Actor,
  CsvColumnMapping,
  GET_SCHOOL,
  MessageContext,
  PUPIL_IMPORT_COMPLETED,
  PUPILS_IMPORTED,
  SYSTEM_ACTOR,
} from '@pt/contracts';
import { PLATFORM_SCOPE, tenantScope, UnitOfWork } from '@pt/persistence';
import {
  BusClient,
  describeError,
  FileStore,
  PLATFORM_LOGGER,
  stageEvent,
  stageEvents,
  StoredFileCorruptError,
  uuid7,
} from '@pt/platform';
import { Logger } from 'pino';
import { Readable } from 'node:stream';
import { knownCtfVersions } from '../ctf/ctf-codes';
import { CtfFormatError, CtfHeader } from '../ctf/ctf-parser';
import { stopCtfParseThread, ThreadedCtfReader } from './threaded-ctf-reader';
import { SchoolProcessing } from '../school-status/school-processing';
import { stagePupilCountIfChanged } from '../pupils/pupil-count';
import { CsvHeaderError, CsvImportReader } from './csv-import-reader';
import { checkImportedPupil } from './imported-pupil-rules';
import { ImportReportBuilder } from './import-report';
import { fieldsOf, newPupilCheck, prepareRow, PreparedRow, SchoolNumbers, todayOf } from './prepared-row';
import { PupilImport } from './pupil-import.entity';
import { InsertRow, PupilImportRepository, UpsertRow } from './pupil-import.repository';

/**
 * Rows per transaction: one look-up, one UPDATE, and a COPY and one INSERT for the new pupils. Each
 * doubling halves the transactions' fixed cost (the school's P11 check, the tenant settings, progress,
 * commit). 2,000 measured no faster while parsing was the slower side; with rows prepared on the parsing
 * thread the writes are, and 2,000 took a 20,000-pupil job from 1.23 to 1.09 s for a few MB more (two
 * batches of prepared rows, a few strings each, are in memory while one is written). With the COPY,
 * 5,000 (first batch 1,000 or 5,000) measured no faster than 2,000 (1.95-2.43 s against 1.92-2.23 s for
 * the import): the parsing thread and Postgres share two cores, so a larger batch only moves the wait.
 * One batch's event (PUPILS_IMPORTED) with every field of 2,000 pupils changed is 0.67 MB, under NATS's 1 MB.
 */
export const IMPORT_BATCH_SIZE = 2000;

/** Ends a job before any row is written, with a code for the report. */
class ImportRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a job needs while it runs, besides the report. */
interface JobRun {
  job: PupilImport;
  ctx: MessageContext;
  report: ImportReportBuilder;
  school: SchoolNumbers | null;
  seen: Set<string>;
  headerChecked: boolean;
}

/**
 * Runs import jobs one at a time in this process (two cores: a second concurrent import
 * would only slow both). The file is read from the file store as a stream and written in
 * batches of IMPORT_BATCH_SIZE, each batch one transaction that also moves the job's
 * progress and counts, so a job that fails part-way reports exactly what it committed.
 * One batch is written while the next is read (never more), so parsing and Postgres overlap.
 * A job a stopped process left queued or running is marked failed when the service starts.
 */
@Injectable()
export class PupilImportRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly queue: string[] = [];
  private draining: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly files: FileStore,
    private readonly bus: BusClient,
    private readonly schoolProcessing: SchoolProcessing,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const left = await this.unitOfWork.run(PLATFORM_SCOPE, (em) =>
      new PupilImportRepository(em).failUnfinished(
        'The service stopped while the import was queued or running; upload the file again',
      ),
    );
    for (const job of left) await this.files.delete(job.fileName).catch(() => undefined);
    if (left.length) this.logger.warn({ jobs: left.map((j) => j.id) }, 'import jobs left unfinished marked failed');
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.draining?.catch(() => undefined);
    await stopCtfParseThread();
  }

  enqueue(jobId: string): void {
    this.queue.push(jobId);
    this.draining ??= this.drain().finally(() => (this.draining = null));
  }

  private async drain(): Promise<void> {
    for (let id = this.queue.shift(); id && !this.stopping; id = this.queue.shift()) {
      await this.run(id).catch((error: unknown) =>
        this.logger.error({ importId: id, err: describeError(error) }, 'import job crashed'),
      );
    }
  }

  private async run(importId: string): Promise<void> {
    const started = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const job = await new PupilImportRepository(em).findForUpdate(importId);
      if (!job || job.status !== 'queued') return null;
      job.status = 'running';
      job.startedAt = new Date();
      return job;
    });
    if (!started) return;
    const ctx: MessageContext = {
      tenantId: started.tenantId,
      actor: started.actor as unknown as Actor,
      requestId: started.requestId ?? uuid7(),
      ip: null,
    };
    const run: JobRun = {
      job: started,
      ctx,
      report: new ImportReportBuilder(started),
      school: await this.schoolNumbers(started.tenantId),
      seen: new Set(),
      headerChecked: started.format !== 'ctf',
    };
    this.logger.info({ importId, format: started.format, bytes: started.totalBytes }, 'import started');
    try {
      // Paced by the parser, not by NATS: memory holds a few chunks whatever the file's size.
      const opened = await this.files.open(started.fileName);
      if (!opened) throw new ImportRefused('file_missing', 'The uploaded file is no longer available; upload it again');
      const counter = { bytesRead: () => 0 };
      const pieces = this.records(run, opened.content, counter);
      // One batch is written while the next is read: Postgres works on the other core while this one
      // parses. Never more than one in flight, so batches commit in file order, and memory holds two.
      let writing: Promise<void> = Promise.resolve();
      let batch: PreparedRow[] = [];
      try {
        for await (const rows of pieces) {
          for (const row of rows) {
            if (this.stopping)
              throw new ImportRefused('interrupted', 'The service stopped during the import; upload the file again');
            batch.push(row);
            if (batch.length >= IMPORT_BATCH_SIZE) {
              const full = batch;
              const bytesRead = counter.bytesRead();
              batch = [];
              await writing;
              writing = this.writeBatch(run, full, bytesRead);
              // A failed write is awaited (and thrown) before the next one starts, or below.
              writing.catch(() => undefined);
            }
          }
        }
      } finally {
        // Whatever stopped the reading, the batch in hand is committed (or its error surfaces) first.
        await writing;
      }
      await this.writeBatch(run, batch, counter.bytesRead());
      await this.finish(run, 'completed', null);
      this.logger.info({ importId, ...countsOf(run) }, 'import completed');
    } catch (error) {
      const failure = failureOf(error);
      if (!failure) this.logger.error({ importId, err: describeError(error) }, 'import failed unexpectedly');
      await this.finish(
        run,
        'failed',
        failure ?? {
          code: 'import_failed',
          message: 'The import stopped on an unexpected error; rows already reported were saved',
        },
      );
      this.logger.info({ importId, code: failure?.code ?? 'import_failed', ...countsOf(run) }, 'import failed');
    } finally {
      await this.files.delete(started.fileName).catch(() => undefined);
    }
  }

  /**
   * The job's rows, prepared (prepared-row.ts: the rules that need nothing stored run as the
   * file is read, while the batch before is written), a piece of the file at a time (a CTF
   * chunk's pupils, prepared on the parsing thread; a CSV row); CTF headers are checked on the way.
   */
  private async *records(
    run: JobRun,
    content: AsyncIterable<Uint8Array>,
    counter: { bytesRead: () => number },
  ): AsyncGenerator<PreparedRow[]> {
    if (run.job.format === 'csv') {
      const reader = new CsvImportReader(Readable.from(content), (run.job.mapping ?? {}) as CsvColumnMapping);
      counter.bytesRead = () => reader.bytesRead;
      for await (const record of reader) yield [prepareRow(record, run.school, todayOf())];
      return;
    }
    const reader = new ThreadedCtfReader(content, { school: run.school });
    counter.bytesRead = () => reader.bytesRead;
    for await (const items of reader.pieces()) {
      const rows: PreparedRow[] = [];
      for (const item of items) {
        if (item.kind === 'header') {
          this.checkHeader(run, item.header);
          continue;
        }
        if (!run.headerChecked) this.checkHeader(run, null);
        rows.push(item.row);
      }
      if (rows.length) yield rows;
    }
    if (!run.headerChecked) this.checkHeader(run, null);
  }

  private checkHeader(run: JobRun, header: CtfHeader | null): void {
    run.headerChecked = true;
    const { report, school } = run;
    if (!header) {
      report.warn('header_missing', 'The file has no Header: CTF version and destination school not checked');
      return;
    }
    const known = knownCtfVersions(new Date());
    if (!header.version)
      report.warn('ctf_version_missing', 'The header has no CTFversion; the file was read tolerantly');
    else if (!known.includes(header.version)) {
      report.warn(
        'ctf_version_unknown',
        `CTF version ${header.version.slice(0, 10)} is not one of ${known.join(', ')}; the file was read tolerantly`,
      );
    }
    if (!school) {
      report.warn(
        'destination_unchecked',
        "The school's LA and establishment numbers could not be read; destination not checked",
      );
      return;
    }
    const dest = header.destination;
    const matches = dest.lea === school.laCode && Number(dest.estab) === Number(school.establishmentNumber);
    if (matches) return;
    const message =
      `The file is addressed to school ${dest.lea ?? '?'}/${dest.estab ?? '?'}, ` +
      `not this school (${school.laCode}/${school.establishmentNumber})`;
    if (run.job.destinationMismatch === 'refuse') throw new ImportRefused('destination_mismatch', message);
    report.warn('destination_mismatch', message);
  }

  /** One transaction: P11 check, lock the batch's pupils, validate, two statements, events, progress. */
  private async writeBatch(run: JobRun, rows: PreparedRow[], bytesRead: number): Promise<void> {
    const { ctx, report, job } = run;
    const tenantId = job.tenantId;
    const began = performance.now();
    const timings = { begin: 0, lock: 0, check: 0, upsert: 0, stage: 0, commit: 0 };
    let endWork = 0;
    await this.unitOfWork.run(tenantScope(tenantId), async (em) => {
      timings.begin = performance.now() - began;
      await this.schoolProcessing.assertAllowed(em, tenantId);
      const repository = new PupilImportRepository(em);
      const candidates: PreparedRow[] = [];
      for (const row of rows) {
        if (row.problem) report.reject({ upn: row.upn, position: row.position, ...row.problem });
        else if (run.seen.has(row.upn!)) {
          report.reject({
            upn: row.upn,
            position: row.position,
            field: 'upn',
            reason: 'UPN appears more than once in the file',
          });
        } else {
          run.seen.add(row.upn!);
          candidates.push(row);
        }
      }
      let mark = performance.now();
      const existing = await repository.lockExisting(
        tenantId,
        candidates.map((r) => r.upn!),
      );
      timings.lock = performance.now() - mark;
      const updates: UpsertRow[] = [];
      const inserts: InsertRow[] = [];
      const today = todayOf();
      for (const row of candidates) {
        const upn = row.upn!;
        const pupil = existing.get(upn);
        if (pupil?.restricted) {
          report.reject({ upn, position: row.position, reason: 'restricted' });
          continue;
        }
        // The API's rules, field by field and between fields: an import stores nothing POST /pupils would refuse.
        // A new pupil's were checked as the row was read (the same rules, the same day); a stored pupil's need its record.
        if (!pupil) {
          const check =
            row.asNew?.today === today
              ? row.asNew.check
              : newPupilCheck(upn, checkImportedPupil(fieldsOf(row), null, today));
          if (!check.ok) {
            report.reject({ upn, position: row.position, field: check.field, reason: check.reason });
            continue;
          }
          // P16: SEN need is special-category data; a new pupil has no consent, so it is neither stored nor invented
          // (its COPY line leaves it out).
          if (check.senNeeds) this.warnSenWithoutConsent(report, upn);
          for (const warning of row.warnings) report.warn('field_skipped', warning, upn);
          inserts.push({ id: uuid7(), upn, copyLine: check.copyLine });
          continue;
        }
        const checked = checkImportedPupil(fieldsOf(row), pupil.facts, today);
        if (!checked.ok) {
          report.reject({ upn, position: row.position, field: checked.field, reason: checked.reason });
          continue;
        }
        const fields = checked.fields;
        if (fields.senNeeds !== undefined && !pupil.specialCategoryConsent) {
          // P16: SEN need is special-category data; without the consent it is neither stored nor invented.
          delete fields.senNeeds;
          this.warnSenWithoutConsent(report, upn);
        }
        for (const warning of row.warnings) report.warn('field_skipped', warning, upn);
        updates.push({ id: pupil.id, upn, fields });
      }
      timings.check = performance.now() - mark - timings.lock;
      mark = performance.now();
      const result = await repository.upsert(tenantId, updates, inserts);
      timings.upsert = performance.now() - mark;
      mark = performance.now();
      report.created += result.created.length;
      report.updated += result.updated.length;
      report.unchanged += updates.length - result.updated.length;
      for (const upn of result.raced) {
        report.reject({
          upn,
          position: 0,
          reason: 'created by another write during the import; import the file again',
        });
      }
      // One event for the batch's created and changed pupils (ids only), not one per pupil: the outbox,
      // the relay, JetStream and every consumer handle 1 message where they handled up to 1,000.
      if (result.created.length || result.updated.length) {
        await stageEvents(em, PUPILS_IMPORTED, ctx, [
          {
            importId: job.id,
            created: result.created.map((pupil) => pupil.id),
            updated: result.updated.map((pupil) => ({ pupilId: pupil.id, fields: pupil.fields })),
          },
        ]);
      }
      await this.saveProgress(em, run, rows.length, bytesRead);
      timings.stage = performance.now() - mark;
      endWork = performance.now();
    });
    timings.commit = performance.now() - endWork;
    this.logger.debug(
      {
        importId: job.id,
        rows: rows.length,
        ms: Math.round(performance.now() - began),
        ...roundAll(timings),
        ...memoryMb(),
      },
      'import batch written',
    );
  }

  private warnSenWithoutConsent(report: ImportReportBuilder, upn: string): void {
    report.warn(
      'sen_needs_without_consent',
      'SEN needs not stored: no special-category consent is recorded for the pupil (P16)',
      upn,
    );
  }

  private async saveProgress(em: EntityManager, run: JobRun, pupils: number, bytesRead: number): Promise<void> {
    await new PupilImportRepository(em).saveProgress(run.job.id, pupils, bytesRead, run.report.report());
  }

  private async finish(run: JobRun, status: 'completed' | 'failed', error: PupilImport['error']): Promise<void> {
    const { ctx, report } = run;
    await this.unitOfWork.run(tenantScope(run.job.tenantId), async (em) => {
      const job = await new PupilImportRepository(em).findForUpdate(run.job.id);
      if (!job) return;
      job.status = status;
      job.error = error;
      job.finishedAt = new Date();
      if (status === 'completed') job.bytesRead = job.totalBytes;
      report.applyTo(job);
      if (status === 'completed') {
        stageEvent(em, PUPIL_IMPORT_COMPLETED, ctx, {
          importId: job.id,
          format: job.format as 'ctf' | 'csv',
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          rejected: report.rejected,
        });
      }
      // A failed job may have committed batches: the roll may have changed either way.
      await stagePupilCountIfChanged(em, ctx);
    });
  }

  private async schoolNumbers(tenantId: string): Promise<SchoolNumbers | null> {
    try {
      const school = await this.bus.request(
        GET_SCHOOL,
        { tenantId, actor: SYSTEM_ACTOR, requestId: uuid7(), ip: null },
        { schoolId: tenantId },
      );
      return { laCode: school.laCode, establishmentNumber: school.establishmentNumber };
    } catch (error) {
      this.logger.warn({ tenantId, err: describeError(error) }, 'school numbers unavailable for an import');
      return null;
    }
  }
}

function memoryMb(): Record<string, number> {
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return roundAll({
    rssMb: rss / 1048576,
    heapMb: heapUsed / 1048576,
    externalMb: (external + arrayBuffers) / 1048576,
  });
}

function roundAll(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Math.round(value)]));
}

function countsOf(run: JobRun) {
  const { created, updated, unchanged, rejected } = run.report;
  return { created, updated, unchanged, rejected };
}

/** A known failure, described for the report (positions, never content). */
function failureOf(error: unknown): PupilImport['error'] | null {
  if (error instanceof CtfFormatError) {
    return {
      code: 'malformed_ctf',
      message: `${error.message} (after ${error.pupilsRead} pupils; batches before it were saved)`,
      ...(error.line !== null ? { line: error.line } : {}),
      ...(error.column !== null ? { column: error.column } : {}),
    };
  }
  if (error instanceof CsvHeaderError) return { code: 'csv_mapping_mismatch', message: error.message };
  if (error instanceof StoredFileCorruptError) {
    return { code: 'upload_corrupt', message: 'The uploaded file was damaged in storage; upload it again' };
  }
  if (error instanceof ImportRefused) return { code: error.code, message: error.message };
  const code = (error as { code?: string })?.code;
  if (code === 'school.data_processing_not_signed') {
    return { code, message: "The school's data processing terms are not signed (P11)" };
  }
  if (typeof (error as { code?: unknown })?.code === 'string' && /^CSV_/.test(code!)) {
    return { code: 'malformed_csv', message: 'The file is not valid CSV' };
  }
  return null;
}
