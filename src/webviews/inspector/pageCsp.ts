// The inspector page's Content-Security-Policy, in one place: the panel serves the page under
// it, and the page tests (test/support/inspectorHarness.ts) load the page under the very same
// policy. Nothing by default; scripts only with this load's nonce; styles from the extension's
// files or with the nonce. No 'unsafe-inline': the toolkit's FAST elements style themselves
// through constructable stylesheets (adoptedStyleSheets), which Chromium does not subject to
// style-src, and the one <style> element FAST creates takes the nonce from
// <meta property="csp-nonce">. No fonts or images: the page's icons are inline SVG.
export function inspectorPageCsp(nonce: string, resourceOrigin: string): string {
  return [`default-src 'none'`, `style-src ${resourceOrigin} 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`].join('; ');
}
