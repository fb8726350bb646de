import * as vscode from 'vscode';
import { inBackground } from '../common/background';
import { plainText } from '../common/plainText';
import { defaultSessionMode, parseServerUrl, ServerProfile, SessionMode, Transport } from '../profiles/profile';
import type { CommandDeps } from './commandDeps';
import { forgetSession } from '../session/windowMemory';

type ProfilePick = vscode.QuickPickItem & { profile?: ServerProfile; create?: boolean };

export function registerProfileCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('gws.addProfile', async () => {
      const created = await createProfile(deps);
      if (created) announceNewProfile(deps, created.profile);
      return created?.profile;
    }),
    vscode.commands.registerCommand('gws.editProfile', (arg?: { profileId?: string }) => editProfile(deps, arg?.profileId)),
    vscode.commands.registerCommand('gws.removeProfile', (arg?: { profileId?: string }) => removeProfile(deps, arg?.profileId)),
  ];
}

/** Saved profiles, plus "New server profile…" when `allowCreate`. Names, users and URLs come from settings: plain text. */
export async function pickProfile(deps: CommandDeps, placeHolder: string, allowCreate: boolean): Promise<ProfilePick | undefined> {
  const items: ProfilePick[] = deps.profiles.list().map((profile) => ({
    label: `$(server) ${plainText(profile.name)}`,
    description: plainText(`${profile.user} @ ${profile.url}`),
    detail: [
      profile.simulator ? vscode.l10n.t('built-in simulator') : undefined,
      modeLabel(profile),
      profile.transport === 'websocket' ? 'websocket' : undefined,
      profile.rejectUnauthorized === false ? vscode.l10n.t('TLS certificate not verified') : undefined,
    ]
      .filter(Boolean)
      .join(' · ') || undefined,
    profile,
  }));
  if (allowCreate) items.push({ label: `$(add) ${vscode.l10n.t('New server profile…')}`, create: true, alwaysShow: true });
  return deps.prompter.current.quickPick(items, { title: vscode.l10n.t('GWS: Server Profiles'), placeHolder, matchOnDescription: true });
}

/** Add Server Profile ends with a word: what was saved, and a button to sign in to it. Does not wait. */
function announceNewProfile(deps: CommandDeps, profile: ServerProfile): void {
  const signInAction = vscode.l10n.t('Sign In');
  const shown = deps.prompter.current
    .info(plainText(vscode.l10n.t('GWS: saved the server profile "{0}" ({1} @ {2}).', profile.name, profile.user, profile.url)), signInAction)
    .then(async (choice) => {
      if (choice === signInAction) await vscode.commands.executeCommand('gws.signIn', { profileId: profile.id });
    });
  inBackground(shown, (message) => deps.logger.error('ui', `The profile notification failed: ${message}`));
}

type ModePick = vscode.QuickPickItem & { mode: SessionMode };

export function sessionModeItems(): ModePick[] {
  return [
    {
      label: `$(question) ${vscode.l10n.t('Auto')}`,
      description: vscode.l10n.t('observe when the agent is logged in already, else ask'),
      detail: vscode.l10n.t("Reads the agent's devices first: when your integration has logged the agent in, only watches; when not, asks whether to log in."),
      mode: 'auto',
    },
    {
      label: `$(eye) ${vscode.l10n.t('Observe')}`,
      description: vscode.l10n.t('never logs the agent in or out'),
      detail: vscode.l10n.t('Signs in and watches the calls. No StartContactCenterSession or EndContactCenterSession. Call operations stay available.'),
      mode: 'observe',
    },
    {
      label: `$(person) ${vscode.l10n.t('Agent')}`,
      description: vscode.l10n.t('logs the agent in to voice'),
      detail: vscode.l10n.t('StartContactCenterSession at sign-in; Sign Out offers EndContactCenterSession, after a confirmation. A window reload changes nothing on the server.'),
      mode: 'agent',
    },
  ];
}

function modeLabel(profile: ServerProfile): string {
  const mode = defaultSessionMode(profile);
  return mode ? vscode.l10n.t('{0} mode', mode) : vscode.l10n.t('session mode asked at sign-in');
}

