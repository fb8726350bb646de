// Clearing the inspector's stream. The Clear button sits next to Export and a cleared stream
// cannot be brought back, so it asks first, naming how many rows go. No `vscode` import:
// unit-tested (test/unit/webviews/inspector/clearStream.test.ts).
import type { Prompter } from '../../common/prompter';
import type { StreamLog } from '../../model/streamLog';

/** Empties `log` once the user confirmed (a modal); resolves whether it was cleared. */
export async function clearStreamConfirmed(log: StreamLog, prompter: Prompter): Promise<boolean> {
  const count = log.size;
  if (count === 0) return true;
  const rows = `${count.toLocaleString('en-US')} ${count === 1 ? 'row' : 'rows'}`;
  const confirmed = await prompter.confirm(`Clear ${rows} from the GWS inspector?`, 'They cannot be brought back. Export them first to keep them.', `Clear ${rows}`);
  if (confirmed) log.clear();
  return confirmed;
}
