import * as vscode from 'vscode';
import { plainText } from '../common/plainText';
import { capabilitiesOf } from '../wire/callReader';
import { callName } from '../model/callName';
import { isAllowed } from '../gws/operations';
import type { SessionController } from '../session/sessionController';
import { sessionLabel } from '../session/sessionSummary';
import type { GwsCall } from '../wire/types';
import { callIdOf, sourceOf } from '../views/callNodes';
import type { CommandDeps } from './commandDeps';
import { errorText, showErrorText } from './errorToasts';
import { GwsError } from '../gws/errors';
import { OPERATION_COMMANDS, type OperationCommand } from './operationCommands';
import { paramsTemplate, parseParamsJson } from './inputParsing';
import { noCallAllowsText } from './operationHints';
import { askOperationParams } from './operationPrompts';
import { pickSession } from './sessionPick';

/** A call and the session whose side of it a command acts on. */
interface SessionCall {
  call: GwsCall;
  session: SessionController;
}

export function registerCallOperationCommands(deps: CommandDeps): vscode.Disposable[] {
  const perOperation = OPERATION_COMMANDS.map((spec) =>
    vscode.commands.registerCommand(spec.command, (arg?: unknown) => runOperation(deps, spec.operation, shownTitle(deps, spec), arg)),
  );
  return [
    ...perOperation,
    vscode.commands.registerCommand('gws.call.runOperation', (arg?: unknown) => runAnyOperation(deps, arg)),
    // Make Call (gws.call.dial) is a device operation: agentCommands.ts.
  ];
}

/**
 * The command's title as the palette shows it: VS Code reads package.json with package.nls.json
 * in the display language, so pickers and messages use the same (translated) words. The table's
 * English where the manifest has no title for it.
 */
function shownTitle(deps: CommandDeps, spec: OperationCommand): string {
  const manifest = deps.context.extension.packageJSON as { contributes?: { commands?: { command?: unknown; title?: unknown }[] } };
  const title = manifest.contributes?.commands?.find((c) => c.command === spec.command)?.title;
  return typeof title === 'string' && title !== '' && !title.startsWith('%') ? title : spec.title;
}

/** False after telling the user to sign in first. */
function signedIn(deps: CommandDeps): boolean {
  const any = deps.sessions.list().some((s) => s.active);
  if (!any) void vscode.window.showWarningMessage(vscode.l10n.t('GWS: sign in first ("GWS: Sign In").'));
  return any;
}

/**
 * The call a command applies to, in its session: the tree node it was invoked on, or (from the
 * palette) a quick pick of the live calls whose capabilities allow `operation` right now, in
 * every session (each call then says whose it is: two agents see the same call).
 */
async function resolveCall(deps: CommandDeps, operation: string | undefined, arg: unknown, title = vscode.l10n.t('Run Operation')): Promise<SessionCall | undefined> {
  const id = callIdOf(arg);
  if (id) {
    // A node names its session; a bare call id is looked for in every session.
    const holders = sourceOf(arg) ? [deps.sessions.forSource(sourceOf(arg) ?? '')] : deps.sessions.list().filter((s) => s.store.get(id));
    const session = await pickSession(deps, undefined, vscode.l10n.t('Whose side of the call?'), holders.filter((s): s is SessionController => !!s));
    const call = session?.store.get(id);
    if (!session || !call) {
      void vscode.window.showWarningMessage(plainText(vscode.l10n.t('GWS: {0} is no longer live.', callName(id).text)));
      return undefined;
    }
    return { call, session };
  }
  const sessions = deps.sessions.list();
  const live = sessions.flatMap((session) => session.store.list());
  const candidates = sessions.flatMap((session) => session.store.list().filter((c) => !operation || isAllowed(c, operation)).map((call) => ({ call, session })));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(plainText(`GWS: ${operation ? noCallAllowsText(operation, live) : vscode.l10n.t('there are no live calls.')}`));
    return undefined;
  }
  // Everything but the icon is the server's text: plain text, never a link or an icon.
  const pick = await deps.prompter.current.quickPick(
    candidates.map(({ call, session }) => ({
      label: `$(call-incoming) ${plainText(callName(call).text)}`,
      description: plainText(
        [sessions.length > 1 && session.profile ? sessionLabel(session.profile) : undefined, call.state, call.callType, call.recordingState].filter(Boolean).join(' · '),
      ),
      detail: plainText(call.id),
      call,
      session,
    })),
    { title: `GWS: ${title}`, placeHolder: vscode.l10n.t('Which call?'), matchOnDetail: true },
  );
  return pick ? { call: pick.call, session: pick.session } : undefined;
}

