// Starts bench/support/proxyChild.ts (the recording proxy, its decoder and the model in their own
// node process) in front of `target` and resolves with the URL it listens on.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stopChild } from './simulatorProcess';

export interface ProxyProcess {
  url: string;
  /** Resolves once the proxy has decoded and analysed every tap so far. */
  idle(): Promise<void>;
  /** Stops the proxy; resolves with what it decoded (undefined if it did not say). */
  stop(): Promise<{ notifications: number } | undefined>;
}

const LISTENING = /recording proxy listening on (http:\/\/\S+)/;
const DECODED = /recording proxy decoded (\d+) notifications/;
const IDLE = 'recording proxy idle:';

/**
 * What runs in front of `target`: the recording proxy, or a reference that records nothing
 * (proxyChild.ts): http-proxy-3 alone (`bare`) or a byte-for-byte TCP relay (`relay`).
 */
export type ProxyKind = 'recording' | 'bare' | 'relay';

export async function startProxyProcess(target: string, kind: ProxyKind = 'recording'): Promise<ProxyProcess> {
  // Bundled next to this module's callers: out/bench/sections/*.js → out/bench/support/proxyChild.js.
  const script = path.join(__dirname, '..', 'support', 'proxyChild.js');
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: run "node esbuild.js --tests" first`);
  const child = spawn(process.execPath, [script, target, ...(kind === 'recording' ? [] : [`--${kind}`])], { stdio: ['pipe', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`recording proxy did not start within 15 s: ${output}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`recording proxy exited with ${code}: ${output}`));
    });
  });
  child.stdout?.removeAllListeners('data');
  let after = '';
  let idleWaiters: Array<() => void> = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    after = (after + chunk.toString()).slice(-1000);
    if (!after.includes(IDLE)) return;
    after = after.slice(after.lastIndexOf(IDLE) + IDLE.length);
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  });
  child.stderr?.pipe(process.stderr);
  return {
    url,
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        child.stdin?.write('idle\n');
      }),
    stop: async () => {
      await stopChild(child);
      const match = DECODED.exec(after);
      return match ? { notifications: Number(match[1]) } : undefined;
    },
  };
}
