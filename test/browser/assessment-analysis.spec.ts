// Issue 18, school staff: assessment analysis and parent reports. The spec's own senior leader
// enters, through the API, a framework of its own year (steps: Reading), two points and a class
// of ten pupils, five disadvantaged (FSM in the last six years) and two with EAL; every pupil is
// Developing in the autumn, and in the summer 2 of the 5 disadvantaged and 4 of the other 5 are
// Secure or above. The console's chart and its table must show those figures (40% against 80%,
// a gap of 40 percentage points, 2 pupils; progress +0.2 against +1), hide the EAL groups as
// [c], and the heat map's Developing → Developing cell must list exactly the three pupils who
// stayed there; then one pupil's parent report is issued and downloaded, and the file is a PDF
// of that pupil's report.
import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { pdfText } from '../../libs/platform/src/pdf/simple-pdf';
import { newPupil, nextUpn } from '../../libs/testing/src/world/pupil-fields';
import { attemptOf, checkPage, expect, signIn, test } from './browser-world';

/** The API called with the signed-in browser's own cookies and CSRF header (as the console calls it). */
async function callApi<T>(page: Page, baseUrl: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((cookie) => cookie.name.endsWith('pt_csrf'))?.value ?? '';
  const reply = await page.request.fetch(`${baseUrl}${path}`, {
    method,
    data: body,
    headers: { 'x-csrf-token': csrf, origin: baseUrl },
  });
  return { status: reply.status(), text: await reply.text(), body: (await reply.json().catch(() => null)) as T };
}

interface Framework {
  id: string;
  points: { id: string; name: string }[];
  measures: { id: string; name: string }[];
}

// [forename, disadvantaged, EAL, summer result]; every pupil is DEV in the autumn.
const PUPILS: Array<[string, boolean, boolean, string]> = [
  ['Dara', true, true, 'SEC'],
  ['Dev', true, false, 'DEV'],
  ['Dina', true, false, 'DEV'],
  ['Dom', true, false, 'EMG'],
  ['Dot', true, false, 'SEC'],
  ['Omar', false, true, 'SEC'],
  ['Olly', false, false, 'SEC'],
  ['Orla', false, false, 'MAS'],
  ['Otto', false, false, 'SEC'],
  ['Owen', false, false, 'DEV'],
];

