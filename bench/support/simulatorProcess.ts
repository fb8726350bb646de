// The GWS simulator in its own node process (`node dist/simulator-cli.js --port 0`): server
// and client must not share one event loop, or the figures say more about the server than
// about the client (docs/gws-notes.md#throughput).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './repo';

export interface SimulatorProcess {
  url: string;
  /** POST /sim/publish; resolves when the simulator has published the last message. */
  publish(request: { user: string; count: number; ratePerSecond?: number; calls?: number }): Promise<{ sent: number; elapsedMs: number }>;
  stop(): Promise<void>;
}

const LISTENING = /GWS simulator listening on (http:\/\/\S+)/;

export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const cli = path.join(repoRoot(), 'dist', 'simulator-cli.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run "node esbuild.js --production" first`);
  const child = spawn(process.execPath, [cli, '--port', '0', '--scenario', 'none'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`simulator did not start within 15 s: ${output}`)), 15_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited with ${code}: ${output}`));
    });
  });
  // Keep draining its request log: a full pipe would stall the simulator mid-benchmark.
  child.stdout?.removeAllListeners('data');
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url,
    publish: async (request) => {
      const response = await fetch(`${url}/sim/publish`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      });
      const body = (await response.json()) as { sent?: number; elapsedMs?: number; statusMessage?: string };
      if (!response.ok || typeof body.sent !== 'number') throw new Error(`/sim/publish failed: HTTP ${response.status} ${body.statusMessage ?? ''}`);
      return { sent: body.sent, elapsedMs: body.elapsedMs ?? 0 };
    },
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL after 5 s; resolves when the child has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
