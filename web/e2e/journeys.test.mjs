// The journeys of issue 13 in a real browser against a real server: an exporter applies, an
// officer assigns, screens and asks, the exporter answers, the officer recommends refusal and a
// senior officer decides; a civil-society submission reaches the officer.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchBrowser, newPage, screenshot, signIn, signOut, startServer } from './harness.mjs';

let server;
let browser;
let page;
const reference = 'E2E-PROBES-001';
let caseId;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser, server.base);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(page?.problems ?? [], [], 'the pages raised script or console errors');
});

afterEach(async (t) => {
  // A failing step leaves a picture of where it stopped.
  if (page && !t.passed) await screenshot(page, `failed-${t.name.replace(/[^a-z]+/gi, '-').slice(0, 60)}`);
});

const heading = (text) => page.getByRole('heading', { level: 1, name: text });
const radio = (legend, label) => page.getByRole('group', { name: legend }).getByLabel(label, { exact: true });

test('an exporter fills in the task list and submits the application', async () => {
  await signIn(page, server.tokens['erik.exporter']);
  await heading('Your applications').waitFor();
  await page.getByRole('button', { name: 'Start a new application' }).click();
  await page.getByRole('button', { name: 'Create the draft' }).click();
  // Empty required fields are named in the error summary, which takes the focus.
  await assert.doesNotReject(page.getByRole('alert').getByText('Enter your reference for this application').waitFor());
  await page.getByLabel('Your reference').fill(reference);
  await page.getByLabel("Exporter's name").fill('Northwind Sensors Ltd (fictional)');
  await page.getByLabel("Exporter's country").fill('DE');
  await page.getByLabel('Country of final destination').fill('RU');
  await page.getByLabel('The first item').fill('IP traffic monitoring probes with deep packet inspection');
  await page.getByLabel('Its control-list entry').fill('5A001.j');
  await page.getByRole('button', { name: 'Create the draft' }).click();
  await heading(`Application ${reference}`).waitFor();
  caseId = new URL(page.url()).pathname.split('/').pop();
  assert.match(caseId, /^APP-\d{4}-\d{6}$/);

  // What the assessment still needs shows against its section before submission.
  const parties = page.locator('.govuk-task-list__item', { hasText: 'End user and other parties' });
  await parties.getByText('Incomplete').waitFor();
  await screenshot(page, 'exporter-task-list');

  await page.getByRole('link', { name: 'End user and other parties', exact: true }).click();
  await page.getByRole('button', { name: 'Add a party' }).click();
  await page.getByLabel('Role').selectOption('end_user');
  await page.getByLabel('Full name as registered').fill('Fictitious Surveillance Systems LLC');
  await page.getByLabel('Type').selectOption('company');
  await page.getByLabel('Country').fill('RU');
  await page.getByLabel('Postal address').fill('1 Imaginary Road, Testograd');
  await page.getByRole('button', { name: 'Save and go back' }).click();
  await parties.getByText('Completed').waitFor();

  await page.getByRole('link', { name: 'End use', exact: true }).click();
  await page.getByLabel('Kind of end use').selectOption('public_order');
  await page.getByLabel('What the end user will use the items for').fill('A city-wide monitoring system');
  await page.getByRole('button', { name: 'Save and go back' }).click();
  await heading(`Application ${reference}`).waitFor();

  await page.getByRole('link', { name: "The end user's assurances", exact: true }).click();
  await radio('The end user signs an end-use statement', 'Given').check();
  await radio('The end user will not re-export without consent', 'Given').check();
  await radio('The end user accepts on-site checks after delivery', 'Given').check();
  await page.getByRole('button', { name: 'Save and go back' }).click();
  await heading(`Application ${reference}`).waitFor();

  await page.getByRole('link', { name: 'Due-diligence questions', exact: true }).click();
  await radio('Is the end user credibly linked to repression or serious human-rights violations?', 'No').check();
  await radio('Could the items be used against journalists, defenders, lawyers, opponents or minorities?', 'No').check();
  await radio('Do you know of an intention to use the items for repression or serious violations?', 'No').check();
  await page.getByRole('button', { name: 'Save and go back' }).click();
  await page.getByText('The application has everything the assessment needs.').waitFor();
  assert.equal(await page.getByText('Incomplete').count(), 0);

  await page.getByRole('button', { name: 'Submit the application' }).click();
  await page.locator('.govuk-summary-list .govuk-tag', { hasText: 'Submitted' }).waitFor();
  await screenshot(page, 'exporter-application-submitted');
  await signOut(page);
});

