/**
 * Parent reports for a class (issue 13, item 8; target: 30 reports under 5 s): the wall time
 * of POST /api/v1/assessment/points/{id}/parent-reports/class for a class of 30 pupils with
 * 12 measures each (results, targets and an on-track rule), through the gateway: pupil-records
 * asked for the class once, the school's name once, every pupil's results, targets and
 * on-track in one query, 30 PDFs rendered, archived in one insert with 30 outbox events.
 *
 * The floor, measured in the same run: the same 30 reports rendered in this process from
 * content of the same size (12 measures, the same words), without the service, bus or
 * database, so that what the pipeline costs can be told from what the PDFs cost.
 *
 *   npm run bench:parent-reports      (BENCH_PUPILS=30, BENCH_RUNS=10)
 *
 * Starts its own gateway, identity, pupil-records and assessment on DATABASE_URL/NATS_URL,
 * in databases and a stream of its own, and removes it all afterwards.
 */
import { FrameworkView } from '@pt/contracts';
import { World } from '@pt/testing';
import { parentReportPdf } from '../../apps/assessment/src/parent-reports/parent-report-pdf';
import { attendanceInWords, ReportContent } from '../../apps/assessment/src/parent-reports/parent-report-content';
import { summarise } from './latency';

const PUPILS = Number(process.env.BENCH_PUPILS ?? 30);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const MEASURES = 12;
const TARGET_MS = 5000;

async function main(): Promise<void> {
  const world = await World.start({
    label: 'benchreports',
    processes: ['gateway', 'identity', 'pupil-records', 'assessment'],
  });
  try {
    const school = await world.school({ signed: true, name: 'Bench Academy' });
    const admin = await world.staff(school, ['school-admin']);
    const head = await world.staff(school, ['senior-leader']);
    const classId = await world.classGroup(admin, '11B');
    const pupils: string[] = [];
    for (let i = 0; i < PUPILS; i++) {
      const attendance = i % 5 === 0 ? null : { possibleSessions: 300, attendedSessions: 270 + (i % 30) };
      pupils.push((await world.pupil(admin, { classGroupId: classId, yearGroup: '11', attendance })).id);
    }
    let framework = (
      await world.call(head, 'POST', '/api/v1/assessment/frameworks', { academicYear: '2026/27', name: 'Year 11' })
    ).body as FrameworkView;
    framework = (
      await world.call(head, 'POST', `/api/v1/assessment/frameworks/${framework.id}/templates`, {
        templateKey: 'gcse-9-1',
      })
    ).body as FrameworkView;
    const scale = framework.gradeScales[0].id;
    for (let m = framework.measures.length; m < MEASURES; m++) {
      framework = (
        await world.call(head, 'POST', `/api/v1/assessment/frameworks/${framework.id}/measures`, {
          name: `Subject ${m + 1}`,
          gradeScaleId: scale,
        })
      ).body as FrameworkView;
    }
    for (const [name, date] of [
      ['Autumn', '2026-11-20'],
      ['Spring', '2027-03-20'],
    ]) {
      framework = (
        await world.call(head, 'POST', `/api/v1/assessment/frameworks/${framework.id}/points`, { name, date })
      ).body as FrameworkView;
    }
    const [autumn, spring] = framework.points.map((p) => p.id);
    const grade = (i: number, m: number, plus: number) => String(Math.min(9, 2 + ((i + m) % 6) + plus));
    for (const [pointId, plus] of [
      [autumn, 0],
      [spring, 1],
    ] as const) {
      const saved = await world.call(head, 'PUT', `/api/v1/assessment/points/${pointId}/results`, {
        cells: pupils.flatMap((pupilId, i) =>
          framework.measures.map((measure, m) => ({ pupilId, measureId: measure.id, value: grade(i, m, plus) })),
        ),
      });
      if (saved.status !== 200) throw new Error(`grid answered ${saved.status}: ${saved.text}`);
    }
    for (const measure of framework.measures) {
      for (const [i, pupilId] of pupils.entries()) {
        await world.call(head, 'PUT', `/api/v1/assessment/measures/${measure.id}/pupils/${pupilId}/targets`, {
          targets: [
            { kind: 'minimum', value: grade(i, 0, 2) },
            { kind: 'aspirational', value: grade(i, 0, 3) },
          ],
        });
      }
    }
    await world.call(head, 'PUT', `/api/v1/assessment/frameworks/${framework.id}/on-track-rule`, {
      kind: 'straight-line',
      baselinePointId: autumn,
      targetKind: 'minimum',
      tolerance: 0.5,
    });
    const comments = pupils.map((pupilId) => ({
      pupilId,
      comment: 'Works steadily and contributes well in lessons; revising earlier topics will secure the next grade.',
    }));

    const issue = async () => {
      const reply = await world.call(head, 'POST', `/api/v1/assessment/points/${spring}/parent-reports/class`, {
        classGroupId: classId,
        teacherComments: comments,
      });
      if (reply.status !== 201 || reply.body.reports.length !== PUPILS) {
        throw new Error(`class reports answered ${reply.status}: ${reply.text.slice(0, 300)}`);
      }
    };
    await issue(); // warm-up: connections, statement plans, JIT
    const samples: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      await issue();
      samples.push(performance.now() - started);
    }
    const service = summarise(samples);

    const content = (i: number): ReportContent => ({
      schoolName: 'Bench Academy',
      pupilName: `Pupil ${i}`,
      yearGroup: '11',
      academicYear: '2026/27',
      pointName: 'Spring',
      pointDate: '2027-03-20',
      measures: framework.measures.map((measure, m) => ({
        name: measure.name,
        value: grade(i, m, 1),
        inWords: `Grade ${grade(i, m, 1)}, at the expected standard`,
        targets: `aspirational ${grade(i, 0, 3)}, minimum ${grade(i, 0, 2)}`,
        onTrack:
          'On track: 6 points now, against 5.5 expected at this point on the way from 4 to the minimum target of 7 (allowing 0.5 below)',
      })),
      attendance: attendanceInWords({ possibleSessions: 300, attendedSessions: 280, percentage: 93.3 }),
      teacherComment: comments[0].comment,
      issuedOn: '2027-03-25',
    });
    const floorSamples: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      const started = performance.now();
      for (let i = 0; i < PUPILS; i++) parentReportPdf(content(i));
      if (run > 0) floorSamples.push(performance.now() - started);
    }
    const floor = summarise(floorSamples);
    console.log(
      `${PUPILS} reports for a class, ${MEASURES} measures each, ${RUNS} runs:\n` +
        `  service (gateway, bus, pupil-records, one query, render, archive, events): p50 ${service.p50.toFixed(0)} ms, ` +
        `max ${Math.max(...samples).toFixed(0)} ms  ${Math.max(...samples) < TARGET_MS ? 'ok' : 'OVER TARGET'} (target < ${TARGET_MS} ms)\n` +
        `  floor (the same PDFs rendered in-process, nothing else): p50 ${floor.p50.toFixed(1)} ms, max ${Math.max(...floorSamples).toFixed(1)} ms`,
    );
    console.log(JSON.stringify({ pupils: PUPILS, measures: MEASURES, runs: RUNS, service, floor }));
  } finally {
    await world.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
