// Issue 18, school staff: a CTF import through the console. The school admin chooses a small
// generated file with one bad UPN, uploads it, watches the job's progress bar reach 100%,
// and reads the report: the counts, and the rejected pupil named by UPN with the reason in
// words (never by name, and nothing about the pupils in the address).
import { expectedPupil, generateCtfBuffer } from '../../apps/pupil-records/src/ctf/ctf-generator';
import { attemptOf, checkPage, expect, signIn, test } from './browser-world';

test('P15: a school admin imports a CTF, sees its progress, then the report with the rejection by UPN', async ({
  page,
  world,
}, testInfo) => {
  // A block of UPNs of its own (and of this attempt's), so that the seeded pupils and other runs are not matched.
  const options = { pupils: 4, seed: 18, upnBlock: attemptOf(testInfo.retry).upnBlock(8), invalidUpnAt: [2] };
  const file = await generateCtfBuffer(options);
  const badUpn = expectedPupil(options, 2).upn;

  await signIn(page, world.users.importAdmin, world.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import pupils' }).click();
  await expect(page).toHaveURL(/\/pupils\/import$/);
  await checkPage(page, 'Import pupils', 'pupil-import');

  // Importing with no file chosen is explained next to the field.
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('Choose a file to import')).toBeVisible();

  await page
    .getByLabel('File to import')
    .setInputFiles({ name: 'from-mis.xml', mimeType: 'application/xml', buffer: file });
  await page.getByRole('button', { name: 'Import', exact: true }).click();

  const bar = page.getByRole('progressbar', { name: 'Import progress' });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByRole('status').filter({ hasText: 'Finished' })).toContainText('4 pupils read');

  const report = page.getByRole('region', { name: 'Report' });
  await expect(report.getByRole('definition').nth(0)).toHaveText('3');
  await expect(report.getByText('Rejected', { exact: true })).toBeVisible();
  const rejections = report.getByRole('table', { name: /Rejected pupils/ });
  await expect(rejections.getByRole('row')).toHaveCount(2);
  const row = rejections.getByRole('row').nth(1);
  await expect(row.getByRole('rowheader')).toHaveText(badUpn);
  await expect(row).toContainText('UPN check letter does not match');
  await expect(row).toContainText('Number 3');
  expect(page.url()).not.toContain(badUpn);
  await checkPage(page, 'Import pupils', 'pupil-import-report');
});