/** Asks URL, user, password and a name; saves the profile (password only in SecretStorage). */
export async function createProfile(deps: CommandDeps): Promise<{ profile: ServerProfile; password: string } | undefined> {
  const ask = deps.prompter.current;
  const title = vscode.l10n.t('New GWS server profile');
  const urlText = await ask.input({
    title: `${title} (1/4)`,
    prompt: vscode.l10n.t('Base URL of the GWS server (the part before /api/v2)'),
    placeHolder: 'https://gws.example.com:8090',
    validateInput: (value) => {
      const parsed = parseServerUrl(value);
      return 'error' in parsed ? parsed.error : undefined;
    },
  });
  if (urlText === undefined) return undefined;
  const parsed = parseServerUrl(urlText);
  if ('error' in parsed) return undefined;
  warnIfCleartext(parsed.url);
  const user = await ask.input({
    title: `${title} (2/4)`,
    prompt: vscode.l10n.t('User name (agent login)'),
    validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter the user name')),
  });
  if (user === undefined) return undefined;
  const password = await ask.input({
    title: `${title} (3/4)`,
    prompt: plainText(vscode.l10n.t("Password for {0} (kept in VS Code's secret storage, never in settings)", user.trim())),
    password: true,
    validateInput: (value) => (value ? undefined : vscode.l10n.t('Enter the password')),
  });
  if (password === undefined) return undefined;
  const host = new URL(parsed.url).host;
  const defaultName = `${user.trim()} @ ${host}`;
  const name = await ask.input({
    title: `${title} (4/4)`,
    prompt: vscode.l10n.t('Name of this profile'),
    value: defaultName,
    validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter a name')),
  });
  if (name === undefined) return undefined;
  const profile: ServerProfile = {
    id: uniqueId(deps, `${user.trim()}@${host}`),
    name: name.trim(),
    url: parsed.url,
    user: user.trim(),
    transport: 'long-polling',
    rejectUnauthorized: true,
    // Never disturbs an agent that the developer's integration has logged in already.
    sessionMode: 'auto',
  };
  await deps.profiles.save(profile);
  await deps.profiles.setPassword(profile.id, password);
  deps.logger.info('profiles', `Saved profile "${profile.name}" (${profile.url}, ${profile.user})`);
  return { profile, password };
}

function uniqueId(deps: CommandDeps, base: string): string {
  const taken = new Set(deps.profiles.list().map((p) => p.id));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}#${i}`)) return `${base}#${i}`;
}

