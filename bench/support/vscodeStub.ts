// A stand-in for the `vscode` module, only good enough for the extension bundle to LOAD
// (module-level code: `class X extends vscode.TreeItem`, `new vscode.EventEmitter()`,
// enum reads such as `vscode.TreeItemCollapsibleState.None`). Every property is a
// constructible function whose properties are the same again. Activation is not measured.
function stub(name: string): unknown {
  const target = function vscodeStub() {} as unknown as Record<PropertyKey, unknown>;
  const cache = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, key) {
      if (key === 'prototype') return object.prototype;
      if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(object, key) && key !== 'name' && key !== 'length') return object[key];
      if (key === Symbol.toPrimitive) return () => `vscode.${name}`;
      if (typeof key === 'symbol') return undefined;
      if (key === 'then') return undefined; // not a thenable
      if (!cache.has(key)) cache.set(key, stub(`${name}.${String(key)}`));
      return cache.get(key);
    },
    construct() {
      return stub(`new ${name}`) as object;
    },
    apply() {
      return stub(`${name}()`);
    },
  });
}

const vscode = stub('vscode') as Record<string, unknown>;
// Module-level strings go through `vscode.l10n.t` (the bundle's constant labels). esbuild's
// import interop copies the module's own properties, which a Proxy over a function does not
// list, so this one is a real property that formats like the API ({0} placeholders).
Object.defineProperty(vscode, 'l10n', {
  enumerable: true,
  value: { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole)) },
});
module.exports = vscode;
