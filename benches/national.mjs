// National-scale benchmark: synthetic sites of about 1,000, 10,000, 50,000 and 300,000 pages
// (`bagdar-synth --site`), each with its whole vacancy export in one CSV file, as employment
// services publish it. One fresh build per size: wall time, CPU time and peak memory from GNU
// time, and Bagdar's own stages (`--timings`). Up to `--hugo-max` pages (default 50,000; Hugo
// needs about 3 GB at 50,000), Hugo builds the same pages and Pagefind indexes our HTML, in
// the same run. Writes its section of BENCHMARKS.md; per 1,000 pages, the figures say how
// each cost grows.
//
// Usage (from the repository root; after `cargo build --release`, with Debian's `hugo` and
// `npm ci` in benches/):
//   node benches/national.mjs                       # 1000 10000 50000 300000
//   node benches/national.mjs 300000 --hugo-max 0   # the national site alone
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repo } from '../tests/browser/harness.js';
import { bagdarBuild, countPages, hugoBuild, machine, pagefindExtended as pagefind, pagefindIndex, synth, today, writeSection } from './common.mjs';

const args = process.argv.slice(2);
const hugoAt = args.indexOf('--hugo-max');
const HUGO_MAX = hugoAt >= 0 ? Number(args[hugoAt + 1]) : 50000;
const sizeArgs = args.filter((a, i) => /^\d+$/.test(a) && !(hugoAt >= 0 && i === hugoAt + 1)).map(Number);
const SIZES = sizeArgs.length ? sizeArgs : [1000, 10000, 50000, 300000];

function need() {
  if (!existsSync('/usr/bin/time')) {
    console.error("error: GNU time is missing: run 'sudo apt-get install time'");
    process.exit(1);
  }
  if (SIZES.some((s) => s <= HUGO_MAX) && (!existsSync(pagefind) || !existsSync('/usr/bin/hugo'))) {
    console.error("error: Hugo or Pagefind is missing: run 'sudo apt-get install hugo' and 'npm ci' in benches/ (or pass --hugo-max 0)");
    process.exit(1);
  }
}

function measure(size) {
  const work = mkdtempSync(join(tmpdir(), `bagdar-national-${size}-`));
  const site = join(work, 'site');
  const hugo = join(work, 'hugo');
  const withHugo = size <= HUGO_MAX;
  execFileSync(synth, ['--site', site, ...(withHugo ? ['--hugo', hugo] : []), '--pages', String(size), '--today', today, '--from', repo], { stdio: 'inherit' });
  const exportFile = join(site, 'content/vacancies/synthetic.csv');
  const exportBytes = statSync(exportFile).size;
  const out = join(work, 'public');
  const run = bagdarBuild(site, out);
  const result = { size, pages: run.pages, documents: run.documents, exportBytes, bagdar: run, stages: run.stages };
  console.log(`${size}: bagdar ${run.wall} s, ${run.mib.toFixed(0)} MiB, ${run.pages} pages`);
  if (withHugo) {
    result.hugo = hugoBuild(hugo, join(work, 'hugo-public'));
    result.hugoPages = countPages(join(work, 'hugo-public'));
    result.pagefind = pagefindIndex(out, join(work, 'pagefind'));
    console.log(`${size}: hugo ${result.hugo.wall} s, pagefind ${result.pagefind.wall} s`);
  }
  rmSync(work, { recursive: true, force: true });
  return result;
}

const s = (x) => `${x.toFixed(1)} s`;
const m = (x) => `${x.toFixed(0)} MiB`;
const per1k = (x, pages) => (x / (pages / 1000)).toFixed(x / (pages / 1000) < 10 ? 2 : 0);

function section(results) {
  const lines = [
    '<!-- national:begin -->',
    '## National scale: a whole vacancy export in one file, and how each cost grows',
    '',
    `Command: \`node benches/national.mjs ${SIZES.join(' ')}${hugoAt >= 0 ? ` --hugo-max ${HUGO_MAX}` : ''}\` (one fresh build per size). Machine: ${machine('', { browser: false })}.`,
    '',
    'Sites from `bagdar-synth --site --pages N`, each with its vacancies in one CSV export. Hugo',
    'builds the same pages and Pagefind indexes the HTML Bagdar wrote, up to the size where Hugo',
    'is run; beyond it, only Bagdar.',
    '',
    '| site | pages | search documents | vacancy export | Bagdar wall | CPU | peak memory | Hugo wall | Hugo peak | Hugo + Pagefind wall | Bagdar ÷ Hugo | Bagdar ÷ (Hugo + Pagefind) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const b = r.bagdar;
    const both = r.hugo ? r.hugo.wall + r.pagefind.wall : null;
    lines.push(`| ${r.size.toLocaleString('en')} | ${r.pages.toLocaleString('en')} | ${r.documents.toLocaleString('en')} | ${(r.exportBytes / 1e6).toFixed(1)} MB | ${s(b.wall)} | ${s(b.cpu)} | ${m(b.mib)} | ${r.hugo ? s(r.hugo.wall) : '—'} | ${r.hugo ? m(r.hugo.mib) : '—'} | ${both ? s(both) : '—'} | ${r.hugo ? `${(b.wall / r.hugo.wall).toFixed(2)}×` : '—'} | ${both ? `${(b.wall / both).toFixed(2)}×` : '—'} |`);
  }
  lines.push('', 'Per 1,000 pages, and the stages (ms; the index is built alongside the render):', '',
    '| site | wall ms / 1k pages | CPU ms / 1k pages | MiB / 1k pages | load | model | render and write pages | index | write the rest |',
    '|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const b = r.bagdar;
    const st = r.stages;
    lines.push(`| ${r.size.toLocaleString('en')} | ${per1k(b.wall * 1000, r.pages)} | ${per1k(b.cpu * 1000, r.pages)} | ${per1k(b.mib, r.pages)} | ${st.load} | ${st.model} | ${st.render} | ${st.index} | ${st.write} |`);
  }
  lines.push('<!-- national:end -->');
  return lines.join('\n');
}

need();
const results = SIZES.map(measure);
writeSection('national', section(results));
