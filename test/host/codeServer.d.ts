// Types for the parts of codeServer.js (plain Node, runs before any build) that TypeScript
// test code uses.
export function freePort(): Promise<number>;
export function codeServerArgs(options: {
  entry: string;
  runDir: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  folder: string;
}): string[];
export const CHROMIUM_ARGS: string[];
export const CHROMIUM_PATH: string;