test('gap and progress charts show the entered figures, a heat-map cell lists its pupils, a parent report downloads as a PDF', async ({
  page,
  world,
}, testInfo) => {
  test.setTimeout(120_000);
  // A past year (its summer point is over), and before it on a retry.
  const attempt = attemptOf(testInfo.retry, 2023, -1);
  await signIn(page, world.users.analysis, world.password);
  const call = async <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => {
    const reply = await callApi<T>(page, world.baseUrl, method, path, body);
    expect(reply.status, `${method} ${path}: ${reply.status} ${reply.text}`).toBeLessThan(300);
    return reply.body;
  };

  // A year of its own: a school has one framework per academic year, and other specs make theirs.
  const created = await call<Framework>('POST', '/api/v1/assessment/frameworks', {
    academicYear: attempt.academicYear,
    name: `Browser analysis ${attempt.academicYear}`,
  });
  await call('POST', `/api/v1/assessment/frameworks/${created.id}/templates`, { templateKey: 'steps' });
  await call('POST', `/api/v1/assessment/frameworks/${created.id}/points`, {
    name: 'Autumn',
    date: attempt.dateIn('10-20'),
  });
  const framework = await call<Framework>('POST', `/api/v1/assessment/frameworks/${created.id}/points`, {
    name: 'Summer',
    date: attempt.dateIn('06-28'),
  });
  const autumn = framework.points.find((p) => p.name === 'Autumn')!.id;
  const summer = framework.points.find((p) => p.name === 'Summer')!.id;
  const reading = framework.measures.find((m) => m.name === 'Reading')!.id;
  const group = await call<{ id: string }>('POST', '/api/v1/class-groups', {
    name: `Analysis 5A ${attempt.academicYear}`,
    yearGroup: '5',
  });
  const ids = new Map<string, string>();
  for (const [forename, disadvantaged, eal] of PUPILS) {
    const pupil = await call<{ id: string }>(
      'POST',
      '/api/v1/pupils',
      newPupil({
        upn: nextUpn('938', attempt.establishment('4322')),
        legalForename: forename,
        legalSurname: 'Analyst',
        yearGroup: '5',
        classGroupId: group.id,
        fsm: disadvantaged,
        fsm6: disadvantaged,
        eal,
      }),
    );
    ids.set(forename, pupil.id);
  }
  for (const [pointId, value] of [
    [autumn, () => 'DEV'],
    [summer, (summerValue: string) => summerValue],
  ] as const) {
    const cells = PUPILS.map(([forename, , , summerValue]) => ({
      pupilId: ids.get(forename)!,
      measureId: reading,
      value: value(summerValue),
    }));
    // Assessment learns of new pupils from pupil-records' events: saved once it has.
    await expect
      .poll(
        async () =>
          (await callApi(page, world.baseUrl, 'PUT', `/api/v1/assessment/points/${pointId}/results`, { cells })).status,
      )
      .toBe(200);
  }

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analysis', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Assessment analysis' })).toBeVisible();
  await page.getByLabel('Framework').selectOption(created.id);
  await page.getByLabel('Measure').selectOption(reading);
  await page.getByLabel('Assessment point').selectOption(summer);
  await page.getByLabel('Progress since').selectOption(autumn);
  await expect(page.getByText('10 pupils with a result; 6 at expected or above (60%)')).toBeVisible();

  const gaps = page.getByRole('table', { name: /share at expected or above by disadvantaged: the figures/ });
  const disadvantaged = gaps.getByRole('row', { name: /^Disadvantaged/ });
  await expect(disadvantaged.getByRole('cell')).toHaveText([
    '5',
    '2',
    '40%',
    '40 percentage points below the rest (2 pupils short)',
  ]);
  await expect(gaps.getByRole('row', { name: /^Not disadvantaged/ }).getByRole('cell')).toHaveText([
    '5',
    '4',
    '80%',
    '40 percentage points above the rest (2 pupils ahead)',
  ]);
  // The picture carries the same figures as its name.
  const chart = page.getByRole('img', { name: /share at expected or above by disadvantaged/ });
  await expect(chart).toHaveAttribute('aria-label', /[:;] Disadvantaged 40% \(5 pupils\)/);
  await expect(chart).toHaveAttribute('aria-label', /[:;] Not disadvantaged 80% \(5 pupils\)/);
  const progress = page.getByRole('table', { name: /average progress from Autumn to Summer by disadvantaged/ });
  await expect(progress.getByRole('row', { name: /^Disadvantaged/ }).getByRole('cell')).toHaveText(['5', '+0.2']);
  await expect(progress.getByRole('row', { name: /^Not disadvantaged/ }).getByRole('cell')).toHaveText(['5', '+1']);
  await checkPage(page, 'Assessment analysis', 'assessment-analysis-gaps');

  // Two pupils with EAL: both EAL groups are hidden ([c]), the second so the first cannot be worked out.
  await page.getByLabel('Compare groups by').selectOption('eal');
  const eal = page.getByRole('table', { name: /by english as an additional language: the figures/ });
  await expect(eal.getByRole('row', { name: /^EAL/ }).getByRole('cell').first()).toHaveText('[c]');
  await expect(
    eal
      .getByRole('row', { name: /^Not EAL/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('[c]');

  // The heat map: Autumn (rows) to Summer (columns); every pupil started Developing.
  const heatMap = page.getByRole('table', { name: /Reading: Autumn \(rows\) to Summer \(columns\), 10 pupils/ });
  await expect(heatMap).toBeVisible();
  await expect(heatMap.getByRole('button', { name: /^5 pupils: .* at Autumn, .* at Summer$/ })).toBeVisible();
  const stayed = heatMap.getByRole('button', { name: /^3 pupils: / });
  await stayed.focus();
  await page.keyboard.press('Enter');
  await expect(stayed).toHaveAttribute('aria-pressed', 'true');
  const cellPupils = page.getByRole('region', { name: /^Pupils: / });
  await expect(cellPupils.getByRole('heading')).toBeFocused();
  const links = cellPupils.getByRole('link');
  // In whatever order the API lists them, each by name once its details have come.
  await expect
    .poll(async () => (await links.allInnerTexts()).sort())
    .toEqual(['Analyst, Dev', 'Analyst, Dina', 'Analyst, Owen']);
  await expect(cellPupils.getByRole('link', { name: 'Analyst, Owen' })).toHaveAttribute(
    'href',
    `/pupils/${ids.get('Owen')}`,
  );
  await checkPage(page, 'Assessment analysis', 'assessment-analysis-heat-map');

  await cellPupils.getByRole('link', { name: 'Analyst, Owen' }).click();
  await checkPage(page, /Owen/, 'assessment-analysis-drill-down-pupil');

  // Parent reports: one pupil's, issued and downloaded.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Parent reports' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Parent reports' })).toBeVisible();
  await page.getByLabel('Framework').selectOption(created.id);
  await page.getByLabel('Assessment point').selectOption(summer);
  await page.getByLabel('Class group').selectOption(group.id);
  await page.getByLabel('Analyst, Dara').check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Issue and download reports for the chosen pupils (1)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^parent-report-[0-9a-f-]{36}\.pdf$/);
  const text = pdfText(await readFile(await download.path())).join('\n');
  expect(text).toContain('Pupil: Dara Analyst, Year 5');
  expect(text).toContain('Reading');
  await expect(page.getByRole('status').filter({ hasText: 'Issued 1 report, and downloaded it.' })).toBeVisible();
  await expect(page.getByRole('row', { name: /^Analyst, Dara/ })).toBeVisible();
  await checkPage(page, 'Parent reports', 'assessment-parent-reports');
});
