// Reading and writing NDJSON stream files for the inspector (dialogs and file I/O only; the
// format lives in src/model/ndjson.ts).
import * as fs from 'node:fs';
import { once } from 'node:events';
import * as vscode from 'vscode';
import { importNdjson, ndjsonLines, type ExportedSource, type NdjsonImport } from '../../model/ndjson';
import type { StreamLog } from '../../model/streamLog';

const NDJSON_FILTERS = { 'NDJSON stream': ['ndjson', 'jsonl'], 'All files': ['*'] };

/** Asks where to save (unless `target` is given) and writes the log. Undefined = cancelled. */
export async function exportStream(log: StreamLog, sources: readonly ExportedSource[], target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: 'Export GWS Notifications',
      defaultUri: defaultExportUri(),
      filters: NDJSON_FILTERS,
    }));
  if (!uri) return undefined;
  if (uri.scheme === 'file') {
    await writeLinesToFile(uri.fsPath, ndjsonLines(log, new Date(), sources));
  } else {
    const text = Array.from(ndjsonLines(log, new Date(), sources)).join('');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  }
  return uri;
}

/** Asks which file to open (unless `source` is given) and reads it. Undefined = cancelled. */
export async function importStream(
  source: vscode.Uri | undefined,
  capacity: number,
): Promise<{ uri: vscode.Uri; result: NdjsonImport } | undefined> {
  const uri =
    source ??
    (
      await vscode.window.showOpenDialog({
        title: 'Import GWS Notifications',
        canSelectMany: false,
        filters: NDJSON_FILTERS,
      })
    )?.[0];
  if (!uri) return undefined;
  const bytes = await vscode.workspace.fs.readFile(uri);
  const result = importNdjson(Buffer.from(bytes).toString('utf8'), { capacity });
  return { uri, result };
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
