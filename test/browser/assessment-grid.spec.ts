// Issue 18, school staff: the assessment grid takes a paste from a spreadsheet. The school
// admin pastes a 2 × 3 block (tab-separated, as a spreadsheet puts it on the clipboard) with
// one bad grade; Save refuses, the error is shown in words next to that cell and nothing is
// saved; the cell is corrected, Save is confirmed, and the API holds the six results.
import type { Page } from '@playwright/test';
import { newPupil, nextUpn } from '../../libs/testing/src/world/pupil-fields';
import { attemptOf, checkPage, expect, signIn, test } from './browser-world';

/** The API called with the signed-in browser's own cookies and CSRF header (as the console calls it). */
async function callApi<T>(page: Page, baseUrl: string, method: 'GET' | 'POST', path: string, body?: unknown) {
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
  points: { id: string }[];
  measures: { id: string; name: string }[];
}

test('a pasted 2 × 3 block with one bad grade shows the error on that cell and saves nothing until it is fixed', async ({
  page,
  world,
}, testInfo) => {
  const attempt = attemptOf(testInfo.retry);
  await signIn(page, world.users.gridAdmin, world.password);
  const call = <T>(method: 'GET' | 'POST', path: string, body?: unknown) =>
    callApi<T>(page, world.baseUrl, method, path, body);

  // A framework of its own (steps: Reading, Writing, Mathematics), one point, and a class of two pupils.
  const created = await call<Framework>('POST', '/api/v1/assessment/frameworks', {
    academicYear: attempt.academicYear,
    name: `Browser grid ${attempt.academicYear}`,
  });
  await call('POST', `/api/v1/assessment/frameworks/${created.id}/templates`, { templateKey: 'steps' });
  const framework = await call<Framework>('POST', `/api/v1/assessment/frameworks/${created.id}/points`, {
    name: 'Autumn grid',
    date: attempt.dateIn('10-23'),
  });
  const pointId = framework.points[0].id;
  const group = await call<{ id: string }>('POST', '/api/v1/class-groups', {
    name: `Grid 4G ${attempt.academicYear}`,
    yearGroup: '4',
  });
  for (const forename of ['Ada', 'Ben']) {
    // UPNs of an LA and school of this file's own, apart from the seeded pupils'.
    await call(
      'POST',
      '/api/v1/pupils',
      newPupil({
        upn: nextUpn('938', attempt.establishment('4321')),
        legalForename: forename,
        legalSurname: 'Gridley',
        yearGroup: '4',
        classGroupId: group.id,
      }),
    );
  }

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Assessment' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Assessment' })).toBeVisible();
  await page.getByLabel('Framework').selectOption(created.id);
  await page.getByLabel('Assessment point').selectOption(pointId);
  await page.getByLabel('Class group').selectOption(group.id);

  const first = page.getByLabel('Reading, Gridley, Ada', { exact: true });
  await expect(first).toBeVisible();
  await first.focus();
  // What a spreadsheet puts on the clipboard for two rows of three cells.
  await first.evaluate((input) => {
    // The browser's own classes (the project's type-check has no DOM library).
    const { DataTransfer, ClipboardEvent } = globalThis as unknown as {
      DataTransfer: new () => { setData(type: string, data: string): void };
      ClipboardEvent: new (type: string, init: object) => Parameters<typeof input.dispatchEvent>[0];
    };
    const data = new DataTransfer();
    data.setData('text/plain', 'SEC\tDEV\tMAS\nEMG\tSCE\tSEC\n');
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(page.getByRole('status').filter({ hasText: 'Pasted 6 values' })).toBeVisible();
  await expect(page.getByLabel('Mathematics, Gridley, Ben', { exact: true })).toHaveValue('SEC');

  const bad = page.getByLabel('Writing, Gridley, Ben', { exact: true });
  await expect(bad).toHaveValue('SCE');
  await page.getByRole('button', { name: 'Save results' }).click();
  await expect(bad).toHaveAttribute('aria-invalid', 'true');
  await expect(bad).toHaveAccessibleDescription(/must be one of the scale's grade codes: EMG, DEV, SEC, MAS/);
  await expect(page.getByRole('alert')).toContainText('Writing, Gridley, Ben');
  expect(await call<unknown[]>('GET', `/api/v1/assessment/points/${pointId}/results`)).toEqual([]);
  await checkPage(page, 'Assessment', 'assessment-grid-paste-error');

  await bad.fill('SEC');
  await expect(bad).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Save results' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved: 6 new results' })).toBeVisible();
  const saved = await call<{ pupilId: string; measureId: string; value: string }[]>(
    'GET',
    `/api/v1/assessment/points/${pointId}/results`,
  );
  expect(saved.map((result) => result.value).sort()).toEqual(['DEV', 'EMG', 'MAS', 'SEC', 'SEC', 'SEC']);
  await checkPage(page, 'Assessment', 'assessment-grid-saved');
});
