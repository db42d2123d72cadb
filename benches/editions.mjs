// What the kk-Arab and kk-Latn editions cost: build time and output size of the bundled portal
// and of the portal with 10,000 synthetic vacancies, with the editions on (as configured) and
// off (the `editions:` line removed), in one run; and what the script conversion adds to the
// browser runtime.
//
// Usage (from the repository root):
//   cargo build --release --bin bagdar --bin bagdar-synth
//   node benches/editions.mjs [RUNTIME_BEFORE.wasm RUNTIME_AFTER.wasm]
//
// The two runtimes, when given, are `crates/bagdar-wasm` built with
//   cargo build --manifest-path crates/bagdar-wasm/Cargo.toml --lib --target wasm32-unknown-unknown --profile wasm --locked
// at the commit before the editions and at this one (before wasm-opt, which this machine lacks).
// Runs alternate (off, on, off, on, …) into fresh folders; each figure is the median of 5.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repo } from '../tests/browser/harness.js';
import { bagdar, countPages, folderBytes, machine, median, synthetic, today, writeSection } from './common.mjs';

const RUNS = 5;
const [runtimeBefore, runtimeAfter] = process.argv.slice(2);

function buildOnce(root) {
  const output = join(mkdtempSync(join(tmpdir(), 'bagdar-editions-')), 'public');
  const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S', bagdar, 'build', '--root', root, '--output', output, '--today', today], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (run.status !== 0) throw new Error(`build failed: ${run.stderr}`);
  const [wall, user, system] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, cpu: user + system, output };
}

/** A copy of `root` whose bagdar.yaml has no editions. */
function withoutEditions(root) {
  const copy = mkdtempSync(join(tmpdir(), 'bagdar-editions-off-'));
  spawnSync('cp', ['-r', ...['bagdar.yaml', 'content', 'themes', 'static'].map((p) => join(root, p)), copy]);
  const config = join(copy, 'bagdar.yaml');
  const text = readFileSync(config, 'utf8');
  if (!/^\s*editions:/m.test(text)) throw new Error('bagdar.yaml has no editions line');
  writeFileSync(config, text.replace(/^\s*editions:.*\n/m, ''));
  return copy;
}

function compare(name, root) {
  const off = withoutEditions(root);
  const runs = { off: [], on: [] };
  const sizes = {};
  for (let i = 0; i < RUNS; i++) {
    for (const [which, site] of [['off', off], ['on', root]]) {
      const run = buildOnce(site);
      if (i === 0) sizes[which] = { pages: countPages(run.output), bytes: folderBytes(run.output) };
      rmSync(join(run.output, '..'), { recursive: true, force: true });
      runs[which].push(run);
    }
  }
  rmSync(off, { recursive: true, force: true });
  const row = (which) => ({ wall: median(runs[which].map((r) => r.wall)), cpu: median(runs[which].map((r) => r.cpu)), ...sizes[which] });
  return { name, off: row('off'), on: row('on') };
}

const sites = [compare('bundled portal', repo)];
const synthRoot = synthetic(10000);
sites.push(compare('+ 10,000 vacancies', synthRoot));
rmSync(synthRoot, { recursive: true, force: true });

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const lines = sites.map(({ name, off, on }) =>
  `| ${name} | ${off.pages} | ${on.pages} | ${off.wall.toFixed(2)} s | ${on.wall.toFixed(2)} s | ${(on.wall / off.wall).toFixed(2)}× | ${off.cpu.toFixed(2)} s | ${on.cpu.toFixed(2)} s | ${(on.cpu / off.cpu).toFixed(2)}× | ${mib(off.bytes)} | ${mib(on.bytes)} |`);
let runtime = '';
if (runtimeBefore && runtimeAfter) {
  const size = (path) => {
    const bytes = readFileSync(path);
    return { raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
  };
  const [before, after] = [size(runtimeBefore), size(runtimeAfter)];
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
  runtime = `
**The runtime.** The browser runtime with the conversion (results in the reader's script) and
the Arabic-script fold, against the commit before the editions, both before wasm-opt:
${kb(before.raw)} → ${kb(after.raw)} raw (+${kb(after.raw - before.raw)}), ${kb(before.gz)} →
${kb(after.gz)} gzipped (+${kb(after.gz - before.gz)}, ${(after.gz / before.gz).toFixed(2)}×).
`;
}
writeSection('editions', `<!-- editions:begin -->
## The kk-Arab and kk-Latn editions: what they add

Command: \`node benches/editions.mjs RUNTIME_BEFORE.wasm RUNTIME_AFTER.wasm\`. Machine:
${machine('', { browser: false })}. \`bagdar build --today ${today}\` of each site into a fresh folder,
${RUNS} runs with the editions off and on alternating, medians; wall and user + system CPU from
GNU time; the output is the whole folder.

| site | pages off | pages on | wall off | wall on | on ÷ off | CPU off | CPU on | on ÷ off | output off | output on |
|---|---|---|---|---|---|---|---|---|---|---|
${lines.join('\n')}

An edition's page costs about what any page costs: the Kazakh page's context is rendered again
with the edition's language, switcher and alternates, then its text converted and the file
written; so the build grows with the pages (×${(sites[1].on.pages / sites[1].off.pages).toFixed(2)} on the vacancy site). In a \`perf\`
profile of the 10,000-vacancy build the conversion (\`edition::html\`, the search strings) is about a tenth
of the CPU; rendering (tera) and writing are the rest, as for the Cyrillic pages.
${runtime}<!-- editions:end -->`);
