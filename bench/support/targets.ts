// The figures issue 6 asks for (and issue 13 for the recording proxy), per section, and the
// targets a normal run checks.
// Sizes: 1 KB = 1,000 bytes (the stricter reading of "600 KB").

export const SECTIONS = ['bundle', 'pipeline', 'memory', 'endToEnd', 'webview', 'proxy', 'import'] as const;
export type SectionName = (typeof SECTIONS)[number];

/** The keys the JSON line must have, in order (sections may add more). */
export const REQUIRED_KEYS: Record<SectionName, readonly string[]> = {
  pipeline: ['messagesPerSecond', 'jsonParseOnlyPerSecond', 'costRatioToParse'],
  endToEnd: ['sent', 'received', 'p50Ms', 'p99Ms', 'burstRatioToBareCometd'],
  webview: ['events', 'domRows', 'filterMs', 'payloadFilterMs', 'frameP95Ms'],
  memory: ['retainedBytesPerEvent', 'rawBytesPerEvent', 'soakHeapRatio'],
  bundle: ['extensionBytes', 'webviewBytes', 'extensionLoadMs'],
  proxy: ['addedLatencyP50Ms', 'addedLatencyP99Ms', 'notificationRatioToDirect'],
  // Issue 17: large recordings (bench/sections/import.ts defines each figure).
  import: ['eventsPerSecond', 'peakHeapMB', 'heapAtCapacityMB', 'replayLagP99Ms'],
};

export type Figures = Record<string, number>;

export interface Target {
  section: SectionName;
  key: string;
  /** Human form, e.g. "≥ 50,000". */
  describe: (figures: Figures) => string;
  met: (value: number, figures: Figures) => boolean;
}

const n = (value: number): string => value.toLocaleString('en-US');
const atLeast = (section: SectionName, key: string, bound: number): Target => ({
  section,
  key,
  describe: () => `≥ ${n(bound)}`,
  met: (value) => value >= bound,
});
const atMost = (section: SectionName, key: string, bound: number): Target => ({
  section,
  key,
  describe: () => `≤ ${n(bound)}`,
  met: (value) => value <= bound,
});

export const TARGETS: readonly Target[] = [
  atLeast('pipeline', 'messagesPerSecond', 50_000),
  atMost('pipeline', 'costRatioToParse', 3),
  {
    section: 'endToEnd',
    key: 'received',
    describe: (f) => `= sent (${n(f.sent)})`,
    met: (value, f) => value === f.sent && f.sent > 0,
  },
  atMost('endToEnd', 'p99Ms', 250),
  atLeast('endToEnd', 'burstRatioToBareCometd', 0.9),
  atMost('webview', 'domRows', 300),
  atMost('webview', 'filterMs', 100),
  atMost('webview', 'payloadFilterMs', 100),
  atMost('webview', 'frameP95Ms', 16),
  {
    section: 'memory',
    key: 'retainedBytesPerEvent',
    describe: (f) => `≤ 3 × raw (${n(3 * f.rawBytesPerEvent)})`,
    met: (value, f) => value <= 3 * f.rawBytesPerEvent,
  },
  atMost('memory', 'soakHeapRatio', 1.2),
  atMost('bundle', 'extensionBytes', 600_000),
  atMost('bundle', 'webviewBytes', 400_000),
  atMost('bundle', 'extensionLoadMs', 30),
  atMost('proxy', 'addedLatencyP50Ms', 2),
  atMost('proxy', 'addedLatencyP99Ms', 10),
  atLeast('proxy', 'notificationRatioToDirect', 0.9),
  atLeast('import', 'eventsPerSecond', 50_000),
  {
    section: 'import',
    key: 'peakHeapMB',
    describe: (f) => `≤ 2 × heap at capacity (${n(2 * f.heapAtCapacityMB)})`,
    met: (value, f) => f.heapAtCapacityMB > 0 && value <= 2 * f.heapAtCapacityMB,
  },
  atMost('import', 'replayLagP99Ms', 10),
];
