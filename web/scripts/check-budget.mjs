// Fails the build when the JavaScript that any page needs on a first load exceeds the budget,
// gzipped. A first load fetches the entry chunk, what it imports statically, and the page's own
// chunk (a dynamic import) with its static imports; chunks loaded later on demand (uPlot when a
// chart is drawn) do not delay the page and are listed apart.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const budgetBytes = 150 * 1024;
const dist = new URL('../dist/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dist), 'utf8'));

const sizes = new Map();
const gzipped = (file) => {
  if (!sizes.has(file)) sizes.set(file, gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length);
  return sizes.get(file);
};
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

// The files a chunk brings with it: itself and its static imports, transitively.
const closure = (key, into = new Set()) => {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const imported of chunk.imports ?? []) closure(imported, into);
  return into;
};

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
if (!entryKey) {
  console.error('check-budget: dist/.vite/manifest.json names no entry chunk');
  process.exit(1);
}
const entryFiles = closure(entryKey);
const pages = [{ page: '(entry: frame and public pages)', files: entryFiles }];
for (const key of manifest[entryKey].dynamicImports ?? []) {
  pages.push({ page: manifest[key].name ?? key, files: closure(key, new Set(entryFiles)) });
}
const rows = pages.map(({ page, files }) => {
  const bytes = [...files].filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + gzipped(f), 0);
  return { page, files: files.size, 'first-load JS (gzip)': kb(bytes), bytes };
});
console.table(rows.map(({ bytes: _bytes, ...row }) => row));
const worst = rows.reduce((a, b) => (b.bytes > a.bytes ? b : a));
const verdict = `largest first-load JavaScript: ${kb(worst.bytes)} gzipped (${worst.page}); budget ${kb(budgetBytes)}`;
if (worst.bytes > budgetBytes) {
  console.error(`check-budget: over budget. ${verdict}`);
  process.exit(1);
}
console.log(`check-budget: ${verdict}`);
