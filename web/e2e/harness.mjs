// What every browser test needs: a real `echri serve --demo` on a fresh data directory serving
// the built front end (web/dist), Debian's Chromium driven by playwright-core (no browser
// download), sign-in as one of the demo users, an axe-core check and a screenshot per page.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(web, '..');
export const outputDir = resolve(process.env.ECHRI_E2E_OUTPUT ?? join(web, 'test-results'));
const binary = resolve(root, process.env.ECHRI_BIN ?? 'build/release/src/cli/echri');
const chromiumPath = process.env.ECHRI_CHROMIUM ?? '/usr/bin/chromium';

function runOrThrow(args, env) {
  const result = spawnSync(binary, args, { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`echri ${args.join(' ')} failed: ${result.stderr}`);
}

// Starts the server on a free port and reads the demo users' tokens from what it prints.
export async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'echri-e2e-'));
  const env = { ...process.env, ECHRI_DATA_DIR: dataDir };
  runOrThrow(['lists', 'import', join(root, 'data/demo/demo_list.csv'), '--format', 'csl-csv'], env);
  runOrThrow(['countries', 'import', join(root, 'data/demo/authority.json')], env);
  const child = spawn(binary, ['serve', '--demo', '--listen', '127.0.0.1:0', '--web', join(web, 'dist')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tokens = {};
  let output = '';
  const base = await new Promise((resolveBase, reject) => {
    const timer = setTimeout(() => reject(new Error(`echri serve did not start:\n${output}`)), 60_000);
    const read = (chunk) => {
      output += chunk;
      for (const match of output.matchAll(/^(\S+)\s+\S+\s+\S+\s+(echri_[0-9a-f_]+)\s*$/gm)) tokens[match[1]] = match[2];
      const serving = output.match(/serving (http:\/\/127\.0\.0\.1:\d+)/);
      if (serving) {
        clearTimeout(timer);
        resolveBase(serving[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`echri serve exited with ${code}:\n${output}`)));
  });
  return {
    base,
    tokens,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// A page that fails the test on any script error or any console error the app did not expect.
export async function newPage(browser, base) {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) page.problems.push(`console: ${message.text()}`);
  });
  return page;
}

export async function signIn(page, token) {
  // Sign-in starts from the address bar once; later sign-ins (after a sign-out) use the header's
  // link, as a person would, since the token lives in the page's memory.
  if (page.url() === 'about:blank') await page.goto('/');
  const signOutButton = page.getByRole('button', { name: 'Sign out' });
  if (await signOutButton.isVisible()) await signOutButton.click();
  await page.locator('header').getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Your API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
}

// Every page must have no WCAG 2.2 A/AA violation that axe-core finds.
export async function checkAccessibility(page, name) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const violations = results.violations.map(
    (v) => `${name}: ${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
  return violations;
}

export async function screenshot(page, name) {
  const dir = join(outputDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
