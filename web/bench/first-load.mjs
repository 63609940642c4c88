// First-load times of the front end's pages on loopback, as a person meets them: each run uses a
// new browser context (an empty cache), loads the page or follows its link, and stops the clock
// when the page's heading and its data are on screen. Prints each page's median over the runs
// and its ratio to the budget (1 s). Usage: node bench/first-load.mjs [RUNS]  (ECHRI_BIN as for
// the browser tests; a release build is what a deployment runs).
import { launchBrowser, newPage, signIn, startServer } from '../e2e/harness.mjs';

const runs = Number(process.argv[2] ?? 7);
const budgetMs = 1000;
const server = await startServer();
const browser = await launchBrowser();

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// Each page: how to reach it in a fresh context, and what shows that it is ready.
const pages = [
  { name: '/ (the Code)', open: (page) => page.goto('/'), ready: (page) => page.getByRole('heading', { level: 1 }).waitFor() },
  { name: '/states (map)', open: (page) => page.goto('/states'), ready: (page) => page.locator('svg.echri-map__svg path').first().waitFor() },
  { name: '/sign-in', open: (page) => page.goto('/sign-in'), ready: (page) => page.getByLabel('Your API token').waitFor() },
  {
    name: '/queue (officer, after sign-in)',
    user: 'olga.officer',
    open: (page) => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Queue', exact: true }).click(),
    ready: (page) => page.locator('tbody tr').first().waitFor(),
  },
  {
    name: '/cases/ID/assessment (officer)',
    user: 'olga.officer',
    open: async (page) => {
      await page.locator('tbody tr').first().waitFor();
      const start = Date.now();
      await page.getByRole('link', { name: 'NWS-2026-017' }).click();
      return start;
    },
    ready: (page) => page.getByRole('link', { name: 'Assessment', exact: true }).click().then(() => page.locator('.echri-factor').first().waitFor()),
  },
  {
    name: '/applications (exporter, after sign-in)',
    user: 'erik.exporter',
    open: (page) => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Applications', exact: true }).click(),
    ready: (page) => page.locator('tbody tr').first().waitFor(),
  },
];

const largestContentfulPaint = () =>
  new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const entries = list.getEntries();
      resolve(entries[entries.length - 1].startTime);
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });

const results = [];
for (const target of pages) {
  const times = [];
  // For an address typed in, the browser's own measure: Largest Contentful Paint, from the start
  // of navigation to the paint of the page's main content, which leaves out the test's polling
  // and the start of a renderer process for the new context.
  const inPage = [];
  for (let run = 0; run < runs; run += 1) {
    const page = await newPage(browser, server.base);
    if (target.user) await signIn(page, server.tokens[target.user]);
    let start = Date.now();
    const opened = await target.open(page);
    if (typeof opened === 'number') start = opened;
    await target.ready(page);
    times.push(Date.now() - start);
    if (!target.user) inPage.push(Math.round(await page.evaluate(largestContentfulPaint)));
    await page.context().close();
  }
  results.push({
    page: target.name,
    'median ms': median(times),
    'min ms': Math.min(...times),
    'max ms': Math.max(...times),
    'LCP median ms': inPage.length ? median(inPage) : '',
    'ratio to 1 s budget': (median(times) / budgetMs).toFixed(3),
  });
}
console.table(results);
await browser.close();
await server.stop();
const over = results.filter((row) => row['median ms'] > budgetMs);
if (over.length) {
  console.error(`first-load: over the 1 s budget: ${over.map((row) => row.page).join(', ')}`);
  process.exit(1);
}