async function editProfile(deps: CommandDeps, profileId?: string): Promise<void> {
  const profile = profileId ? deps.profiles.get(profileId) : (await pickProfile(deps, vscode.l10n.t('Profile to edit'), false))?.profile;
  if (!profile) return;
  const ask = deps.prompter.current;
  type FieldPick = vscode.QuickPickItem & { field: 'name' | 'url' | 'user' | 'password' | 'transport' | 'tls' | 'sessionMode' };
  const fields: FieldPick[] = [
    { label: vscode.l10n.t('Name'), description: plainText(profile.name), field: 'name' },
    { label: vscode.l10n.t('URL'), description: plainText(profile.url), field: 'url' },
    { label: vscode.l10n.t('User'), description: plainText(profile.user), field: 'user' },
    { label: vscode.l10n.t('Password'), description: vscode.l10n.t('stored in secret storage'), field: 'password' },
    { label: vscode.l10n.t('Notification transport'), description: profile.transport ?? 'long-polling', field: 'transport' },
    { label: vscode.l10n.t('Session mode'), description: modeLabel(profile), field: 'sessionMode' },
    {
      label: vscode.l10n.t('TLS certificate verification'),
      description: profile.rejectUnauthorized === false ? vscode.l10n.t('off for this profile') : vscode.l10n.t('on'),
      field: 'tls',
    },
  ];
  const pick = await ask.quickPick(fields, { title: plainText(vscode.l10n.t('Edit "{0}"', profile.name)), placeHolder: vscode.l10n.t('What to change') });
  if (!pick) return;
  const updated: ServerProfile = { ...profile };
  switch (pick.field) {
    case 'name': {
      const v = await ask.input({ title: vscode.l10n.t('Profile name'), value: profile.name, validateInput: (x) => (x.trim() ? undefined : vscode.l10n.t('Enter a name')) });
      if (v === undefined) return;
      updated.name = v.trim();
      break;
    }
    case 'url': {
      const v = await ask.input({
        title: vscode.l10n.t('Server URL'),
        value: profile.url,
        validateInput: (x) => {
          const p = parseServerUrl(x);
          return 'error' in p ? p.error : undefined;
        },
      });
      if (v === undefined) return;
      const p = parseServerUrl(v);
      if ('error' in p) return;
      updated.url = p.url;
      warnIfCleartext(p.url);
      break;
    }
    case 'user': {
      const v = await ask.input({ title: vscode.l10n.t('User name'), value: profile.user, validateInput: (x) => (x.trim() ? undefined : vscode.l10n.t('Enter the user name')) });
      if (v === undefined) return;
      updated.user = v.trim();
      break;
    }
    case 'password': {
      const v = await ask.input({ title: plainText(vscode.l10n.t('New password for {0}', profile.user)), password: true, validateInput: (x) => (x ? undefined : vscode.l10n.t('Enter the password')) });
      if (v === undefined) return;
      await deps.profiles.setPassword(profile.id, v);
      deps.logger.info('profiles', `Password of "${profile.name}" changed`);
      return;
    }
    case 'transport': {
      const items: Array<vscode.QuickPickItem & { transport: Transport }> = [
        { label: 'long-polling', description: vscode.l10n.t('what GWS documents; always works'), transport: 'long-polling' },
        { label: 'websocket', description: vscode.l10n.t('lower latency where the server supports it'), transport: 'websocket' },
      ];
      const t = await ask.quickPick(items, { title: vscode.l10n.t('CometD transport') });
      if (!t) return;
      updated.transport = t.transport;
      break;
    }
    case 'sessionMode': {
      const m = await ask.quickPick(sessionModeItems(), { title: plainText(vscode.l10n.t('Session mode of "{0}"', profile.name)), placeHolder: vscode.l10n.t('What signing in does about the agent\'s voice login') });
      if (!m) return;
      updated.sessionMode = m.mode;
      break;
    }
    case 'tls': {
      if (profile.rejectUnauthorized === false) {
        updated.rejectUnauthorized = true;
      } else {
        const ok = await ask.confirm(
          plainText(vscode.l10n.t('Stop verifying TLS certificates for "{0}"?', profile.name)),
          vscode.l10n.t('Only do this for a lab server with a self-signed certificate. Anyone on the network path could read the password.'),
          vscode.l10n.t('Turn Off Verification'),
        );
        if (!ok) return;
        updated.rejectUnauthorized = false;
      }
      break;
    }
  }
  await deps.profiles.save(updated);
  if (updated.url !== profile.url || updated.user !== profile.user) {
    // A password given for one server and user is never sent to another without asking again.
    await deps.profiles.deletePassword(profile.id);
    vscode.window.setStatusBarMessage(vscode.l10n.t('GWS: the stored password was removed; the next sign-in asks for it'), 6000);
  }
  deps.logger.info('profiles', `Profile "${updated.name}" updated (${pick.label})`);
}

/** Basic auth over plain http:// sends the password readable to anyone on the path. */
function warnIfCleartext(url: string): void {
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:' || /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(hostname)) return;
  void vscode.window.showWarningMessage(
    plainText(vscode.l10n.t('GWS: {0} uses http://, so the password is sent unencrypted (Basic auth). Use https:// unless this is an isolated lab network.', url)),
  );
}

async function removeProfile(deps: CommandDeps, profileId?: string): Promise<void> {
  const profile = profileId ? deps.profiles.get(profileId) : (await pickProfile(deps, vscode.l10n.t('Profile to remove'), false))?.profile;
  if (!profile) return;
  const ok = await deps.prompter.current.confirm(
    plainText(vscode.l10n.t('Remove the GWS profile "{0}"?', profile.name)),
    vscode.l10n.t('Its stored password is deleted too.'),
    vscode.l10n.t('Remove'),
  );
  if (!ok) return;
  await deps.sessions.forProfile(profile.id)?.signOut();
  await forgetSession(deps.context.workspaceState, profile.id);
  await deps.profiles.remove(profile.id);
  deps.logger.info('profiles', `Removed profile "${profile.name}"`);
}