test('an officer assigns the case, dismisses a hit, reads the assessment and asks for information', async () => {
  await signIn(page, server.tokens['olga.officer']);
  await heading('Queue').waitFor();
  const row = page.locator('tr', { hasText: reference });
  await row.getByRole('button', { name: `Assign to me ${reference}` }).click();
  await page.getByText(`${reference} is assigned to you.`).waitFor();
  await row.getByText('olga.officer').waitFor();
  await screenshot(page, 'officer-queue');

  // The "mine" tab holds it; the state filter lives in the address.
  await page.getByRole('link', { name: 'Assigned to me', exact: true }).click();
  await page.locator('tr', { hasText: reference }).waitFor();
  await page.getByLabel('State').selectOption('recommended');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  // The filtered table has the demo case (recommended) and not the submitted one; the filter
  // lives in the address (the test waits on the page, not on the address: the app changes it
  // with pushState, which a navigation wait does not always see).
  await page.locator('tr', { hasText: reference }).waitFor({ state: 'detached' });
  await page.locator('tr', { hasText: 'NWS-2026-017' }).waitFor();
  assert.match(page.url(), /tab=mine/);
  assert.match(page.url(), /state=recommended/);
  await page.getByRole('link', { name: 'Clear filters', exact: true }).click();
  await page.locator('tr', { hasText: reference }).waitFor();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as CSV' }).click()]);
  assert.equal(csv.suggestedFilename(), 'queue.csv');
  const exported = await readFile(await csv.path(), 'utf8');
  assert.match(exported, new RegExp(`${caseId}.*${reference}|${reference}.*${caseId}`), 'the export holds the tab\'s cases');
  // The export follows the tab: the demo case assigned to nobody is not "mine".
  assert.match(exported, /NWS-2026-017/);
  assert.doesNotMatch(exported, /BBN-2026-003/);

  await page.getByRole('link', { name: reference, exact: true }).click();
  await page.getByRole('button', { name: 'Start the review' }).click();
  await page.getByText('You are reviewing the case.').waitFor();

  await page.getByRole('link', { name: 'Parties and screening', exact: true }).click();
  const hit = page.locator('.echri-hit').first();
  await hit.getByText('Open', { exact: true }).waitFor();
  await hit.getByText('Why it matched').waitFor();
  await hit.getByLabel('Dismiss: a different entity').check();
  await hit.getByLabel('Reason').fill('Registered in another city under a different registration number');
  await hit.getByRole('button', { name: 'Record decision on this match' }).click();
  await hit.getByText('Dismissed', { exact: true }).waitFor();
  await hit.getByText('Registered in another city').waitFor();
  await screenshot(page, 'officer-case-parties');

  await page.getByRole('link', { name: 'Assessment', exact: true }).click();
  await page.getByRole('heading', { name: 'What contributes to the risk' }).waitFor();
  assert.ok((await page.locator('.echri-factor').count()) >= 3, 'the factor chart shows the factors');
  await screenshot(page, 'officer-case-assessment');

  await page.getByRole('link', { name: 'Destination', exact: true }).click();
  await page.getByRole('heading', { name: 'Russian Federation' }).waitFor();
  await screenshot(page, 'officer-case-destination');

  await page.getByRole('link', { name: 'Information requests', exact: true }).click();
  await page.getByLabel('Question').fill('Please send the signed end-use statement.');
  await page.getByRole('button', { name: 'Send the request' }).click();
  await page.getByText('The request has been sent to the exporter.').waitFor();
  await page.getByText('Please send the signed end-use statement.').waitFor();
  await signOut(page);
});

test('the exporter answers the question', async () => {
  await signIn(page, server.tokens['erik.exporter']);
  await page.getByRole('link', { name: reference, exact: true }).click();
  await page.getByText('Please send the signed end-use statement.').waitFor();
  await page.getByLabel('Your answer').fill('Attached; signed by the end user on 1 December.');
  await page.getByRole('button', { name: 'Send the answer' }).click();
  await page.getByText('Your answer is sent.').waitFor();
  await page.getByLabel('Upload a document').setInputFiles({
    name: 'end-use-statement.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('End-use statement (fictional), signed 1 December.\n'),
  });
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await page.getByText('end-use-statement.txt is uploaded.').waitFor();
  await page.getByRole('button', { name: 'end-use-statement.txt' }).waitFor();
  await screenshot(page, 'exporter-application-status');
  await signOut(page);
});

