// A vacancy export with every row wrong: the time `bagdar check` takes to report it. A feed that
// writes region names where Bagdar expects ids ("Павлодарская область" for `pavlodar`) gets an
// error in every row; the report must cost about what reading the file costs, and list the
// first problems of the file with a count of the rest.
//
// Usage (from the repository root, after `npm ci` in benches/):
//   cargo build --release --bin bagdar
//   node benches/bad_export.mjs                      # 60,000 rows
//   node benches/bad_export.mjs --rows 100000
//   node benches/bad_export.mjs --before OLD_BAGDAR_BINARY "label" [--before-rows 5000,20000]
//
// With --before, the old binary and this checkout's are also timed on smaller exports
// (--before-rows): a binary whose report grows with the square of the rows takes minutes on the
// large one. The bundled portal is copied into a temporary folder with the export added;
// each figure is the median of RUNS runs (wall and CPU from GNU time, peak memory).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repo } from '../tests/browser/harness.js';
import { bagdar, machine, median, today, writeSection } from './common.mjs';

const RUNS = 3;
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const ROWS = Number(option('--rows', '60000'));
const beforeAt = args.indexOf('--before');
const before = beforeAt >= 0 ? { binary: args[beforeAt + 1], label: args[beforeAt + 2] ?? 'before' } : null;
const BEFORE_ROWS = option('--before-rows', '5000,20000').split(',').map(Number);
for (const [name, path] of [['GNU time', '/usr/bin/time'], ['the release binary', bagdar], ...(before ? [['the old binary', before.binary]] : [])]) {
  if (!existsSync(path)) {
    console.error(`error: ${name} is missing: ${path}`);
    process.exit(1);
  }
}

const header = 'id,title_kk,title_ru,title_en,employer,region,locality,category,salary_min,salary_max,employment,schedule,housing,contact,posted,expires,sample';

/** The bundled portal with an export of `rows` rows, each naming its region by name. */
function siteWithBadExport(rows) {
  const root = mkdtempSync(join(tmpdir(), 'bagdar-bad-export-'));
  for (const part of ['bagdar.yaml', 'content', 'themes', 'static']) {
    if (existsSync(join(repo, part))) cpSync(join(repo, part), join(root, part), { recursive: true });
  }
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    lines.push(`bad-${i},Тәрбиеші,Воспитатель,Teacher,ТОО «Образец»,Павлодарская область,Экибастуз,education,240000,330000,full-time,"5/2, 9:00–18:00",no,+7 700 000 ${String(i % 100).padStart(2, '0')} 00,2026-11-01,2027-01-31,yes`);
  }
  const file = join(root, 'content/vacancies/bad-export.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { root, bytes: statSync(file).size };
}

/** One `bagdar check --format json`: wall and CPU seconds, peak memory, what it listed. */
function checkOnce(binary, root) {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', binary, 'check', '--root', root, '--today', today, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (run.status !== 1) throw new Error(`${binary} check exited ${run.status}, not 1: ${run.stderr}`);
  const [wall, user, system, kib] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  const findings = run.stdout.trim().split('\n').map((line) => JSON.parse(line)).filter((f) => f.file.endsWith('bad-export.csv'));
  const more = findings.map((f) => f.message.match(/^…and (\d+) more problems/)).find(Boolean);
  return { wall, cpu: user + system, mib: kib / 1024, listed: findings.length, more: more ? Number(more[1]) : 0 };
}

function measure(binary, rows) {
  const { root, bytes } = siteWithBadExport(rows);
  try {
    const runs = Array.from({ length: RUNS }, () => checkOnce(binary, root));
    const { listed, more } = runs[0];
    return { rows, bytes, listed, more, wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)), mib: median(runs.map((r) => r.mib)) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const row = (label, m) =>
  `| ${label} | ${m.rows.toLocaleString('en')} | ${(m.bytes / 2 ** 20).toFixed(1)} MiB | ${m.wall.toFixed(2)} s | ${m.cpu.toFixed(2)} s | ${m.mib.toFixed(0)} MiB | ${m.listed.toLocaleString('en')} | ${m.more.toLocaleString('en')} |`;
const lines = [row('this checkout', measure(bagdar, ROWS))];
const ratios = [];
for (const rows of before ? BEFORE_ROWS : []) {
  const old = measure(before.binary, rows);
  const now = measure(bagdar, rows);
  lines.push(row(before.label, old), row('this checkout', now));
  ratios.push(`${(old.wall / now.wall).toFixed(1)}× on ${rows.toLocaleString('en')} rows`);
}
const ratio = ratios.length ? `\nWall time of ${before.label} ÷ this checkout: ${ratios.join(', ')}. On a small export most of this checkout's time is the load of the rest of the portal.\n` : '';

writeSection('bad-export', `<!-- bad-export:begin -->
## A vacancy export with every row wrong: \`bagdar check\`

Command: \`node benches/bad_export.mjs${before ? ` --before OLD_BINARY "${before.label}" --before-rows ${BEFORE_ROWS.join(',')}` : ''}\` (after \`npm ci\` in \`benches/\`). Machine: ${machine('', { browser: false })}.
The bundled portal with one more CSV export whose every row names its region by name
("Павлодарская область") instead of by id, so each row is an error; \`bagdar check --today ${today}
--format json\`, medians of ${RUNS} runs; wall and user + system CPU and peak memory from GNU
time. "Listed" is the findings in that file: the first problems, then one that counts the rest
("…and N more problems in this file").

| binary | rows | export | wall | user + system | peak memory | listed | counted in the last line |
|---|---|---|---|---|---|---|---|
${lines.join('\n')}
${ratio}<!-- bad-export:end -->`);
