// Each benchmark section runs in its own node process (fresh heap, its own JIT state, and
// node flags such as --expose-gc where a section needs them). A section prints progress on
// stderr and its figures as ONE line on stdout, prefixed with RESULT_PREFIX; bench/index.ts
// reads that line.

export const RESULT_PREFIX = 'BENCH-RESULT ';

export type Figures = Record<string, number | boolean | string>;

export interface SectionContext {
  /** Tiny sizes, a few seconds in all (CI). */
  quick: boolean;
  /** A progress line on stderr. */
  log(line: string): void;
}

export function runSection(name: string, run: (context: SectionContext) => Promise<Figures>): void {
  const quick = process.argv.includes('--quick');
  const log = (line: string): void => void process.stderr.write(`  [${name}] ${line}\n`);
  run({ quick, log }).then(
    (figures) => {
      process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(figures)}\n`);
      // Sockets, timers or a browser left by a dependency must not keep the section alive.
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`  [${name}] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

/** Resolves when `condition` holds; rejects after `timeoutMs` (never a fixed sleep). */
export async function waitUntil(what: string, condition: () => boolean, timeoutMs: number, pollMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
