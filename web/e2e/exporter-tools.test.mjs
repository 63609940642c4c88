// Exporters' tools in the browser: screening of one name with its explained match, a CSV file screened
// in batches with a progress bar and a CSV result to download, and the due-diligence report.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchBrowser, newPage, screenshot, signIn, startServer } from './harness.mjs';

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser, server.base);
  await signIn(page, server.tokens['erik.exporter']);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Screening', exact: true }).click();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('one name shows its match and why', async () => {
  await page.getByLabel('Name', { exact: true }).fill('Fictitskiy Boris');
  await page.getByRole('button', { name: 'Screen', exact: true }).click();
  const row = page.locator('tr', { hasText: 'FICTITSKY' });
  await row.waitFor();
  assert.match(await row.innerText(), /us-csl/);
  await page.getByLabel('Name', { exact: true }).fill('Jane Nobody');
  await page.getByRole('button', { name: 'Screen', exact: true }).click();
  await page.getByText('No listed entity resembles "Jane Nobody"').waitFor();
});

test('a CSV file is screened with progress and a result to download', async () => {
  // 150 rows: two batches of at most 100, so the progress passes through 100 of 150.
  const rows = ['id,name,country'];
  for (let i = 1; i <= 148; i += 1) rows.push(`R${i},Person Number ${i},DE`);
  rows.push('R149,"Fictional Shipping Co.",AE', 'R150,"Smith, ""Jo""",GB');
  await page.getByLabel('CSV file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await page.getByRole('button', { name: 'Screen the file' }).click();
  await page.getByText('Screened 150 names:').waitFor();
  assert.equal(await page.locator('#screen-progress').getAttribute('value'), '150');
  await screenshot(page, 'exporter-screening-csv');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the results (CSV)' }).click()]);
  const text = await readFile(await download.path(), 'utf8');
  const lines = text.trim().split('\r\n');
  assert.equal(lines[0], 'id,name,list,source_id,matched_name,score');
  assert.ok(lines.some((line) => line.startsWith('R149,Fictional Shipping Co.,us-csl,DEMO-004')), text);
});

test('a malformed file is refused with where the problem is', async () => {
  await page.getByLabel('CSV file').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('id,surname\n1,Smith\n') });
  await page.getByRole('button', { name: 'Screen the file' }).click();
  await page.getByRole('alert').getByText('broken.csv: line 1: the header has no "name" column').waitFor();
});

test('the due-diligence report says what is done and what is left', async () => {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Due diligence', exact: true }).click();
  await page.getByRole('button', { name: 'Produce the report' }).click();
  await page.getByRole('alert').getByText('Choose the application to check').waitFor();
  await page.getByLabel('Application').selectOption({ label: 'NWS-2026-017 (APP-2026-000001)' });
  await page.getByLabel('We have a human-rights policy commitment').check();
  await page.getByRole('button', { name: 'Produce the report' }).click();
  const commit = page.locator('.govuk-summary-card', { hasText: 'Commit to respecting human rights' });
  await commit.getByText('Done', { exact: true }).waitFor();
  // Steps left unticked are still to do; the summary counts the actions.
  assert.ok((await page.locator('.govuk-tag', { hasText: 'Action required' }).count()) >= 4);
  const open = Number(await page.locator('.govuk-summary-list__row', { hasText: 'Actions still to take' }).locator('dd').innerText());
  assert.ok(open > 0, 'the report counts the actions still to take');
  await screenshot(page, 'exporter-diligence-report');
});
