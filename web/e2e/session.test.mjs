// The idle timeout: a warning two minutes before, then sign-out; what the user had typed comes
// back when they sign in again. The browser's clock is driven by the test, not waited for.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, screenshot, signIn, startServer } from './harness.mjs';

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser, server.base);
  await page.clock.install();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Waits from Node rather than in the page: locator waits poll on the page's animation frames,
// which the installed fake clock holds still.
async function until(locator, visible = true) {
  for (let tries = 0; tries < 100; tries += 1) {
    if ((await locator.isVisible()) === visible) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${locator} did not become ${visible ? 'visible' : 'hidden'}`);
}

test('an idle session is warned, then signed out, and keeps the draft', async () => {
  await signIn(page, server.tokens['cora.watch']);
  await page.getByRole('button', { name: 'Submit evidence' }).click();
  await page.getByLabel('Summary').fill('Draft typed before a long pause');

  await page.clock.runFor('13:05');
  const warning = page.getByRole('dialog', { name: 'You will be signed out soon' });
  await until(warning);
  await screenshot(page, 'session-timeout-warning');
  // "Stay signed in" restarts the clock.
  await warning.getByRole('button', { name: 'Stay signed in' }).click();
  await until(warning, false);
  await page.clock.runFor('12:00');
  assert.equal(await warning.isVisible(), false, 'no warning 12 minutes after staying signed in');

  await page.clock.runFor('01:05');
  await until(warning);
  await page.clock.runFor('02:05');
  await until(page.getByText('You were signed out after 15 minutes without activity.'));
  await until(page.getByRole('button', { name: 'Sign out' }), false);

  await signIn(page, server.tokens['cora.watch']);
  await page.getByRole('button', { name: 'Submit evidence' }).click();
  assert.equal(await page.getByLabel('Summary').inputValue(), 'Draft typed before a long pause');
  assert.deepEqual(page.problems, []);
});

test("one user's draft is not shown to another", async () => {
  await signIn(page, server.tokens['olga.officer']);
  await page.getByRole('heading', { level: 1, name: 'Queue' }).waitFor();
  const stored = await page.evaluate(() => Object.keys(sessionStorage));
  assert.ok(stored.every((key) => !key.startsWith('echri.draft.olga.officer.submission')));
  assert.ok(stored.some((key) => key.startsWith('echri.draft.cora.watch.')), 'the first user keeps her draft');
});

test("a page of another role is not shown, and its data is not asked for", async () => {
  await signIn(page, server.tokens['erik.exporter']);
  await page.getByRole('heading', { level: 1, name: 'Your applications' }).waitFor();
  const asked = [];
  page.on('request', (request) => asked.push(new URL(request.url()).pathname));
  // The exporter follows an officer's link inside the app (a reload would sign out).
  await page.evaluate(() => {
    history.pushState(null, '', '/queue');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await page.getByRole('heading', { level: 1, name: 'This page is not available to you' }).waitFor();
  assert.ok(!asked.includes('/api/v1/queue'), `asked for ${asked.join(', ')}`);
  assert.equal(await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Queue' }).count(), 0);
});
