// What the benchmark scripts share: the synthetic site, medians, folder sizes and page counts,
// the machine line, and writing a section of BENCHMARKS.md.
import { execFileSync, execSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { repo } from '../tests/browser/harness.js';

export const today = '2026-11-23';
export const bagdar = process.env.BAGDAR_BIN || join(repo, 'target/release/bagdar');
export const synth = join(repo, 'target/release/bagdar-synth');
/** Pagefind's extended binary (npm `pagefind`, `npm ci` in benches/), which the build benchmarks run. */
export const pagefindExtended = join(repo, 'benches/node_modules/@pagefind/linux-x64/bin/pagefind_extended');

/** "pagefind 1.6.0": the version the Pagefind binary at `binary` reports. */
export const pagefindVersion = (binary) => execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Bytes of every file under `dir` (0 when there is no such folder). */
export function folderBytes(dir) {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    total += stat.isDirectory() ? folderBytes(path) : stat.size;
  }
  return total;
}

/** The HTML pages under `dir`, not counting the search folders (`search`, `pagefind`). */
export function countPages(dir) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'search' || name === 'pagefind') continue;
    if (statSync(path).isDirectory()) total += countPages(path);
    else if (name.endsWith('.html')) total += 1;
  }
  return total;
}

/** The bundled portal with `count` synthetic vacancies added, in a new temporary folder. */
export function synthetic(count) {
  const root = mkdtempSync(join(tmpdir(), 'bagdar-synth-'));
  for (const part of ['bagdar.yaml', 'content', 'themes', 'static']) {
    if (existsSync(join(repo, part))) cpSync(join(repo, part), join(root, part), { recursive: true });
  }
  writeFileSync(join(root, 'content/vacancies/synthetic.csv'), execFileSync(synth, ['--count', String(count), '--seed', '1', '--today', today], { encoding: 'utf8', maxBuffer: 1 << 30 }));
  return root;
}

/** Cores, CPU, memory, Chromium's version (unless `browser` is false), `extra`, and today's date. */
export function machine(extra = '', { browser = true } = {}) {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
  const chromium = browser ? ` ${execSync('/usr/bin/chromium --version 2>/dev/null', { encoding: 'utf8' }).trim()};` : '';
  // The VM's disk makes file-heavy runs noisy; a run may put its folders on a RAM file system.
  const folders = process.env.TMPDIR ? ` working folders in ${process.env.TMPDIR};` : '';
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB;${chromium}${extra ? ` ${extra};` : ''}${folders} ${new Date().toISOString().slice(0, 10)}`;
}

/** Replaces (or appends) the section between `<!-- name:begin -->` and `<!-- name:end -->`. */
export function writeSection(name, section) {
  const file = join(repo, 'BENCHMARKS.md');
  const begin = `<!-- ${name}:begin -->`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const pattern = new RegExp(`${begin}[\\s\\S]*<!-- ${name}:end -->`);
  text = text.includes(begin) ? text.replace(pattern, () => section) : `${text}\n${section}\n`;
  writeFileSync(file, text);
  console.log(section);
}

/** Runs a command under GNU time: wall and CPU seconds, peak memory in MiB, and its output. */
export function timed(command, commandArgs, cwd) {
  const result = spawnSync('/usr/bin/time', ['-f', '@@ %e %U %S %M', command, ...commandArgs], {
    cwd, encoding: 'utf8', maxBuffer: 1 << 26,
  });
  const line = result.stderr.split('\n').find((l) => l.startsWith('@@ '));
  if (result.status !== 0 || !line) {
    throw new Error(`${command} ${commandArgs.join(' ')} failed (${result.status}):\n${result.stderr.slice(-3000)}`);
  }
  const [wall, user, sys, kb] = line.slice(3).split(' ').map(Number);
  return { wall, cpu: user + sys, mib: kb / 1024, stdout: result.stdout };
}

/** `bagdar build` of `site` into `output`, timed: its stages, pages, documents and sizes. */
export function bagdarBuild(site, output) {
  const run = timed(bagdar, ['build', '--root', site, '--output', output, '--today', today, '--timings'], site);
  const stages = Object.fromEntries([...run.stdout.matchAll(/(load|model|render|index|write) (\d+)/g)].map((m) => [m[1], Number(m[2])]));
  const pages = Number(run.stdout.match(/Built (\d+) pages/)?.[1]);
  const documents = Number(run.stdout.match(/search index of (\d+) documents/)?.[1]);
  return { ...run, stages, pages, documents, out: folderBytes(output), index: folderBytes(join(output, 'search')) };
}

/** `hugo` building the site in `hugo` into `output`, timed, with the output's size. */
export function hugoBuild(hugo, output) {
  const run = timed('hugo', ['--quiet', '--destination', output], hugo);
  return { ...run, out: folderBytes(output) };
}

/** Pagefind indexing the HTML in `site` into `output`, timed, with the index's size. */
export function pagefindIndex(site, output) {
  const run = timed(pagefindExtended, ['--site', site, '--output-path', output, '--root-selector', 'main', '--quiet'], site);
  return { ...run, index: folderBytes(output) };
}
