// Build benchmark: full builds of synthetic sites of about 1,000, 10,000 and 50,000 pages
// (`bagdar-synth --site`: guides with headings, tables and links, and vacancies, in kk/ru/en),
// side by side with Hugo building the same Markdown pages with an equally plain theme, and
// Pagefind indexing the HTML Bagdar wrote. Each size is built several times; the figures are
// medians. Writes its section of BENCHMARKS.md.
//
// Per run and tool: wall time, CPU time (user + system) and peak memory from GNU time; the
// output's size; the search index's size; Bagdar's own stage breakdown (`--timings`).
// "fresh" builds write into a new folder; "rebuild" builds again after one guide changed,
// over the previous output (Bagdar then writes over its spare, Hugo over its output).
//
// Usage (from the repository root; needs Debian's `hugo` and `npm ci` in benches/):
//   node benches/build.mjs                 # 1000, 10000 and 50000 pages, 3 runs each
//   node benches/build.mjs 1000 10000 --runs 5
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repo } from '../tests/browser/harness.js';
import { bagdarBuild, countPages, hugoBuild, machine as benchMachine, median, pagefindExtended as pagefind, pagefindIndex, pagefindVersion, synth, today, writeSection } from './common.mjs';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const sizeArgs = args.filter((a, i) => /^\d+$/.test(a) && !(runsAt >= 0 && i === runsAt + 1)).map(Number);
const SIZES = sizeArgs.length ? sizeArgs : [1000, 10000, 50000];

function need() {
  const hugo = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  if (hugo.status !== 0) {
    console.error("error: hugo is missing: run 'sudo apt-get install hugo' (Debian's package)");
    process.exit(1);
  }
  if (!existsSync('/usr/bin/time')) {
    console.error("error: GNU time is missing: run 'sudo apt-get install time'");
    process.exit(1);
  }
  if (!existsSync(pagefind)) {
    console.error("error: Pagefind is missing: run 'npm ci' in benches/");
    process.exit(1);
  }
  return hugo.stdout.match(/v[\d.]+/)?.[0] ?? 'hugo';
}

/** Appends a sentence to one guide in every language, in both sites: an editor's change. */
function editAGuide(site, hugo, run) {
  for (const lang of ['kk', 'ru', 'en']) {
    for (const file of [join(site, `content/guides/s000/g00001.${lang}.md`), join(hugo, `content/guides/s000/g00001.${lang}.md`)]) {
      writeFileSync(file, `${readFileSync(file, 'utf8')}\nEdit ${run}.\n`);
    }
  }
}

const med = (rows, key) => median(rows.map((r) => (typeof key === 'function' ? key(r) : r[key])));

function measure(size) {
  const work = mkdtempSync(join(tmpdir(), `bagdar-bench-${size}-`));
  const site = join(work, 'site');
  const hugo = join(work, 'hugo');
  execFileSync(synth, ['--site', site, '--hugo', hugo, '--pages', String(size), '--today', today, '--from', repo], { stdio: 'inherit' });
  const fresh = { bagdar: [], hugo: [], pagefind: [] };
  const rebuild = { bagdar: [], hugo: [] };
  // Fresh builds go to new folders: deleting tens of thousands of files just before would
  // slow the next build's file creation (ext4 avoids reusing inodes freed seconds ago).
  for (let run = 0; run < RUNS; run++) {
    const ours = bagdarBuild(site, join(work, `public-${run}`));
    fresh.bagdar.push(ours);
    fresh.hugo.push(hugoBuild(hugo, join(work, `hugo-public-${run}`)));
    fresh.pagefind.push(pagefindIndex(join(work, `public-${run}`), join(work, `pagefind-${run}`)));
    console.log(`${size}: run ${run + 1}: bagdar ${ours.wall} s, hugo ${fresh.hugo.at(-1).wall} s, pagefind ${fresh.pagefind.at(-1).wall} s`);
  }
  // Rebuilds after one guide changed, over the last fresh output (a spare is made by the
  // first rebuild, as on an editor's machine after the first build of the day).
  const last = RUNS - 1;
  bagdarBuild(site, join(work, `public-${last}`));
  for (let run = 0; run < RUNS; run++) {
    editAGuide(site, hugo, run);
    rebuild.bagdar.push(bagdarBuild(site, join(work, `public-${last}`)));
    rebuild.hugo.push(hugoBuild(hugo, join(work, `hugo-public-${last}`)));
  }
  const hugoPages = countPages(join(work, `hugo-public-${last}`));
  rmSync(work, { recursive: true, force: true });
  return { size, fresh, rebuild, hugoPages };
}

const s = (x) => x.toFixed(2);
const mib = (b) => (b / 2 ** 20).toFixed(1);
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

