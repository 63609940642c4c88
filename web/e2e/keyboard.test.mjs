// The exporter's journey with the keyboard alone: every control is reached with Tab and used
// with Enter, Space, arrows or typing; the mouse is never used.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, screenshot, startServer } from './harness.mjs';

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser, server.base);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// The focused element's accessible name as a person hears it: its label, or its text.
const focusedName = () =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return '';
    const labelled = element.labels?.[0]?.textContent;
    const legend = element.closest('fieldset')?.querySelector('legend')?.textContent;
    const own = labelled ?? element.getAttribute('aria-label') ?? element.textContent ?? '';
    return `${element.type === 'radio' ? `${legend} / ` : ''}${own}`.replace(/\s+/g, ' ').trim();
  });

// Presses Tab until the focus is on the control named `name` (or whose name starts with it).
async function tabTo(name, { exact = false, limit = 120 } = {}) {
  const seen = [];
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press('Tab');
    const current = await focusedName();
    if (exact ? current === name : current.startsWith(name)) return;
    seen.push(current);
  }
  assert.fail(`Tab never reached "${name}"; it went through: ${seen.slice(-20).join(' | ')}`);
}

async function fill(name, text) {
  await tabTo(name);
  await page.keyboard.type(text);
}

async function activate(name) {
  await tabTo(name, { exact: true });
  await page.keyboard.press('Enter');
}

async function choose(legend, option) {
  await tabTo(legend);
  // Within a radio group the arrows move and select; Space selects the first one.
  for (let step = 0; step < 5; step += 1) {
    if ((await focusedName()).endsWith(option)) break;
    await page.keyboard.press('ArrowRight');
  }
  await page.keyboard.press('Space');
  assert.ok((await focusedName()).endsWith(option), `could not choose "${option}" in "${legend}"`);
}

const heading = (text) => page.getByRole('heading', { level: 1, name: text });

test('an exporter applies with the keyboard only', async () => {
  await page.goto('/');
  await activate('Sign in');
  await heading('Sign in').waitFor();
  await fill('Your API token', server.tokens['erik.exporter']);
  await page.keyboard.press('Enter');
  await heading('Your applications').waitFor();

  await activate('Start a new application');
  await fill('Your reference', 'KEYBOARD-001');
  await fill("Exporter's name", 'Northwind Sensors Ltd (fictional)');
  await fill("Exporter's country", 'DE');
  await fill('Country of final destination', 'EG');
  await fill('The first item', 'Lawful interception mediation software');
  await fill('Its control-list entry', '5D001.e');
  await activate('Create the draft');
  await heading('Application KEYBOARD-001').waitFor();

  await activate('End user and other parties');
  await heading('End user and other parties').waitFor();
  await activate('Add a party');
  await fill('Full name as registered', 'Make-Believe Telecom SAE (fictional)');
  await tabTo('Type');
  await page.keyboard.type('Tele');
  await fill('Country', 'EG');
  await fill('Postal address', '2 Pretend Street, Cairo (fictional)');
  await activate('Save and go back');
  await heading('Application KEYBOARD-001').waitFor();

  await activate('End use');
  await tabTo('Kind of end use');
  await page.keyboard.type('Lawful');
  await fill('What the end user will use the items for', 'Interception for the operator under a court order');
  await activate('Save and go back');
  await heading('Application KEYBOARD-001').waitFor();

  await activate("The end user's assurances");
  await choose('The end user signs an end-use statement', 'Given');
  await choose('The end user will not re-export without consent', 'Given');
  await choose('The end user accepts on-site checks after delivery', 'Given');
  await activate('Save and go back');
  await heading('Application KEYBOARD-001').waitFor();

  await activate('Due-diligence questions');
  await choose('Is the end user credibly linked', 'No');
  await choose('Could the items be used against journalists', 'No');
  await choose('Do you know of an intention', 'No');
  await activate('Save and go back');
  await page.getByText('The application has everything the assessment needs.').waitFor();

  await activate('Submit the application');
  await page.locator('.govuk-summary-list .govuk-tag', { hasText: 'Submitted' }).waitFor();
  await screenshot(page, 'exporter-keyboard-submitted');
  assert.deepEqual(page.problems, []);
});

test("an officer moves through the queue and a case with the shortcuts on the help page", async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.locator('header').getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Your API token').fill(server.tokens['olga.officer']);
  await page.keyboard.press('Enter');
  await heading('Queue').waitFor();
  await page.locator('tbody tr').nth(1).waitFor();
  const selected = page.locator('tr.echri-queue-row--selected');
  const first = await selected.getAttribute('data-case');
  await page.locator('h1').focus();
  await page.keyboard.press('j');
  const second = await selected.getAttribute('data-case');
  assert.notEqual(second, first, 'j selects the next case');
  await page.keyboard.press('k');
  assert.equal(await selected.getAttribute('data-case'), first, 'k selects the previous case');
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await heading(/: Summary$/).waitFor();
  assert.match(page.url(), new RegExp(`/cases/${second}$`));
  await page.keyboard.press('3');
  await heading(/: Assessment$/).waitFor();
  assert.match(page.url(), new RegExp(`/cases/${second}/assessment$`));
  await page.keyboard.press('d');
  await heading(/: Decision$/).waitFor();
  await page.keyboard.press('q');
  await heading('Queue').waitFor();
  await page.keyboard.press('2');
  await page.getByRole('link', { name: 'Assigned to me', exact: true }).and(page.locator('[aria-current="page"]')).waitFor();
  assert.match(page.url(), /tab=mine/);
  await page.keyboard.press('?');
  await heading('Help').waitFor();
  // Every shortcut used above is listed on the help page.
  for (const key of ['j', 'k', 'Enter', '1 … 9', 'd', 'q', '?']) {
    await page.locator('kbd', { hasText: key }).first().waitFor();
  }
  // Typing in a field is not taken for a shortcut.
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Queue', exact: true }).click();
  await page.getByLabel('Search').fill('j');
  await page.getByLabel('Search').press('j');
  assert.equal(await selected.getAttribute('data-case'), first);
  assert.deepEqual(page.problems, []);
});
