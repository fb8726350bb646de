// The notification inspector's webview panel (one per window). It owns no data: it shows a
// StreamLog (the live one, or one read from an NDJSON file) and forwards the page's requests.
// Traffic to the page is bounded however fast notifications arrive (rowBatcher.ts): after the
// page's `ready` it gets one `reset` with every row, then batched appends/updates. While hidden
// the page does not exist (retainContextWhenHidden is off), so nothing is queued: it asks
// again with `ready`.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { inBackground } from '../../common/background';
import { Disposable } from '../../common/disposable';
import { plainText } from '../../common/plainText';
import type { PrompterHolder } from '../../common/prompter';
import type { Event } from '../../base/emitter';
import type { ConnectionState } from '../../wire/sessionEvents';
import { toCurl } from '../../model/curl';
import type { Sources } from '../../model/sources';
import type { StreamLog, StreamRecord } from '../../model/streamLog';
import { clearStreamConfirmed } from './clearStream';
import { exportDialog, exportRecords, exportStream, fileNameOf, importDialog, importStream } from './inspectorFiles';
import { checkCompareNowRequest } from './pageRequests';
import { recordsInRanges, SelectionRequests, type PageSelection } from './pageSelection';
import type { ShownStream, SourceDto, ToExtension, ToPage } from './protocol';
import { inspectorPageCsp } from './pageCsp';
import { RowBatcher } from './rowBatcher';
import { buildDetail, compareCallWithLatest, compareRecords, copyableJson, operationDetail, toRowDto } from './rows';
import type { InspectorSettingsWatcher } from './settings';

export const INSPECTOR_VIEW_TYPE = 'gws.inspector';

/** The session state the page shows in its header (SessionController and Sessions fit). */
export interface InspectorConnectionSource {
  readonly state: ConnectionState;
  readonly onDidChangeState: Event<ConnectionState>;
  readonly profile?: { readonly name?: string; readonly url?: string; readonly user?: string };
  /** The user a source's rows were sent as, with several sessions (Copy as curl). */
  userOf?(source: string | undefined): string | undefined;
}

export interface InspectorDeps {
  extensionUri: vscode.Uri;
  /** The live stream (fed by the pipeline). */
  log: StreamLog;
  /** Where the live stream's rows come from; the page labels and filters by them. */
  sources: Sources;
  settings: InspectorSettingsWatcher;
  controller?: InspectorConnectionSource;
  logger?: { error(component: string, message: string | Error): void };
  /** Asks the save and open dialogs (integration tests script the answers). */
  prompter: Pick<PrompterHolder, 'current'>;
}

type ResetMessage = Extract<ToPage, { type: 'reset' }>;

/** What an import read: records, bad lines (the first ones word for word), and whether it was cancelled. */
export interface ImportOutcome {
  count: number;
  errors: string[];
  errorCount: number;
  /** Records not shown: the file's own dropped count and those beyond gws.inspector.maxEvents. */
  dropped: number;
  cancelled: boolean;
}
/** The rows the page picked (pageSelection.ts), as records of the log it shows. */
export interface PickedRows {
  /** The rows selected, oldest first (those still in the log). */
  selected: StreamRecord[];
  /** The rows the filters show, oldest first. */
  filtered: StreamRecord[];
  filterActive: boolean;
}

/** The live stream with the model's sources, or a file with the sources its header names. */
type Shown = { log: StreamLog; view: ShownStream; sources: () => SourceDto[] };

export class InspectorPanel extends Disposable {
  static current: InspectorPanel | undefined;

  /** Test hook: every message posted to the page, in order (nothing is kept, listeners only). */
  readonly onDidPost: vscode.Event<ToPage>;
  /** Test hook: the last `reset` posted. */
  lastReset: ResetMessage | undefined;

  private readonly postEmitter = new vscode.EventEmitter<ToPage>();
  private shown: Shown;
  private ready = false;
  private readonly batcher = this.register(
    new RowBatcher({
      canPost: () => this.canPost(),
      post: (message) => this.post(message),
      sendReset: () => this.sendReset(),
      missed: (count) => (this.missedWhileAway += count),
      wantsPayloads: () => this.payloadsWanted,
    }),
  );
  /** Events that happened while the page could not receive them (hidden, loading, a file shown). */
  private missedWhileAway = 0;
  /** The page has searched payloads: rows carry their payload text from then on (rows.ts). */
  private payloadsWanted = false;
  private pendingFocusCallId: string | undefined;
  /** Requests for the page's selection and filtered rows, answered by the page (pageSelection.ts). */
  private readonly selectionRequests = new SelectionRequests();

