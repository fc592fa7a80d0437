// Issue 18, school staff: a pupil's tracking across measures and points. On a school of its
// own, the admin makes a framework (steps: Reading, Writing, Mathematics) with three points, a
// pupil with results and a target, and a straight-line on-track rule through the API; the
// pupil's page shows the Tracking table: each result with its band in words, and on track or
// not with the figures behind it, or no verdict and why.
import type { Page } from '@playwright/test';
import { newPupil, nextUpn } from '../../libs/testing/src/world/pupil-fields';
import { attemptOf, checkPage, expect, signIn, test } from './browser-world';
import { trackingWorld } from './tracking-world';

const tracking = trackingWorld();

/** The API called with the signed-in browser's own cookies and CSRF header (as the console calls it). */
async function callApi<T>(page: Page, baseUrl: string, method: 'POST' | 'PUT', path: string, body?: unknown) {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((cookie) => cookie.name.endsWith('pt_csrf'))?.value ?? '';
  const reply = await page.request.fetch(`${baseUrl}${path}`, {
    method,
    data: body,
    headers: { 'x-csrf-token': csrf, origin: baseUrl },
  });
  expect(reply.ok(), `${method} ${path}: ${reply.status()} ${await reply.text()}`).toBe(true);
  return (await reply.json()) as T;
}

interface Framework {
  id: string;
  points: { id: string; name: string }[];
  measures: { id: string; name: string }[];
}

test("a pupil's page shows their tracking: bands in words and on-track with its explanation", async ({
  page,
  world,
}, testInfo) => {
  const attempt = attemptOf(testInfo.retry);
  // Its own framework, pupil, results, target and rule through the API first: room for a busy machine.
  test.setTimeout(90_000);
  await signIn(page, tracking.admin, world.password);
  const call = <T>(method: 'POST' | 'PUT', path: string, body?: unknown) =>
    callApi<T>(page, world.baseUrl, method, path, body);

  const created = await call<Framework>('POST', '/api/v1/assessment/frameworks', {
    academicYear: attempt.academicYear,
    name: `Fernside ${attempt.academicYear}`,
  });
  await call('POST', `/api/v1/assessment/frameworks/${created.id}/templates`, { templateKey: 'steps' });
  let framework = created;
  for (const [name, date] of [
    ['Baseline', attempt.dateIn('09-01')],
    ['Autumn 1', attempt.dateIn('10-21')],
    ['Autumn 2', attempt.dateIn('12-10')],
  ]) {
    framework = await call<Framework>('POST', `/api/v1/assessment/frameworks/${created.id}/points`, { name, date });
  }
  const point = (name: string) => framework.points.find((p) => p.name === name)!.id;
  const measure = (name: string) => framework.measures.find((m) => m.name === name)!.id;
  const pupil = await call<{ id: string }>(
    'POST',
    '/api/v1/pupils',
    newPupil({
      upn: nextUpn('938', attempt.establishment('4322')),
      legalForename: 'Tomos',
      legalSurname: 'Tracker',
      yearGroup: '5',
    }),
  );
  await call('PUT', `/api/v1/assessment/points/${point('Baseline')}/results`, {
    cells: [{ pupilId: pupil.id, measureId: measure('Reading'), value: 'DEV' }],
  });
  await call('PUT', `/api/v1/assessment/points/${point('Autumn 1')}/results`, {
    cells: [
      { pupilId: pupil.id, measureId: measure('Reading'), value: 'SEC' },
      { pupilId: pupil.id, measureId: measure('Writing'), value: 'EMG' },
    ],
  });
  await call('PUT', `/api/v1/assessment/measures/${measure('Reading')}/pupils/${pupil.id}/targets`, {
    targets: [{ kind: 'minimum', value: 'MAS' }],
  });
  await call('PUT', `/api/v1/assessment/frameworks/${created.id}/on-track-rule`, {
    kind: 'straight-line',
    baselinePointId: point('Baseline'),
    targetKind: 'minimum',
    tolerance: 0,
  });

  await page.goto(`/pupils/${pupil.id}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Tracking' })).toBeVisible();
  await expect(
    page.getByText(
      /Fernside \d{4}\/\d{2}\. On track means a result on or above the straight line from the result at Baseline to the minimum target\./,
    ),
  ).toBeVisible();
  const table = page.getByRole('table', { name: /Results by measure and assessment point/ });
  await expect(table.getByRole('columnheader')).toHaveText([
    'Measure',
    'Targets',
    /^Baseline/,
    /^Autumn 1/,
    /^Autumn 2/,
  ]);
  const reading = table.getByRole('row', { name: /^Reading/ });
  // Reading: Developing (2) at the baseline, target Mastery (4); half way by Autumn 1 is 3, and Secure is 3.
  await expect(reading.getByRole('cell').nth(0)).toHaveText('minimum: MAS');
  const autumn1 = reading.getByRole('cell').nth(2);
  await expect(autumn1).toContainText('Secure (SEC)');
  await expect(autumn1).toContainText('At expected standard');
  await expect(autumn1).toContainText('On track');
  await expect(autumn1).toContainText(
    "Expected 3 points by now (50% of the way from 2 to the target's 4); the result has 3.",
  );
  await expect(reading.getByRole('cell').nth(1)).toContainText('Working towards expected');
  await expect(reading.getByRole('cell').nth(3)).toHaveText('—No result for Reading at Autumn 2');
  // Writing has no baseline result: no verdict, and why.
  const writing = table
    .getByRole('row', { name: /^Writing/ })
    .getByRole('cell')
    .nth(2);
  await expect(writing).toContainText('Emerging (EMG)');
  await expect(writing).toContainText('Below expected');
  await expect(writing).toContainText('No verdict');
  await expect(writing).toContainText('Not judged: no result at the baseline point.');
  await checkPage(page, 'Tracker, Tomos', 'pupil-tracking');
});
