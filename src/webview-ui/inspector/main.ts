// Entry point of the inspector page (bundled to dist/webview/inspector.js, loaded by nonce).
import type { ToPage } from '../../webviews/inspector/protocol';
import { InspectorApp } from './app';
import { registerComponents } from './components';
import { connectHost } from './host';

registerComponents();
const host = connectHost();
const root = document.getElementById('app') ?? document.body;
const app = new InspectorApp(root, host);
window.addEventListener('message', (event: MessageEvent<ToPage>) => {
  const message = event.data;
  if (message && typeof message === 'object' && typeof message.type === 'string') app.receive(message);
});
// The panel posts nothing until it hears this.
host.post({ type: 'ready' });
