// `npm run scenario -- FILE... [--profile ID] [--junit out.xml]`: runs scenarios from the
// command line (CI), against a fresh built-in simulator per file by default. Exit code 0 when
// every step of every file passed, 1 otherwise (a failed step, a bad file, bad options).
// Built to dist/scenario-cli.js, next to dist/simulator.js, which it loads at run time
// (simulatorBundle.ts) so that the runner shares no code with the simulator.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { redactText } from '../base/redact';
import { junitXml } from './junit';
import { parseScenario } from './parse';
import { resolveProfile as resolveProfileIn } from './profileResolver';
import { runScenario, type ResolvedProfile, type RunningServer, type ScenarioResult, type StepResult } from './runner';
import { startBundledSimulator } from './simulatorBundle';

const HELP = `Runs GWS scenarios (*.gws-scenario.json) and reports each step.

Usage: npm run scenario -- FILE... [options]

Options:
  --profile <id>     run against a server profile instead of the built-in simulator: its id or
                     name in gws.profiles of --settings; the password comes from GWS_PASSWORD
  --settings <file>  VS Code settings (JSON) with gws.profiles (default: settings.json in the .vscode folder)
  --junit <file>     also write a JUnit XML report there
  --help             this text

Exit code: 0 when every scenario passed, 1 otherwise.`;

export async function main(argv: string[], out: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    out(`${(error as Error).message}\n\n${HELP}`);
    return 1;
  }
  if (args.values.help) {
    out(HELP);
    return 0;
  }
  if (args.positionals.length === 0) {
    out(`No scenario file given.\n\n${HELP}`);
    return 1;
  }
  const profile = args.values.profile;
  const resolveProfile = (name: string): Promise<ResolvedProfile> => profileFromSettings(name, args.values.settings ?? path.join('.vscode', 'settings.json'));
  const startSimulator = (): Promise<RunningServer> => startBundledSimulator(__dirname);
  const results: Array<{ file: string; result: ScenarioResult }> = [];
  for (const file of args.positionals) {
    let result: ScenarioResult;
    try {
      const scenario = parseScenario(fs.readFileSync(file, 'utf8'));
      out(`${file}: ${scenario.name}`);
      result = await runScenario(scenario, { startSimulator, resolveProfile, profileOverride: profile, onStep: (step) => out(formatStep(step)) });
    } catch (error) {
      const message = redactText((error as Error).message);
      out(`${file}: ${message}`);
      result = { name: path.basename(file), passed: false, durationMs: 0, steps: [{ index: 0, step: { do: 'signIn' }, title: 'read the scenario', status: 'failed', durationMs: 0, message }] };
    }
    out(`${result.passed ? 'PASSED' : 'FAILED'} ${file} in ${result.durationMs} ms${result.server ? ` (${result.server})` : ''}`);
    results.push({ file, result });
  }
  if (args.values.junit) fs.writeFileSync(args.values.junit, junitXml(results));
  const failed = results.filter((r) => !r.result.passed).length;
  out(`${results.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { profile: { type: 'string' }, settings: { type: 'string' }, junit: { type: 'string' }, help: { type: 'boolean' } },
  });
}

function formatStep(step: StepResult): string {
  const mark = step.status === 'passed' ? '✔' : step.status === 'failed' ? '✘' : '-';
  const head = `  ${mark} ${step.index}. ${step.title} (${step.durationMs} ms)`;
  if (step.status !== 'failed') return head;
  const detail = step.expected !== undefined ? [`      expected: ${step.expected}`, '      received:', ...(step.received ?? '').split('\n').map((line) => `        ${line}`)] : [`      ${step.message ?? ''}`];
  return [head, ...detail].join('\n');
}

/** A gws.profiles entry (by id or name) of a VS Code settings file, with the password from GWS_PASSWORD. */
async function profileFromSettings(name: string, settingsFile: string): Promise<ResolvedProfile> {
  let settings: unknown;
  try {
    settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read gws.profiles from ${settingsFile} (plain JSON, no comments): ${(error as Error).message}`, { cause: error });
  }
  return resolveProfileIn(name, {
    entries: typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>)['gws.profiles'] : undefined,
    where: `gws.profiles of ${settingsFile}`,
    password: () => process.env.GWS_PASSWORD || undefined,
    noPassword: (found) => `set GWS_PASSWORD to the password of ${found.user} (profile '${name}'): passwords are never read from files`,
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(redactText(String(error)));
      process.exit(1);
    },
  );
}
