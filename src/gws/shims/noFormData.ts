// Stands in for the `form-data` package inside the extension bundle (esbuild alias, see
// esbuild.js). axios imports it for multipart bodies; the GWS API is JSON only, and the real
// package brings mime-db (137 KB) into a bundle that must stay small and quick to load.
export default class FormDataNotBundled {
  constructor() {
    throw new Error('multipart/form-data is not bundled: the GWS client only sends JSON');
  }
}
