// `npm run bench [-- --quick] [-- --json]`: the performance benchmark of issue 6 (and the
// recording proxy's section, issue 13).
//   (no flag)  full sizes; prints every figure with its target and ✓/✗; exits 1 on a miss.
//   --quick    tiny sizes, every section still runs (CI keeps the benchmark from rotting);
//              no thresholds, exits 0 unless a section breaks.
//   --json     also prints one JSON object as the LAST line of stdout.
//   --only=a,b run some sections (development; the JSON then lacks the others).
//   --profile  each section writes a CPU profile to bench-profiles/ (node --cpu-prof).
// Each section runs in its own node process (bench/sections/*.ts, see support/section.ts).
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { RESULT_PREFIX } from './support/section';
import { REQUIRED_KEYS, SECTIONS, TARGETS, type Figures, type SectionName } from './support/targets';

/** Node flags per section: gc() between phases and before heap readings. */
const NODE_FLAGS: Record<SectionName, string[]> = {
  bundle: [],
  pipeline: ['--expose-gc'],
  memory: ['--expose-gc'],
  endToEnd: ['--expose-gc'],
  webview: [],
  proxy: ['--expose-gc'],
  import: ['--expose-gc'],
};

interface Options {
  quick: boolean;
  json: boolean;
  profile: boolean;
  only: SectionName[];
}

function parseOptions(argv: string[]): Options {
  const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',') ?? [...SECTIONS];
  for (const name of only) {
    if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`--only: unknown section '${name}' (${SECTIONS.join(', ')})`);
  }
  for (const arg of argv) {
    if (!['--quick', '--json', '--profile'].includes(arg) && !arg.startsWith('--only=')) throw new Error(`unknown option ${arg}`);
  }
  return { quick: argv.includes('--quick'), json: argv.includes('--json'), profile: argv.includes('--profile'), only: only as SectionName[] };
}

interface SectionRun {
  figures?: Figures;
  error?: string;
  seconds: number;
}

function runSection(name: SectionName, options: Options): Promise<SectionRun> {
  const script = path.join(__dirname, 'sections', `${name}.js`);
  const flags = [...NODE_FLAGS[name]];
  if (options.profile) flags.push('--cpu-prof', `--cpu-prof-dir=${path.resolve('bench-profiles')}`, `--cpu-prof-name=${name}.cpuprofile`);
  const started = Date.now();
  process.stderr.write(`▶ ${name}\n`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...flags, script, ...(options.quick ? ['--quick'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (code) => {
      const seconds = (Date.now() - started) / 1000;
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) return resolve({ seconds, error: `exited with ${code}${line ? '' : ', no result line'}` });
      const figures = JSON.parse(line.slice(RESULT_PREFIX.length)) as Record<string, unknown>;
      const numeric: Figures = {};
      for (const [key, value] of Object.entries(figures)) numeric[key] = typeof value === 'boolean' ? Number(value) : Number(value);
      const missing = REQUIRED_KEYS[name].filter((key) => !Number.isFinite(numeric[key]));
      resolve(missing.length ? { seconds, figures: numeric, error: `no figure for ${missing.join(', ')}` } : { seconds, figures: numeric });
    });
  });
}

function formatValue(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function table(runs: Map<SectionName, SectionRun>, quick: boolean): { text: string; missed: number } {
  const lines: string[] = [];
  let missed = 0;
  const head = ['section', 'figure', 'value', quick ? 'target (not checked: --quick)' : 'target', ''];
  const rows: string[][] = [];
  for (const [name, run] of runs) {
    for (const key of REQUIRED_KEYS[name]) {
      const value = run.figures?.[key];
      const target = TARGETS.find((t) => t.section === name && t.key === key);
      let verdict = '';
      if (target && !quick) {
        const met = value !== undefined && Number.isFinite(value) && target.met(value, run.figures ?? {});
        verdict = met ? '✓' : '✗';
        if (!met) missed++;
      }
      rows.push([name, key, formatValue(value), target ? target.describe(run.figures ?? {}) : '', verdict]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells: string[]): string =>
    cells.map((cell, i) => (i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  lines.push(format(head), widths.map((w) => '─'.repeat(w)).join('  ').trimEnd(), ...rows.map(format));
  lines.push('', 'more figures:');
  for (const [name, run] of runs) {
    const extra = Object.entries(run.figures ?? {}).filter(([key]) => !REQUIRED_KEYS[name].includes(key));
    const detail = extra.map(([key, value]) => `${key} ${formatValue(value)}`).join(', ');
    lines.push(`  ${name} (${run.seconds.toFixed(1)} s)${run.error ? ` FAILED: ${run.error}` : ''}${detail ? `: ${detail}` : ''}`);
  }
  return { text: lines.join('\n'), missed };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const runs = new Map<SectionName, SectionRun>();
  for (const name of SECTIONS) {
    if (options.only.includes(name)) runs.set(name, await runSection(name, options));
  }
  const { text, missed } = table(runs, options.quick);
  const broken = [...runs.values()].filter((run) => run.error).length;
  const cpus = os.cpus().length;
  process.stdout.write(`\nGWS Call Inspector benchmark (${options.quick ? 'quick, no thresholds' : 'full'}; node ${process.version}, ${cpus} CPUs, load ${os.loadavg()[0].toFixed(1)})\n\n`);
  process.stdout.write(`${text}\n\n`);
  const verdict = broken
    ? `${broken} section(s) failed to run`
    : options.quick
      ? 'quick run: figures only, targets not checked'
      : missed
        ? `${missed} target(s) missed`
        : 'every target met';
  process.stdout.write(`${verdict} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  if (options.json) {
    const json: Record<string, Figures | null> = {};
    for (const name of SECTIONS) if (runs.has(name)) json[name] = runs.get(name)?.figures ?? null;
    process.stdout.write(`${JSON.stringify(json)}\n`);
  }
  process.exitCode = broken || (!options.quick && missed) ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
