// Reading and writing NDJSON stream files for the inspector (dialog options and file I/O only;
// the format lives in src/model/ndjson.ts). Which file to write is never an argument of a
// command: it comes from the save dialog (see the export command).
import * as fs from 'node:fs';
import { once } from 'node:events';
import * as vscode from 'vscode';
import { importNdjson, ndjsonLines, type ExportedSource, type NdjsonImport } from '../../model/ndjson';
import type { StreamLog } from '../../model/streamLog';

const NDJSON_FILTERS = { 'NDJSON stream': ['ndjson', 'jsonl'], 'All files': ['*'] };

/** The save dialog an export asks with. */
export function exportDialog(): vscode.SaveDialogOptions {
  return { title: 'Export GWS Notifications', defaultUri: defaultExportUri(), filters: NDJSON_FILTERS };
}

/** The open dialog an import asks with. */
export function importDialog(): vscode.OpenDialogOptions {
  return { title: 'Import GWS Notifications', canSelectMany: false, filters: NDJSON_FILTERS };
}

/** Writes the log to `target`, a file the user chose in the save dialog. */
export async function exportStream(log: StreamLog, sources: readonly ExportedSource[], target: vscode.Uri): Promise<void> {
  if (target.scheme === 'file') {
    await writeLinesToFile(target.fsPath, ndjsonLines(log, new Date(), sources));
  } else {
    const text = Array.from(ndjsonLines(log, new Date(), sources)).join('');
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  }
}

/** Reads a stream file. */
export async function importStream(source: vscode.Uri, capacity: number): Promise<NdjsonImport> {
  const bytes = await vscode.workspace.fs.readFile(source);
  return importNdjson(Buffer.from(bytes).toString('utf8'), { capacity });
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