  /** Opens the inspector, or brings the open one forward. */
  static createOrShow(deps: InspectorDeps): InspectorPanel {
    if (InspectorPanel.current) {
      InspectorPanel.current.panel.reveal(undefined, false);
      return InspectorPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      INSPECTOR_VIEW_TYPE,
      vscode.l10n.t('GWS Notifications'),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { ...webviewOptions(deps.extensionUri), enableFindWidget: true, retainContextWhenHidden: false },
    );
    return new InspectorPanel(panel, deps);
  }

  /** A panel VS Code restored after a window reload (see registerInspectorSerializer). */
  static revive(panel: vscode.WebviewPanel, deps: InspectorDeps): InspectorPanel {
    InspectorPanel.current?.dispose();
    return new InspectorPanel(panel, deps);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: InspectorDeps,
  ) {
    super();
    InspectorPanel.current = this;
    this.onDidPost = this.postEmitter.event;
    this.register(this.postEmitter);
    this.shown = this.liveStream();
    this.batcher.show(deps.log);

    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'gws.svg');
    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.webview.html = renderHtml(panel.webview, deps.extensionUri);

    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((message: ToExtension) => void this.receive(message)));
    this.register(
      panel.onDidChangeViewState(() => {
        // Hidden = the page is gone; it reloads and says `ready` when shown again.
        if (!panel.visible) this.pageGone();
      }),
    );
    this.register(deps.settings.onDidChange(() => this.batcher.requestReset()));
    this.register(
      deps.sources.onDidChange(() => {
        if (this.shown.view.kind === 'live' && this.ready) this.post({ type: 'sources', sources: this.shown.sources() });
      }),
    );
    if (deps.controller) {
      const controller = deps.controller;
      this.register(controller.onDidChangeState(() => this.postConnection()));
    }
  }

  /** The log on screen: the live stream, or an imported file. */
  get shownLog(): StreamLog {
    return this.shown.log;
  }

  get view(): ShownStream {
    return this.shown.view;
  }

  /** Test hook: events the page missed while hidden or away (a reset catches it up). */
  get missedEvents(): number {
    return this.missedWhileAway;
  }

  /** Shows an imported file's events until the user goes back to live. */
  showFile(log: StreamLog, name: string, sources: readonly SourceDto[] = []): void {
    const copy = sources.map((source) => ({ ...source }));
    this.show({ log, view: { kind: 'file', name }, sources: () => copy });
  }

  showLive(): void {
    this.show(this.liveStream());
  }

  private liveStream(): Shown {
    return { log: this.deps.log, view: { kind: 'live' }, sources: () => this.deps.sources.all().map((s) => ({ ...s })) };
  }

  /** Filters the page to one call (after the next reset if the page is still loading). */
  focusCall(callId: string): void {
    if (this.ready) this.post({ type: 'focusCall', callId });
    else this.pendingFocusCallId = callId;
  }

  /** Handles one message from the page (public so integration tests can act as the page). */
  async receive(message: ToExtension): Promise<void> {
    try {
      switch (message?.type) {
        case 'ready':
          this.ready = true;
          this.sendReset();
          this.postConnection();
          if (this.pendingFocusCallId !== undefined) {
            this.post({ type: 'focusCall', callId: this.pendingFocusCallId });
            this.pendingFocusCallId = undefined;
          }
          break;
        case 'requestDetail': {
          const record = this.shown.log.get(message.seq);
          this.post({ type: 'detail', seq: message.seq, detail: record ? buildDetail(record) : undefined });
          break;
        }
        case 'payloadSearch':
          // Once: the page keeps the texts it was sent; a reset sends every row with its text.
          if (!this.payloadsWanted) {
            this.payloadsWanted = true;
            this.batcher.requestReset();
          }
          break;
        case 'requestCompare': {
          const a = this.shown.log.get(message.a);
          const b = this.shown.log.get(message.b);
          this.post({ type: 'compare', a: message.a, b: message.b, diff: a && b ? compareRecords(a, b) : undefined });
          break;
        }
        case 'requestCompareNow': {
          const { seq, callId } = checkCompareNowRequest(message);
          const { latest, diff } = compareCallWithLatest(this.shown.log, seq, callId);
          this.post({ type: 'compareNow', seq, callId, latest, diff });
          break;
        }
        case 'clear':
          await clearStreamConfirmed(this.shown.log, this.deps.prompter.current);
          break;
        case 'export':
          await this.exportShown();
          break;
        case 'import':
          await this.importFile();
          break;
        case 'backToLive':
          this.showLive();
          break;
        case 'copyJson':
          await this.copyJson(message.seq);
          break;
        case 'copyCurl':
          await this.copyCurl(message.seq);
          break;
        case 'selection':
          this.selectionRequests.answer(message.requestId, message.selection);
          break;
      }
    } catch (error) {
      this.deps.logger?.error('inspector', error instanceof Error ? error : String(error));
      void vscode.window.showErrorMessage(plainText(vscode.l10n.t('GWS inspector: {0}', error instanceof Error ? error.message : String(error))));
    }
  }

  /**
   * Exports what the panel shows to the file the user picks in the save dialog. `target`
   * skips the dialog: for the testing API only, never from a command's arguments.
   */
  async exportShown(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const uri = target ?? (await this.deps.prompter.current.saveFile(exportDialog()));
    if (!uri) return undefined;
    await exportStream(this.shown.log, this.shown.sources(), uri);
    vscode.window.setStatusBarMessage(plainText(vscode.l10n.t('GWS: exported {0} events to {1}', this.shown.log.size, fileNameOf(uri))), 5000);
    return uri;
  }

  /**
   * The rows selected in the page and the rows its filters show, asked from the page now;
   * undefined when no page can answer (hidden, still loading). Only when a command needs them:
   * the page never posts its selection as it changes.
   */
  async pickedRows(): Promise<PickedRows | undefined> {
    if (!this.canPost()) return undefined;
    const picked: PageSelection | undefined = await this.selectionRequests.ask((requestId) => this.post({ type: 'requestSelection', requestId }));
    if (!picked) return undefined;
    const rows = this.shown.log.rows();
    return { selected: recordsInRanges(rows, picked.selected), filtered: recordsInRanges(rows, picked.filtered), filterActive: picked.filterActive };
  }

  /**
   * Exports the rows the page's filters show to the file the user picks in the save dialog
   * (never a file named by an argument). Answers the URI written, undefined if cancelled or
   * when the page could not say which rows it shows.
   */
  async exportFiltered(): Promise<vscode.Uri | undefined> {
    const picked = await this.pickedRows();
    if (!picked) {
      await this.deps.prompter.current.warning(vscode.l10n.t('GWS: the inspector could not say which rows it shows: open it and try again.'));
      return undefined;
    }
    const uri = await this.deps.prompter.current.saveFile(exportDialog(vscode.l10n.t('Export Filtered GWS Notifications')));
    if (!uri) return undefined;
    await exportRecords(picked.filtered, this.shown.sources(), uri);
    vscode.window.setStatusBarMessage(plainText(vscode.l10n.t('GWS: exported {0} filtered events to {1}', picked.filtered.length, fileNameOf(uri))), 5000);
    return uri;
  }

  /** Shows a stream file: `source`, or the one the user picks in the open dialog. */
  async importFile(source?: vscode.Uri): Promise<ImportOutcome | undefined> {
    const uri = source ?? (await this.deps.prompter.current.openFile(importDialog()));
    if (!uri) return undefined;
    const result = await importStream(uri, this.deps.settings.current.maxEvents);
    this.showFile(result.log, fileNameOf(uri), result.sources);
    // The file's name and lines are the file's text: plain text in the notifications.
    if (result.cancelled) {
      void vscode.window.showInformationMessage(
        plainText(vscode.l10n.t('GWS: import of {0} cancelled at line {1}: showing the {2} events read until then.', fileNameOf(uri), result.lines, result.log.size)),
      );
    }
    if (result.errorCount > 0) {
      const shownErrors = result.errors.slice(0, 3).join('; ');
      void vscode.window.showWarningMessage(
        plainText(vscode.l10n.t('GWS: {0}: {1} line(s) could not be read ({2}).', fileNameOf(uri), result.errorCount, shownErrors)),
      );
    }
    return { count: result.count, errors: result.errors, errorCount: result.errorCount, dropped: result.log.dropped, cancelled: result.cancelled };
  }

  override dispose(): void {
    if (InspectorPanel.current === this) InspectorPanel.current = undefined;
    if (this.isDisposed) return;
    this.selectionRequests.cancelAll();
    super.dispose();
    this.panel.dispose();
  }

  // ---- the stream → the page -----------------------------------------------------------

  private show(shown: Shown): void {
    this.shown = shown;
    this.batcher.show(shown.log);
  }

  private canPost(): boolean {
    return this.ready && this.panel.visible && !this.isDisposed;
  }

  private pageGone(): void {
    this.ready = false;
    this.batcher.pageGone();
    this.selectionRequests.cancelAll();
  }

  private sendReset(): void {
    this.batcher.markResetSent();
    this.missedWhileAway = 0;
    const log = this.shown.log;
    const message: ResetMessage = {
      type: 'reset',
      rows: log.rows().map((r) => toRowDto(r, this.payloadsWanted)),
      dropped: log.dropped,
      view: this.shown.view,
      sources: this.shown.sources(),
      settings: this.deps.settings.current,
      bundle: vscode.l10n.bundle,
    };
    this.lastReset = message;
    this.post(message);
  }

  private postConnection(): void {
    const controller = this.deps.controller;
    if (!controller || !this.ready) return;
    this.post({ type: 'connection', state: controller.state, text: connectionText(controller) });
  }

  private post(message: ToPage): void {
    if (this.isDisposed) return;
    // Rejects when the webview went away meanwhile; the page asks again with `ready`.
    inBackground(this.panel.webview.postMessage(message), (error) => this.deps.logger?.error('inspector', `Posting ${message.type} to the page failed: ${error}`));
    this.postEmitter.fire(message);
  }

  // ---- clipboard ---------------------------------------------------------------------------

  private async copyJson(seq: number): Promise<void> {
    const record = this.shown.log.get(seq);
    if (!record) return void vscode.window.setStatusBarMessage(vscode.l10n.t('GWS: event #{0} is no longer in the stream', seq), 4000);
    await vscode.env.clipboard.writeText(copyableJson(record));
    vscode.window.setStatusBarMessage(vscode.l10n.t('GWS: copied event #{0} as JSON', seq), 3000);
  }

  private async copyCurl(seq: number): Promise<void> {
    const record = this.shown.log.get(seq);
    const detail = record ? operationDetail(record) : undefined;
    if (!detail) return void vscode.window.setStatusBarMessage(vscode.l10n.t('GWS: event #{0} is not a REST operation', seq), 4000);
    const controller = this.deps.controller;
    const userName = controller?.userOf ? controller.userOf(record?.source) : controller?.profile?.user;
    await vscode.env.clipboard.writeText(toCurl(detail, { userName }));
    vscode.window.setStatusBarMessage(plainText(vscode.l10n.t('GWS: copied {0} as a curl command (password masked)', record?.type ?? vscode.l10n.t('operation'))), 3000);
  }
}

