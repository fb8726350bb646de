// Reading and writing NDJSON stream files for the inspector (dialog options and file I/O only;
// the format lives in src/model/ndjson.ts). Which file to write is never an argument of a
// command: it comes from the save dialog (see the export command).
import * as fs from 'node:fs';
import { once } from 'node:events';
import * as vscode from 'vscode';
import { ndjsonLines, ndjsonRecordLines, type ExportedSource } from '../../model/ndjson';
import { readNdjsonChunks, readNdjsonFile, type ChunkReadResult } from '../../model/ndjsonReader';
import { withDelayedProgress } from './delayedProgress';
import type { StreamLog, StreamRecord } from '../../model/streamLog';

const NDJSON_FILTERS = { 'NDJSON stream': ['ndjson', 'jsonl'], 'All files': ['*'] };

/** The save dialog an export asks with. */
export function exportDialog(title = vscode.l10n.t('Export GWS Notifications')): vscode.SaveDialogOptions {
  return { title, defaultUri: defaultExportUri(), filters: NDJSON_FILTERS };
}

/** The open dialog an import asks with. */
export function importDialog(): vscode.OpenDialogOptions {
  return { title: vscode.l10n.t('Import GWS Notifications'), canSelectMany: false, filters: NDJSON_FILTERS };
}

/** Writes the log to `target`, a file the user chose in the save dialog. */
export async function exportStream(log: StreamLog, sources: readonly ExportedSource[], target: vscode.Uri): Promise<void> {
  await writeLines(target, () => ndjsonLines(log, new Date(), sources));
}

/** Writes some of a log's records (the rows a filter shows) to `target`, redacted like an export. */
export async function exportRecords(records: readonly StreamRecord[], sources: readonly ExportedSource[], target: vscode.Uri): Promise<void> {
  const used = new Set(records.map((record) => record.source ?? ''));
  await writeLines(target, () => ndjsonRecordLines(records, { sources: sources.filter((source) => used.has(source.id)) }));
}

async function writeLines(target: vscode.Uri, lines: () => Iterable<string>): Promise<void> {
  if (target.scheme === 'file') {
    await writeLinesToFile(target.fsPath, lines());
  } else {
    const text = Array.from(lines()).join('');
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  }
}

/** Pieces a file is read in (a local file is never read whole). */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Reads a stream file a chunk at a time (ndjsonReader.ts), keeping the newest `capacity`
 * records, with progress and Cancel when it takes over a second. A local file streams from
 * disk; another file system (a remote workspace) only hands out whole files, which are then
 * fed in chunks. Cancelled, it keeps what it read.
 */
export async function importStream(source: vscode.Uri, capacity: number): Promise<ChunkReadResult> {
  return withDelayedProgress(vscode.l10n.t('GWS: reading {0}', fileNameOf(source)), async ({ report, cancelled }) => {
    const progress = (total: number) => (read: number) => report(total > 0 ? read / total : 1);
    if (source.scheme === 'file') {
      const total = (await fs.promises.stat(source.fsPath)).size;
      // Twice from disk: counted, then only the newest `capacity` records parsed (ndjsonReader.ts).
      const open = () => fs.createReadStream(source.fsPath, { highWaterMark: CHUNK_BYTES });
      return readNdjsonFile(open, { capacity, cancelled, progress: progress(total) });
    }
    const bytes = await vscode.workspace.fs.readFile(source);
    return readNdjsonChunks(piecesOf(bytes), { capacity, cancelled, progress: progress(bytes.byteLength) });
  });
}

async function* piecesOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += CHUNK_BYTES) {
    yield bytes.subarray(at, at + CHUNK_BYTES);
    // A turn of the event loop between pieces: Cancel and the progress notification get a say.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export function fileNameOf(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString();
}

function defaultExportUri(): vscode.Uri | undefined {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, `gws-notifications-${stamp}.ndjson`) : undefined;
}

/** Streams the lines to disk: an export of 50,000 events is never one giant string. */
async function writeLinesToFile(path: string, lines: Iterable<string>): Promise<void> {
  const stream = fs.createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  // Handled by the races below; this only stops an error between writes being "unhandled".
  failed.catch(() => undefined);
  try {
    for (const line of lines) {
      if (!stream.write(line)) await Promise.race([once(stream, 'drain'), failed]);
    }
    stream.end();
    await Promise.race([once(stream, 'finish'), failed]);
  } finally {
    stream.destroy();
  }
}
