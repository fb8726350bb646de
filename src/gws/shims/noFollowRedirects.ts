// Stands in for the `follow-redirects` package inside the extension bundle (esbuild alias, see
// esbuild.js). axios imports it to follow redirects; the GWS client never follows one
// (`maxRedirects: 0` in restClient.ts, which makes axios send through node's own http/https
// modules), and the package with its `debug` dependency kept the bundle over its size target.
// Should a request ever ask for redirects, it goes out through node's modules and a redirect
// comes back as the 3xx answer it is: never followed.
import * as http from 'node:http';
import * as https from 'node:https';

export default { http, https };
