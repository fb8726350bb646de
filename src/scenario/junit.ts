// Scenario results as JUnit XML, the report format CI systems read (Jenkins, GitLab, GitHub
// actions' test reporters): one <testsuite> per scenario file, one <testcase> per step, a
// failed step's expected/received in its <failure>, skipped steps as <skipped/>.
import type { ScenarioResult } from './runner';

export function junitXml(results: ReadonlyArray<{ file: string; result: ScenarioResult }>): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = (pick: (r: ScenarioResult) => number): number => results.reduce((sum, { result }) => sum + pick(result), 0);
  const count = (r: ScenarioResult, status: string): number => r.steps.filter((s) => s.status === status).length;
  lines.push(
    `<testsuites name="gws-scenarios" tests="${total((r) => r.steps.length)}" failures="${total((r) => count(r, 'failed'))}" skipped="${total((r) => count(r, 'skipped'))}" time="${seconds(total((r) => r.durationMs))}">`,
  );
  for (const { file, result } of results) {
    lines.push(
      `  <testsuite name="${escape(result.name)}" file="${escape(file)}" tests="${result.steps.length}" failures="${count(result, 'failed')}" skipped="${count(result, 'skipped')}" time="${seconds(result.durationMs)}">`,
    );
    if (result.server) lines.push(`    <properties><property name="server" value="${escape(result.server)}"/></properties>`);
    for (const step of result.steps) {
      const open = `    <testcase classname="${escape(result.name)}" name="${escape(`${step.index}. ${step.title}`)}" time="${seconds(step.durationMs)}"`;
      if (step.status === 'passed') lines.push(`${open}/>`);
      else if (step.status === 'skipped') lines.push(`${open}><skipped message="an earlier step failed"/></testcase>`);
      else {
        const body = step.expected !== undefined ? `expected: ${step.expected}\nreceived:\n${step.received ?? ''}` : (step.message ?? '');
        lines.push(`${open}>`, `      <failure message="${escape(step.message ?? 'failed')}">${escape(body)}</failure>`, '    </testcase>');
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** XML text and attribute escaping; characters XML 1.0 cannot hold at all are replaced. */
function escape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