/** Restores the inspector after a window reload (needs `onWebviewPanel:gws.inspector`). */
export function registerInspectorSerializer(deps: InspectorDeps): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
      // The page's own state (filters, selection) comes back through its getState(); the
      // rows come from the live log on `ready`. An imported file is not restored.
      InspectorPanel.revive(panel, deps);
    },
  });
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** The page shell, under the policy of pageCsp.ts (a fresh nonce per load). */
export function renderHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = crypto.randomBytes(16).toString('hex');
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const csp = inspectorPageCsp(nonce, webview.cspSource);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta property="csp-nonce" content="${nonce}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" nonce="${nonce}" href="${asset('media', 'inspector.css')}">
  <title>GWS Notifications</title>
</head>
<body>
  <div id="app"></div>
  <script nonce="${nonce}" src="${asset('dist', 'webview', 'inspector.js')}"></script>
</body>
</html>`;
}

function connectionText(controller: InspectorConnectionSource): string {
  const where = controller.profile?.name || controller.profile?.url || 'GWS';
  switch (controller.state) {
    case 'signedOut':
      return vscode.l10n.t('Not signed in');
    case 'signingIn':
      return vscode.l10n.t('Signing in to {0}…', where);
    case 'connected':
      return vscode.l10n.t('Connected to {0}', where);
    case 'reconnecting':
      return vscode.l10n.t('Connection to {0} lost, reconnecting…', where);
    case 'failed':
      return vscode.l10n.t('Connection to {0} failed', where);
    default:
      return String(controller.state);
  }
}