test('the officer recommends refusal and a senior officer decides', async () => {
  await signIn(page, server.tokens['olga.officer']);
  await page.getByRole('link', { name: reference, exact: true }).click();
  await page.getByRole('link', { name: 'Documents', exact: true }).click();
  const [document] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'end-use-statement.txt' }).click(),
  ]);
  assert.equal(await readFile(await document.path(), 'utf8'), 'End-use statement (fictional), signed 1 December.\n');
  await page.getByRole('link', { name: 'Decision', exact: true }).click();
  // The exporter's answer and document put the assessment out of date: re-assess first.
  await page.getByRole('button', { name: 'Re-assess' }).click();
  await page.getByText('The case is screened and assessed again.').waitFor();
  await page.getByRole('button', { name: 'Recommend an outcome' }).click();
  const dialog = page.getByRole('dialog', { name: 'Recommend an outcome' });
  await dialog.getByRole('radio', { name: 'Refuse' }).check();
  await dialog.getByRole('button', { name: 'Send the recommendation' }).click();
  await dialog.getByText('Choose at least one reason for the refusal').first().waitFor();
  await dialog.getByLabel(/^HR3:/).check();
  await dialog.getByLabel('Explanation').fill('Probes for a city-wide monitoring system in a destination at severe risk.');
  await screenshot(page, 'officer-decision-dialog');
  await dialog.getByRole('button', { name: 'Send the recommendation' }).click();
  await page.getByText('Your recommendation is recorded; a senior officer decides.').waitFor();
  await page.getByRole('button', { name: 'Decide' }).waitFor({ state: 'detached' });
  await signOut(page);

  await signIn(page, server.tokens['sam.senior']);
  await page.getByRole('link', { name: reference, exact: true }).click();
  await page.getByRole('link', { name: 'Decision', exact: true }).click();
  await page.getByRole('button', { name: 'Decide', exact: true }).click();
  const decide = page.getByRole('dialog', { name: 'Decide' });
  assert.ok(await decide.getByRole('radio', { name: 'Refuse' }).isChecked(), 'the recommended outcome is proposed');
  await decide.getByLabel('Explanation').fill('Confirmed: clear risk of use for surveillance of protesters.');
  await decide.getByRole('button', { name: 'Record the decision' }).click();
  await page.getByText('The decision is recorded.').waitFor();
  await page.getByText('nothing is left to decide').waitFor();

  await page.getByRole('link', { name: 'History', exact: true }).click();
  await page.locator('.echri-timeline__item').first().waitFor();
  assert.ok((await page.locator('.echri-timeline__item').count()) >= 6, 'the history shows every step');
  await screenshot(page, 'officer-case-history');
  await signOut(page);
});

test('a civil-society submission reaches the officer', async () => {
  await signIn(page, server.tokens['cora.watch']);
  await heading('Your submissions').waitFor();
  await page.getByRole('button', { name: 'Submit evidence' }).click();
  await radio('What is the evidence about?', 'An end user (a company, agency or person)').check();
  await page.getByLabel('Name', { exact: true }).fill('Make-Believe Telecom SAE (fictional)');
  await page.getByLabel('Country (optional)').fill('EG');
  await page.getByLabel('Summary').fill('Runs interception for a security service (fictional)');
  await page.getByLabel('Evidence', { exact: true }).fill('A fictional leaked contract shows the integration.');
  await page.getByRole('button', { name: 'Send the evidence' }).click();
  await page.getByText('Make-Believe Telecom SAE (fictional)').first().waitFor();
  await signOut(page);

  await signIn(page, server.tokens['olga.officer']);
  await page.getByRole('link', { name: 'Civil-society evidence', exact: true }).click();
  const card = page.locator('.govuk-summary-card', { hasText: 'Make-Believe Telecom SAE (fictional)' });
  await card.getByText('A fictional leaked contract shows the integration.').waitFor();
  await card.getByLabel('High').check();
  await card.getByRole('button', { name: 'Triage' }).click();
  await card.getByText('Triaged as high priority.').waitFor();
  await screenshot(page, 'officer-submissions');
  await signOut(page);
});
