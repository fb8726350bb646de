// "What changed": userData added / removed / changed (old → new), capabilities gained / lost,
// other call fields. Shown first in the detail pane because it is why people open a row. A
// chat, email, device or channel diff (EntityDiff) has the same sections under a heading
// naming its kind and id.
import * as l10n from '@vscode/l10n';
import type { CallDiff, EntityDiff, ParticipantsDiff } from '../../webviews/inspector/protocol';
import { el } from './dom';
import { formatValue } from './format';

type Mark = 'added' | 'removed' | 'changed';
const markText: Record<Mark, string> = { added: '+', removed: '−', changed: '~' };

function markLabel(mark: Mark): string {
  return mark === 'added' ? l10n.t('added') : mark === 'removed' ? l10n.t('removed') : l10n.t('changed');
}

function diffRow(mark: Mark, key: string, value: Node[]): HTMLElement {
  return el('tr', { className: `diff-${mark}` }, [
    el('td', { className: 'diff-mark', text: markText[mark], attrs: { 'aria-label': markLabel(mark) } }),
    el('td', { className: 'diff-key', text: key }),
    el('td', { className: 'diff-value' }, value),
  ]);
}

function oldToNew(oldValue: unknown, newValue: unknown): Node[] {
  return [
    el('span', { className: 'diff-old', text: formatValue(oldValue) }),
    el('span', { className: 'diff-arrow', text: ' → ' }),
    el('span', { className: 'diff-new', text: formatValue(newValue) }),
  ];
}

function table(caption: string, rows: HTMLElement[]): HTMLElement {
  return el('div', { className: 'diff-group' }, [
    el('div', { className: 'diff-caption', text: caption }),
    rows.length
      ? el('table', { className: 'diff-table' }, [el('tbody', {}, rows)])
      : el('div', { className: 'muted', text: l10n.t('no change') }),
  ]);
}

/**
 * Participants party by party: + joined, − left, ~ what changed ("role: Agent → Conference").
 * `asInSeq`: a ParticipantsUpdated that repeats the list of row #asInSeq, which changed it.
 */
function participantsTable(diff: ParticipantsDiff, asInSeq?: number): HTMLElement {
  const rows: HTMLElement[] = [];
  for (const { party, value } of diff.joined) rows.push(diffRow('added', party, [el('span', { className: 'diff-new', text: `joined ${formatValue(value)}` })]));
  for (const { party, value } of diff.left) rows.push(diffRow('removed', party, [el('span', { className: 'diff-old', text: `left ${formatValue(value)}` })]));
  for (const { party, changes } of diff.changed) {
    const values: Node[] = [];
    for (const [key, change] of Object.entries(changes)) {
      if (values.length) values.push(document.createTextNode(', '));
      values.push(el('span', { className: 'diff-field', text: `${key}: ` }), ...oldToNew(change.old, change.new));
    }
    rows.push(diffRow('changed', party, values));
  }
  if (asInSeq === undefined) return table(l10n.t('Participants'), rows);
  const group = table(l10n.t('Participants as in #{0}', asInSeq), rows);
  group.insertBefore(el('div', { className: 'note', text: l10n.t('Unchanged since #{0}: this update announces the change that row showed.', asInSeq) }), group.children[1]);
  return group;
}

export interface DiffViewOptions {
  /** Shown above the sections ("chat 0000Na9B26EF002X"). */
  heading?: string;
  /** What "this" is in the first-notification note; 'call' by default. */
  noun?: string;
  /** The caption of the attached-data table; 'userData' by default. */
  dataLabel?: string;
}

export function diffView(diff: CallDiff, options: DiffViewOptions = {}): HTMLElement {
  const userData: HTMLElement[] = [];
  for (const [key, value] of Object.entries(diff.userData.added)) {
    userData.push(diffRow('added', key, [el('span', { className: 'diff-new', text: formatValue(value) })]));
  }
  for (const [key, value] of Object.entries(diff.userData.removed)) {
    userData.push(diffRow('removed', key, [el('span', { className: 'diff-old', text: formatValue(value) })]));
  }
  for (const [key, change] of Object.entries(diff.userData.changed)) {
    userData.push(diffRow('changed', key, oldToNew(change.old, change.new)));
  }
  const caps = el('div', { className: 'diff-group' }, [el('div', { className: 'diff-caption', text: l10n.t('Capabilities') })]);
  const chips = el('div', { className: 'chips' });
  for (const name of diff.capabilities.gained) chips.appendChild(el('span', { className: 'chip chip-gained', text: `+${name}` }));
  for (const name of diff.capabilities.lost) chips.appendChild(el('span', { className: 'chip chip-lost', text: `−${name}` }));
  caps.appendChild(chips.childElementCount ? chips : el('div', { className: 'muted', text: l10n.t('no change') }));
  // With a participants diff, the raw old → new lists would only repeat it.
  const fields = Object.entries(diff.fields)
    .filter(([key]) => !(key === 'participants' && diff.participants))
    .map(([key, change]) => diffRow('changed', key, oldToNew(change.old, change.new)));
  return el('div', { className: 'diff' }, [
    options.heading !== undefined ? el('div', { className: 'diff-heading', text: options.heading }) : null,
    diff.first
      ? el('div', {
          className: 'note',
          text: options.noun
            ? l10n.t('First notification for this {0}: everything is new.', options.noun)
            : l10n.t('First notification for this call: everything is new.'),
        })
      : null,
    table(options.dataLabel ?? 'userData', userData),
    caps,
    diff.participants ? participantsTable(diff.participants, diff.participantsSeq) : null,
    table(l10n.t('Other fields'), fields),
  ]);
}

/** A chat's, email's, device's, channel's… diff, like a call's, headed by its kind and id. */
export function entityDiffView(diff: EntityDiff): HTMLElement {
  return diffView(diff, { heading: `${diff.kind} ${diff.id}`, noun: diff.kind, dataLabel: diff.dataKey ?? 'userData' });
}
