// Types for standalone.js (plain Node, runs before any build), used by its unit test.
export interface StandaloneProblem {
  file: string;
  line: number;
  message: string;
}
export const EXEMPT_FILES: ReadonlySet<string>;
export function slugify(heading: string): string;
export function headingAnchors(markdown: string): Set<string>;
export function findProblems(files: Map<string, string | null>): StandaloneProblem[];
export function listRepositoryFiles(root: string): string[];
export function checkRepository(root: string): { fileCount: number; problems: StandaloneProblem[] };
export function formatProblem(problem: StandaloneProblem): string;
