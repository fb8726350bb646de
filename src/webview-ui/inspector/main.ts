// Entry point of the inspector page (bundled to dist/webview/inspector.js, loaded by nonce).
import * as l10n from '@vscode/l10n';
import type { ToPage } from '../../webviews/inspector/protocol';
import { InspectorApp } from './app';
import { registerComponents } from './components';
import { connectHost } from './host';

registerComponents();
const host = connectHost();
const root = document.getElementById('app') ?? document.body;
// Built on the first message, the panel's reset (inspectorPanel.ts answers `ready` with it):
// it carries the translations, and every label is made in them once.
let app: InspectorApp | undefined;
window.addEventListener('message', (event: MessageEvent<ToPage>) => {
  const message = event.data;
  if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
  if (!app) {
    if (message.type === 'reset' && message.bundle) l10n.config({ contents: message.bundle });
    app = new InspectorApp(root, host);
  }
  app.receive(message);
});
// The panel posts nothing until it hears this.
host.post({ type: 'ready' });
