// Every page, as each role sees it, checked with axe-core against WCAG 2.2 A and AA: zero
// violations. Each page is also saved as a screenshot under test-results/screenshots.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, launchBrowser, newPage, screenshot, signIn, startServer } from './harness.mjs';

let server;
let browser;
let page;
const violations = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser, server.base);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Visits a page by its navigation link (the token lives in memory: no reloads), waits for its
// heading, then checks it.
async function visit(name, open, headingText) {
  await open();
  await page.getByRole('heading', { level: 1, name: headingText }).waitFor();
  await page.waitForLoadState('networkidle');
  violations.push(...(await checkAccessibility(page, name)));
  await screenshot(page, name);
}

const nav = (text) => () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: text, exact: true }).click();
const link = (text) => () => page.getByRole('link', { name: text, exact: true }).first().click();

test('the public pages', async () => {
  await visit('public-home', () => page.goto('/'), 'Export controls that take human rights into account');
  await visit('public-states', nav('Subscribing States'), 'Subscribing States');
  await visit('public-help', nav('Help'), 'Help');
  await visit('public-sign-in', () => page.locator('header').getByRole('link', { name: 'Sign in' }).click(), 'Sign in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Enter your token').first().waitFor();
  violations.push(...(await checkAccessibility(page, 'public-sign-in-error')));
});

test("the officers' pages", async () => {
  await signIn(page, server.tokens['olga.officer']);
  await visit('officer-queue', async () => {}, 'Queue');
  await page.getByRole('link', { name: 'NWS-2026-017' }).click();
  for (const tab of ['Summary', 'Parties and screening', 'Assessment', 'Destination', 'Information requests', 'Notes and advice', 'Documents', 'Decision', 'History']) {
    await visit(`officer-case-${tab.split(' ')[0].toLowerCase()}`, link(tab), new RegExp(`: ${tab}$`));
  }
  await visit('officer-submissions', nav('Civil-society evidence'), 'Civil-society evidence');
  await visit('officer-advisory', nav('Advisory queries'), 'Advisory queries');
  await visit('officer-exchange', nav('Exchange (coming)'), 'Exchange with Subscribing States');
});

test("the exporters' pages", async () => {
  await signIn(page, server.tokens['britt.exporter']);
  await visit('exporter-applications', async () => {}, 'Your applications');
  await page.getByRole('button', { name: 'Start a new application' }).click();
  await page.getByRole('button', { name: 'Create the draft' }).click();
  await page.getByText('Enter your reference for this application').first().waitFor();
  violations.push(...(await checkAccessibility(page, 'exporter-new-application-errors')));
  await visit('exporter-application-status', link('BBN-2026-003'), /^Application BBN-2026-003/);
  await visit('exporter-screening', nav('Screening'), 'Screen names against restricted-party lists');
  await page.getByLabel('Name', { exact: true }).fill('Fictitious Surveillance Systems');
  await page.getByRole('button', { name: 'Screen', exact: true }).click();
  await page.getByText(/potential match/).waitFor();
  violations.push(...(await checkAccessibility(page, 'exporter-screening-result')));
  await visit('exporter-diligence', nav('Due diligence'), 'Human-rights due diligence');
  await visit('exporter-advisory', nav('Advisory queries'), 'Advisory queries');
});

test("civil society's pages", async () => {
  await signIn(page, server.tokens['cora.watch']);
  await visit('civil-submissions', async () => {}, 'Your submissions');
  await visit('civil-new-submission', () => page.getByRole('button', { name: 'Submit evidence' }).click(), 'Submit evidence');
});

test('the check finds a violation when there is one', async () => {
  // Guards the guard: an unlabelled field and low-contrast text must be reported.
  await page.evaluate(() => {
    const main = document.querySelector('main');
    const input = document.createElement('input');
    input.type = 'text';
    main?.append(input);
  });
  const found = await checkAccessibility(page, 'planted');
  assert.ok(found.some((line) => line.includes('label')), `axe missed the unlabelled field: ${found.join('\n')}`);
});

test('no page has an accessibility violation', () => {
  assert.deepEqual(violations, []);
  assert.deepEqual(page.problems, [], 'the pages raised script or console errors');
});
