// Two builds of Bagdar side by side, in one run: the time `bagdar build` takes and the size of
// the search index it writes, on the bundled portal and on the site with 10,000 synthetic
// vacancies. For a change that must not make the build slower or the index larger: build the
// commit before it into its own folder, then compare.
//
// Usage (from the repository root):
//   git worktree add /tmp/bagdar-before <commit> && (cd /tmp/bagdar-before && cargo build --release --bin bagdar)
//   cargo build --release --bin bagdar --bin bagdar-synth
//   node benches/compare.mjs /tmp/bagdar-before/target/release/bagdar "<label of the old build>"
//   node benches/compare.mjs OLD "<label>" --pages 1000,10000,50000 --section NAME --title "TITLE"
//
// Without --pages it compares the bundled portal and the portal with 10,000 synthetic
// vacancies (section `compare`); with --pages, synthetic sites of about that many pages
// (`bagdar-synth --site`, guides and vacancies), into the section NAME.
//
// Runs alternate between the two binaries (old, new, old, new, …) into fresh folders, so a
// noisy disk or a busy machine weighs on both alike; each figure is the median of RUNS runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repo } from '../tests/browser/harness.js';
import { bagdar, countPages, folderBytes, machine, median, synthetic, today, writeSection } from './common.mjs';

const [oldBinary, oldLabel = 'before', ...options] = process.argv.slice(2);
if (!oldBinary) {
  console.error('usage: node benches/compare.mjs OLD_BINARY [LABEL] [--pages N,N,…] [--section NAME] [--title TITLE]');
  process.exit(2);
}
const option = (name) => {
  const at = options.indexOf(name);
  return at >= 0 ? options[at + 1] : undefined;
};
const pageSizes = option('--pages')?.split(',').map(Number);
const section = option('--section') ?? 'compare';
const title = option('--title') ?? 'The search redesign: build time and index size, before and after';
const RUNS = pageSizes ? 3 : 5;

/** One build into a fresh folder: wall and CPU seconds (GNU time), output folder. */
function buildOnce(binary, root) {
  const output = join(mkdtempSync(join(tmpdir(), 'bagdar-compare-')), 'public');
  const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S', binary, 'build', '--root', root, '--output', output, '--today', today], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (run.status !== 0) throw new Error(`${binary} build failed: ${run.stderr}`);
  const [wall, user, system] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, user, cpu: user + system, output };
}

function compare(name, root) {
  const runs = { old: [], new: [] };
  const sizes = {};
  for (let i = 0; i < RUNS; i++) {
    for (const [which, binary] of [['old', oldBinary], ['new', bagdar]]) {
      const run = buildOnce(binary, root);
      if (i === 0) sizes[which] = { index: folderBytes(join(run.output, 'search')), pages: countPages(run.output) };
      rmSync(join(run.output, '..'), { recursive: true, force: true });
      runs[which].push(run);
    }
  }
  const row = (which) => ({
    wall: median(runs[which].map((r) => r.wall)),
    user: median(runs[which].map((r) => r.user)),
    cpu: median(runs[which].map((r) => r.cpu)),
    ...sizes[which],
  });
  return { name, old: row('old'), new: row('new') };
}

const sites = [];
if (pageSizes) {
  for (const size of pageSizes) {
    const root = mkdtempSync(join(tmpdir(), 'bagdar-compare-site-'));
    execFileSync(join(repo, 'target/release/bagdar-synth'), ['--site', root, '--pages', String(size), '--today', today, '--from', repo], { stdio: 'inherit' });
    sites.push(compare(`${size.toLocaleString('en')} pages (synthetic)`, root));
    rmSync(root, { recursive: true, force: true });
  }
} else {
  sites.push(compare('bundled portal', repo));
  const synthRoot = synthetic(10000);
  sites.push(compare('+ 10,000 vacancies', synthRoot));
  rmSync(synthRoot, { recursive: true, force: true });
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const lines = sites.map(({ name, old, new: now }) =>
  `| ${name} | ${old.wall.toFixed(2)} s | ${now.wall.toFixed(2)} s | ${(now.wall / old.wall).toFixed(2)}× | ${old.user.toFixed(2)} s | ${now.user.toFixed(2)} s | ${(now.user / old.user).toFixed(2)}× | ${old.cpu.toFixed(2)} s | ${now.cpu.toFixed(2)} s | ${kib(old.index)} | ${kib(now.index)} | ${(old.index / old.pages / 1024).toFixed(3)} KiB | ${(now.index / now.pages / 1024).toFixed(3)} KiB |`);
const command = ['node benches/compare.mjs OLD_BINARY', `"${oldLabel}"`, ...options.map((o) => (o.startsWith('--') ? o : `"${o}"`))].join(' ');
writeSection(section, `<!-- ${section}:begin -->
## ${title}

Command: \`${command}\` (see the script for building the old
commit). Machine: ${machine('', { browser: false })}. \`bagdar build --today ${today}\` of each site into a fresh folder under
\`${tmpdir()}\`, ${RUNS} runs of each binary alternating, medians; wall, user and system CPU from GNU
time. On this VM's disk the system time (file creation, write-back) grows run after run
whatever the binary, so the figures here are taken on a RAM file system (\`TMPDIR=/dev/shm\`)
unless the folder above says otherwise. The index is the whole \`search/\` folder, runtime
included (compressed files as written).
"Before" is ${oldLabel}; "after" is this checkout.

| site | wall before | wall after | after ÷ before | user CPU before | user CPU after | after ÷ before | user + system before | user + system after | index before | index after | per page before | per page after |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
${lines.join('\n')}
<!-- ${section}:end -->`);