function section(results, hugoVersion) {
  const rows = results.map(({ size, fresh, rebuild, hugoPages }) => {
    const b = fresh.bagdar;
    const pages = b[0].pages;
    const wall = med(b, 'wall');
    const hugo = med(fresh.hugo, 'wall');
    const pf = med(fresh.pagefind, 'wall');
    return {
      size, pages, hugoPages, wall, hugo, pf,
      cpu: med(b, 'cpu'), mem: med(b, 'mib'), out: b[0].out, index: b[0].index,
      stages: Object.fromEntries(['load', 'model', 'render', 'index', 'write'].map((k) => [k, med(b, (r) => r.stages[k])])),
      hugoCpu: med(fresh.hugo, 'cpu'), hugoMem: med(fresh.hugo, 'mib'), hugoOut: fresh.hugo[0].out,
      pfCpu: med(fresh.pagefind, 'cpu'), pfMem: med(fresh.pagefind, 'mib'), pfIndex: fresh.pagefind[0].index,
      re: med(rebuild.bagdar, 'wall'), reCpu: med(rebuild.bagdar, 'cpu'), reHugo: med(rebuild.hugo, 'wall'),
    };
  });
  const table = [
    '| site | pages (Bagdar / Hugo) | Bagdar | Hugo | Pagefind on our HTML | Hugo + Pagefind | Bagdar ÷ Hugo | Bagdar ÷ (Hugo + Pagefind) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.size.toLocaleString('en')} | ${r.pages.toLocaleString('en')} / ${r.hugoPages.toLocaleString('en')} | ${s(r.wall)} s | ${s(r.hugo)} s | ${s(r.pf)} s | ${s(r.hugo + r.pf)} s | ${ratio(r.wall, r.hugo)} | ${ratio(r.wall, r.hugo + r.pf)} |`),
  ].join('\n');
  const detail = [
    '| site | tool | wall | CPU | peak memory | output | search index | ms per 1,000 pages (wall) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.flatMap((r) => [
      `| ${r.size.toLocaleString('en')} | Bagdar | ${s(r.wall)} s | ${s(r.cpu)} s | ${r.mem.toFixed(0)} MiB | ${mib(r.out)} MiB | ${mib(r.index)} MiB | ${((r.wall * 1000) / (r.pages / 1000)).toFixed(0)} |`,
      `| | Hugo | ${s(r.hugo)} s | ${s(r.hugoCpu)} s | ${r.hugoMem.toFixed(0)} MiB | ${mib(r.hugoOut)} MiB | | ${((r.hugo * 1000) / (r.hugoPages / 1000)).toFixed(0)} |`,
      `| | Pagefind | ${s(r.pf)} s | ${s(r.pfCpu)} s | ${r.pfMem.toFixed(0)} MiB | | ${mib(r.pfIndex)} MiB | |`,
    ]),
  ].join('\n');
  const stages = [
    '| site | load | model | render and write pages | index (alongside the render) | write the rest, swap |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.size.toLocaleString('en')} | ${r.stages.load} ms | ${r.stages.model} ms | ${r.stages.render} ms | ${r.stages.index} ms | ${r.stages.write} ms |`),
  ].join('\n');
  const rebuilds = [
    '| site | Bagdar | Bagdar CPU | Hugo | Bagdar ÷ Hugo |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.size.toLocaleString('en')} | ${s(r.re)} s | ${s(r.reCpu)} s | ${s(r.reHugo)} s | ${ratio(r.re, r.reHugo)} |`),
  ].join('\n');
  return `<!-- build:begin -->
## Full builds, against Hugo and Pagefind

Command: \`node benches/build.mjs\` (medians of ${RUNS} runs per size). Machine: ${benchMachine(`hugo ${hugoVersion}, ${pagefindVersion(pagefind)}`, { browser: false })}.

Sites from \`bagdar-synth --site --pages N --hugo\`: about a fifth of the pages are guides (headings,
tables, lists, links between guides; one in ten without English), the rest vacancies, each
a page in kk, ru and en, and their listings by region and category. Hugo builds the same
guides, and one Markdown page per open vacancy and language, with a theme as plain as ours
(base layout, page with table of contents and sources, lists, vacancy details) and region and
category taxonomies for the listings; it makes a few more pages (taxonomy term pages and
paginators). Bagdar's build includes its search index; Hugo's does not, so the fair
comparison is Bagdar against Hugo followed by Pagefind indexing the same pages.

${table}

${detail}

Bagdar's stages (medians; the index is built on its own thread while the pages render, so the
stages overlap and do not add up to the wall time):

${stages}

Rebuild after one guide changed (in three languages), over the previous output:

${rebuilds}
<!-- build:end -->`;
}

const hugoVersion = need();
execFileSync('cargo', ['build', '--release', '--locked', '--bin', 'bagdar', '--bin', 'bagdar-synth'], { cwd: repo, stdio: 'inherit' });
const results = SIZES.map(measure);
writeSection('build', section(results, hugoVersion));
