// Hostile strings for every place server or file text is shown: the inspector page (rows,
// detail, diff, JSON tree, file names) and VS Code's own UI (tree items, notifications, quick
// picks, status bar). One shared list, so every layer is tested against the same payloads.
//
// A payload that manages to run sets `window.__xss` or calls `alert()` (the page tests hook
// both); the rest try to become markup, a link, a command URI, an icon, or to hide or reorder
// what the user reads.

export interface XssPayload {
  /** What the payload tries (for test titles and failure messages). */
  readonly name: string;
  readonly payload: string;
}

const entries: Array<[string, string]> = [
  // Script elements
  ['script tag', '<script>window.__xss=1</script>'],
  ['script tag, upper case', "<SCRIPT>alert('xss')</SCRIPT>"],
  ['script with a data: src', '<script src="data:text/javascript,window.__xss=2"></script>'],
  ['attribute breakout then script', '"><script>alert(document.domain)</script>'],
  ['single-quote breakout then script', "'><script>window.__xss=5</script>"],
  ['textarea breakout', '</textarea><script>alert(6)</script>'],
  ['title breakout', '</title><script>alert(7)</script>'],
  ['comment breakout', '<!--<img src="--><img src=x onerror=alert(63)//">'],
  ['noscript breakout', '<noscript><p title="</noscript><img src=x onerror=alert(64)>">'],
  // Event handlers
  ['img onerror', '<img src=x onerror="window.__xss=8">'],
  ['img onerror, unquoted', '<img src=x onerror=alert(9)>'],
  ['broken img markup', '<img src=x'],
  ['broken img with handler, unclosed', '<img src="x" onerror="alert(11)"'],
  ['body onload', '<body onload=alert(12)>'],
  ['div onmouseover', '<div onmouseover="window.__xss=13">hover me</div>'],
  ['input autofocus onfocus', '<input autofocus onfocus=alert(14)>'],
  ['details ontoggle', '<details open ontoggle=alert(15)>'],
  ['video source onerror', '<video><source onerror="alert(16)">'],
  ['audio onerror', '<audio src=x onerror=alert(17)>'],
  ['attribute-value breakout', '" onmouseover="alert(65)" x="'],
  // SVG and MathML
  ['svg onload', '<svg onload=alert(18)>'],
  ['svg/onload without space', '<svg/onload=window.__xss=18>'],
  ['script inside svg', '<svg><script>alert(19)</script></svg>'],
  ['svg animate onbegin', '<svg><animate onbegin=alert(20) attributeName=x dur=1s>'],
  ['mathml mutation XSS', '<math><mtext><table><mglyph><style><img src=x onerror=alert(21)>'],
  // Frames, objects, forms
  ['iframe javascript: src', '<iframe src="javascript:alert(22)"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>parent.__xss=23</script>"></iframe>'],
  ['object javascript: data', '<object data="javascript:alert(24)"></object>'],
  ['embed javascript: src', '<embed src="javascript:alert(25)">'],
  ['form javascript: action', '<form action="javascript:alert(47)"><button>go</button></form>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(45)">'],
  ['base href', '<base href="javascript:alert(46)//">'],
  // javascript:, data: and command: URLs
  ['anchor javascript: href', '<a href="javascript:alert(26)">click</a>'],
  ['bare javascript: URL', 'javascript:alert(27)'],
  ['mixed-case javascript: URL', 'JaVaScRiPt:window.__xss=28'],
  ['data: URL with a script', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgyOSk8L3NjcmlwdD4='],
  ['anchor command: href', '<a href="command:workbench.action.quit">quit</a>'],
  ['bare command: URI', 'command:workbench.action.quit'],
  ['command: URI with arguments', 'command:gws.inspector.export?%5B%22%2Ftmp%2Fgws-xss.ndjson%22%5D'],
  // Markdown links and images (VS Code renders [label](target) in notifications)
  ['markdown command link', '[x](command:workbench.action.quit)'],
  ['markdown command link with arguments', '[Click](command:gws.inspector.export?%5B%22%2Ftmp%2Fgws-xss.ndjson%22%5D)'],
  ['markdown command link with title', '[Details](command:workbench.action.quit "Open details")'],
  ['markdown https link', '[docs](https://evil.example/phish)'],
  ['markdown file link', '[log](file:///etc/passwd)'],
  ['markdown link in angle brackets', '[x](<command:workbench.action.quit>)'],
  ['markdown image', '![logo](https://evil.example/pixel.png)'],
  ['markdown autolink', '<https://evil.example/>'],
  ['markdown reference link', '[quit][q]\n\n[q]: command:workbench.action.quit'],
  ['markdown and HTML emphasis', '<b>bold</b> **strong** _em_ `code` # heading'],
  // Codicons ($(name) renders as an icon in the status bar, quick picks, notifications)
  ['codicon', '$(alert)'],
  ['codicons with modifier', '$(warning) $(sync~spin) $(zap)'],
  ['codicon then command link', '$(check)[Run](command:workbench.action.terminal.new)'],
  ['escaped codicon', '\\$(alert)'],
  // CSS
  ['style url(javascript:)', '<style>*{background:url("javascript:alert(41)")}</style>'],
  ['inline style url(javascript:)', '<div style="background:url(javascript:alert(42))">x</div>'],
  ['CSS expression()', '<div style="width: expression(alert(43))">x</div>'],
  ['stylesheet link', '<link rel=stylesheet href="javascript:alert(44)">'],
  // Entities and encodings (must be shown as typed, never decoded)
  ['HTML entities', '&lt;script&gt;alert(48)&lt;/script&gt;'],
  ['decimal entities', '&#60;img src=x onerror=alert(49)&#62;'],
  ['hex entities', '&#x3C;svg onload=alert(50)&#x3E;'],
  ['percent-encoded', '%3Cscript%3Ealert(51)%3C/script%3E'],
  ['template injection', "{{constructor.constructor('window.__xss=60')()}}"],
  ['template literal', '${alert(61)}'],
  // Invisible and reordering characters
  ['RTL override file name', 'invoice\u202Efdp.exe'],
  ['bidi embeddings and isolates', 'a\u202Dlr\u202C b\u2066isolate\u2069 c\u200Fmark'],
  ['zero-width chars inside a command URI', 'co\u200Bmmand:work\u200Cbench.action.quit'],
  ['zero-width char between link parts', '[x]\u200B(command:workbench.action.quit)'],
  ['byte order mark', '\uFEFFagent'],
  ['control characters', 'line1\nline2\r\n\ttab\u0000nul\u0007bell\u001b[31mred\u001b[0m'],
  ['line and paragraph separators', 'one\u2028two\u2029three'],
  ['emoji with joiners', 'agent \u{1F468}\u200D\u{1F4BB} \u260E'],
  // Names that are special somewhere
  ['__proto__', '__proto__'],
  ['constructor', 'constructor'],
  // Size
  ['very long string', 'A'.repeat(100_000)],
  ['command link after a long prefix', `${'x'.repeat(5000)}[x](command:workbench.action.quit)`],
];

export const XSS_CORPUS: readonly XssPayload[] = entries.map(([name, payload]) => ({ name, payload }));

/** The payload strings alone. */
export const XSS_PAYLOADS: readonly string[] = XSS_CORPUS.map((entry) => entry.payload);

/**
 * What VS Code would turn into a link, a command URI or an icon, or what hides or reorders
 * text; `undefined` when `text` is inert. The link expression is the one VS Code's
 * notifications use (parseLinkedText); the icon expression the one of its label renderer.
 */
export function activeMarkup(text: string): string | undefined {
  const checks: Array<[string, RegExp]> = [
    ['markdown link', /\[[^\]]*\]\([^)]*\)/],
    ['notification link', /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i],
    ['command URI', /command:\S/i],
    ['codicon', /\$\([A-Za-z0-9-]+(?:~[A-Za-z0-9-]+)?\)/],
    ['control or format character', /[\p{Cc}\p{Cf}\u2028\u2029]/u],
  ];
  for (const [what, pattern] of checks) {
    const match = pattern.exec(text);
    if (match) return `${what}: ${JSON.stringify(match[0].slice(0, 80))}`;
  }
  return undefined;
}