/** Runs one operation; resolves true when the server accepted it (statusCode 0). */
async function runOperation(deps: CommandDeps, operation: string, title: string, arg: unknown): Promise<boolean> {
  if (!signedIn(deps)) return false;
  const target = await resolveCall(deps, operation, arg, commandName(title));
  if (!target) return false;
  const { call, session } = target;
  if (!isAllowed(call, operation)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('GWS: the server does not offer {0} on this call now.', commandName(title)));
    return false;
  }
  const key = arg && typeof arg === 'object' && (arg as { group?: unknown }).group === 'userData' ? (arg as { key?: string }).key : undefined;
  const params = await askOperationParams(operation, call, { prompter: deps.prompter.current, store: session.store, key });
  if (params === undefined) return false;
  return send(deps, target, operation, params, title);
}

async function send(deps: CommandDeps, { call, session }: SessionCall, operation: string, params: Record<string, unknown>, title: string): Promise<boolean> {
  const name = commandName(title);
  const party = callName(call).text;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: plainText(`GWS: ${name}…`) }, () =>
      session.require().runCallOperation(call.id, operation, params),
    );
    vscode.window.setStatusBarMessage(`$(check) ${plainText(vscode.l10n.t('GWS: {0} accepted on {1}', name, party))}`, 4000);
    return true;
  } catch (error) {
    // The error names the operation by its GWS name and the call by its id ("UpdateUserData on
    // call 00000V was refused: …", src/gws/errors.ts): say it once, in the command's words, with
    // the call's name.
    const text = errorText(error);
    const subject = `${operation} on ${callName(call.id).text} `;
    let message = text.startsWith(subject) ? vscode.l10n.t('{0} on {1} {2}', name, party, text.slice(subject.length)) : vscode.l10n.t('{0} failed: {1}', name, text);
    // A call the server does not have (a missed Released, a /sim/publish burst's synthetic
    // calls) would stay in the view for ever: no notification will release it.
    if (error instanceof GwsError && error.isNotFound && (await goneFromServer(session, call.id))) message += ` ${vscode.l10n.t('The call was removed from the calls view.')}`;
    showErrorText(message, error, deps);
    return false;
  }
}

/**
 * "Not found" may be about the call or about something the operation names (an unknown target
 * device is statusCode 6 too, docs/gws-notes.md#status-codes). A re-read of the calls (a read
 * only, as Refresh Calls) settles it: its snapshot drops the call when the server has none.
 */
async function goneFromServer(session: SessionController, callId: string): Promise<boolean> {
  try {
    await session.refresh();
  } catch {
    return false;
  }
  return session.store.get(callId) === undefined;
}

/** A command title as a name in messages and picker titles: "Send DTMF..." → "Send DTMF". */
function commandName(title: string): string {
  return title.replace(/(\.\.\.|…)$/, '');
}

/** "Run Operation…": any capability of the call, with a JSON parameter editor. */
async function runAnyOperation(deps: CommandDeps, arg: unknown): Promise<boolean> {
  if (!signedIn(deps)) return false;
  const target = await resolveCall(deps, undefined, arg);
  if (!target) return false;
  const { call } = target;
  const caps = capabilitiesOf(call);
  if (caps.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('GWS: the server offers no operation on this call now.'));
    return false;
  }
  // The capability names are the server's: shown as plain text, sent as the server wrote them.
  const op = await deps.prompter.current.quickPick(
    caps.map((capability) => ({ label: plainText(capability), capability })),
    { title: plainText(vscode.l10n.t('Run an operation on {0}', callName(call).text)), placeHolder: vscode.l10n.t('Operations the server allows now') },
  );
  if (!op) return false;
  const template = JSON.stringify(paramsTemplate(op.capability));
  const text = await deps.prompter.current.input({
    title: plainText(vscode.l10n.t('{0}: parameters (JSON)', op.capability)),
    prompt: vscode.l10n.t('JSON object sent with operationName; {} for none'),
    value: template,
    validateInput: (v) => {
      const r = parseParamsJson(v);
      return 'error' in r ? r.error : undefined;
    },
  });
  if (text === undefined) return false;
  const parsed = parseParamsJson(text);
  if ('error' in parsed) return false;
  return send(deps, target, op.capability, parsed.value, op.capability);
}
