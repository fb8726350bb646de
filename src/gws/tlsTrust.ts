// Which server certificates the client trusts, for REST (restClient.ts), CometD long-polling
// (nodeXhr.ts) and websocket (cometdTransports.ts) alike. Plain data in, Node TLS options out;
// the VS Code side (src/session) decides the inputs from the profile and VS Code's settings.
//
// - Without a CA file no `ca` option is set: Node's bundled roots apply and, inside VS Code, the
//   extension host adds the operating system's certificates (`http.systemCertificates`, on by
//   default) to every TLS connection that brings no `ca` of its own.
// - With a CA file, `ca` must list everything to trust, because it replaces the default roots
//   (and VS Code then adds nothing): Node's default roots, the operating system's certificates
//   when `systemCertificates` is on and this Node can read them (tls.getCACertificates, Node
//   22.15 and later), and the file's certificates.
// - The options are given on every request as well as to the agents: VS Code's proxy support
//   (`http.proxySupport`, "override" by default) may replace a request's agent with its own, and
//   then only what the request itself carries reaches the TLS connection.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { GwsError } from './errors';

export interface TlsTrustOptions {
  /** false only when the user opted out of certificate checks for this server. */
  rejectUnauthorized?: boolean;
  /** PEM text of extra certificate authorities (the profile's caFile, see readCaFile). */
  ca?: string;
  /** With `ca`: also trust the operating system's certificates (VS Code's http.systemCertificates). Default true. */
  systemCertificates?: boolean;
}

/** What goes into an https.Agent, an https.request and a `ws` socket. */
export interface TlsRequestOptions {
  rejectUnauthorized: boolean;
  ca?: string[];
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function tlsRequestOptions(options: TlsTrustOptions): TlsRequestOptions {
  const rejectUnauthorized = options.rejectUnauthorized !== false;
  if (!options.ca) return { rejectUnauthorized };
  const extra = options.ca.match(PEM_CERTIFICATE) ?? [];
  const system = options.systemCertificates === false ? [] : systemCertificates();
  return { rejectUnauthorized, ca: [...new Set([...defaultCertificates(), ...system, ...extra])] };
}

type CaStore = 'default' | 'system' | 'bundled' | 'extra';
/** Node 22.15+; undefined on older Node (the extension host of older VS Code versions). */
function getCACertificates(): ((type?: CaStore) => string[]) | undefined {
  const candidate = (tls as unknown as { getCACertificates?: (type?: CaStore) => string[] }).getCACertificates;
  return typeof candidate === 'function' ? candidate : undefined;
}

/** What Node trusts when no `ca` is given (bundled roots, NODE_EXTRA_CA_CERTS where Node can say). */
function defaultCertificates(): readonly string[] {
  return getCACertificates()?.('default') ?? tls.rootCertificates;
}

function systemCertificates(): readonly string[] {
  try {
    return getCACertificates()?.('system') ?? [];
  } catch {
    // The store could not be read: the file's CA and Node's roots still apply.
    return [];
  }
}

/**
 * Reads a profile's caFile at sign-in: an absolute path to PEM text holding at least one
 * certificate. Every failure is a GwsError of kind 'config' that names the file and the fix.
 */
export function readCaFile(file: string): string {
  const fail = (why: string): never => {
    throw new GwsError(`The profile's caFile ${file} ${why} Fix the caFile of this profile in the gws.profiles setting.`, { kind: 'config' });
  };
  if (!path.isAbsolute(file)) fail('is not an absolute path.');
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist.' : code === 'EISDIR' ? 'is a folder, not a file.' : `cannot be read (${code ?? String(error)}).`;
    fail(reason);
  }
  if (!/-----BEGIN CERTIFICATE-----/.test(text)) fail('holds no PEM certificate ("-----BEGIN CERTIFICATE-----").');
  return text;
}
