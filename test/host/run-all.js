// `npm test`: unit → integration → e2e, one summary line per layer and, last, one plain line
// `N passed, N failed` summed over the layers. Exits non-zero when a layer failed or ran no test.
'use strict';

const childProcess = require('node:child_process');
const path = require('node:path');
const host = require('./codeServer.js');

const LAYER_DEADLINE_MS = 15 * 60_000;

const LAYERS = [
  { name: 'unit', command: 'npm', args: ['run', '--silent', 'test:unit'] },
  { name: 'integration', command: process.execPath, args: [path.join(__dirname, 'run-integration.js')] },
  { name: 'e2e', command: process.execPath, args: [path.join(__dirname, 'run-e2e.js')] },
];

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Reads mocha's spec reporter totals ("  12 passing (3s)", "  1 failing", "  2 pending"). */
function mochaTotals(output) {
  const text = output.replace(ANSI, '');
  const count = (word) => {
    let total = 0;
    for (const match of text.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))) total += Number(match[1]);
    return total;
  };
  return { passing: count('passing'), failing: count('failing'), pending: count('pending') };
}

/** Runs one layer, echoing its output as it comes and keeping a copy to read the totals from. */
function runLayer(layer) {
  return new Promise((resolve) => {
    const started = Date.now();
    let output = '';
    const child = childProcess.spawn(layer.command, layer.args, {
      cwd: host.REPO_ROOT,
      env: { ...process.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => {
      output += `\n[host] ${layer.name} did not finish within ${host.formatSeconds(LAYER_DEADLINE_MS)}: stopping it\n`;
      console.error(`[host] ${layer.name} did not finish within ${host.formatSeconds(LAYER_DEADLINE_MS)}: stopping it`);
      host.killTree(child);
    }, LAYER_DEADLINE_MS);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', (error) => {
      output += String(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? (signal ? 1 : 0), seconds: (Date.now() - started) / 1000, ...mochaTotals(output) });
    });
  });
}

function verdict(result) {
  if (result.exitCode !== 0) return `FAILED (exit ${result.exitCode})`;
  if (result.passing === 0) return 'FAILED (no test ran)';
  return 'ok';
}

async function main() {
  const started = Date.now();
  process.once('SIGINT', () => process.exit(130));
  console.log('[host] npm test: unit, integration, e2e');
  try {
    await host.ensureChromium();
    await host.ensureCodeServer();
  } catch (error) {
    console.error(`[host] cannot prepare the test host: ${error.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }

  const summaries = [];
  let passed = 0;
  let failed = 0;
  let anyLayerFailed = false;
  for (const layer of LAYERS) {
    console.log(`\n==== ${layer.name}: ${[path.basename(layer.command), ...layer.args.map((a) => path.relative(host.REPO_ROOT, a) || a)].join(' ')} ====`);
    const result = await runLayer(layer);
    const status = verdict(result);
    anyLayerFailed ||= status !== 'ok';
    passed += result.passing;
    // A layer that failed without a mocha failure (build error, crash, timeout) counts as one.
    failed += Math.max(result.failing, status === 'ok' ? 0 : 1);
    const summary =
      `${layer.name}: ${result.passing} passing, ${result.failing} failing` +
      `${result.pending ? `, ${result.pending} pending` : ''} (${result.seconds.toFixed(1)} s) ${status}`;
    summaries.push(summary);
    console.log(`[host] ${summary}`);
  }

  console.log(`\n==== summary (${host.formatSeconds(Date.now() - started)}) ====`);
  for (const summary of summaries) console.log(summary);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(anyLayerFailed ? 1 : 0);
}

main();
