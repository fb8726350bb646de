// Certificates made at test time, with Node's crypto alone: a throw-away certificate
// authority and a server certificate it signed, for localhost, 127.0.0.1 and ::1 by
// default. EC P-256 keys, ECDSA with SHA-256, valid from an hour ago for two days.
//
// Node can make key pairs and signatures but has no API that builds an X.509
// certificate, so the few DER structures one needs (RFC 5280 §4.1, X.690) are written
// out here; no package, no openssl binary. Node's TLS checks the result like any other
// certificate (test/unit/simulator/tls.test.ts).
//
//   const certs = createTestCertificates();
//   https.createServer({ cert: certs.server.cert, key: certs.server.key }, ...)
//   https.get(url, { ca: certs.ca.cert }, ...)
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import net from 'node:net';

/** PEM texts. */
export interface CertificateAndKey {
  cert: string;
  key: string;
}

export interface TestCertificates {
  /** The authority a client trusts (pass `ca.cert` as the `ca` option). */
  ca: CertificateAndKey;
  /** What a server presents, signed by `ca`. */
  server: CertificateAndKey;
}

export interface TestCertificateOptions {
  /** DNS names and IP addresses the server certificate is valid for. */
  hosts?: string[];
  /** Default 2. */
  validDays?: number;
}

const DEFAULT_HOSTS = ['localhost', '127.0.0.1', '::1'];
const HOUR_MS = 3_600_000;

const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

export function createTestCertificates(options: TestCertificateOptions = {}): TestCertificates {
  const hosts = options.hosts ?? DEFAULT_HOSTS;
  const notBefore = new Date(Date.now() - HOUR_MS);
  const notAfter = new Date(Date.now() + (options.validDays ?? 2) * 24 * HOUR_MS);

  const caKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caName = name('GWS Call Inspector test CA');
  const caKeyId = keyIdentifier(caKeys.publicKey);
  const caCert = certificate({
    issuer: caName,
    subject: caName,
    subjectKey: caKeys.publicKey,
    signingKey: caKeys.privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension(OID.basicConstraints, true, seq(bool(true))),
      // keyCertSign (bit 5) and cRLSign (bit 6).
      extension(OID.keyUsage, true, bitString(Buffer.from([0x06]), 1)),
      extension(OID.subjectKeyIdentifier, false, octetString(caKeyId)),
    ],
  });

  const serverKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serverCert = certificate({
    issuer: caName,
    subject: name(hosts[0] ?? 'localhost'),
    subjectKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension(OID.basicConstraints, true, seq()),
      // digitalSignature (bit 0).
      extension(OID.keyUsage, true, bitString(Buffer.from([0x80]), 7)),
      extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth))),
      extension(OID.subjectAltName, false, seq(...hosts.map(generalName))),
      extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(serverKeys.publicKey))),
      // keyIdentifier [0] IMPLICIT OCTET STRING.
      extension(OID.authorityKeyIdentifier, false, seq(der(0x80, caKeyId))),
    ],
  });

  return {
    ca: { cert: pem('CERTIFICATE', caCert), key: privatePem(caKeys.privateKey) },
    server: { cert: pem('CERTIFICATE', serverCert), key: privatePem(serverKeys.privateKey) },
  };
}

interface CertificateFields {
  issuer: Buffer;
  subject: Buffer;
  subjectKey: KeyObject;
  signingKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } */
function certificate(fields: CertificateFields): Buffer {
  const algorithm = seq(oid(OID.ecdsaWithSha256));
  const tbs = seq(
    der(0xa0, integer(Buffer.from([2]))), // [0] EXPLICIT version: v3
    integer(randomBytes(16)),
    algorithm,
    fields.issuer,
    seq(time(fields.notBefore), time(fields.notAfter)),
    fields.subject,
    fields.subjectKey.export({ type: 'spki', format: 'der' }),
    der(0xa3, seq(...fields.extensions)), // [3] EXPLICIT extensions
  );
  // ECDSA signatures come DER-encoded (Ecdsa-Sig-Value), as X.509 wants them.
  const signature = sign('sha256', tbs, fields.signingKey);
  return seq(tbs, algorithm, bitString(signature));
}

/** Name with a single CN. */
function name(commonName: string): Buffer {
  return seq(der(0x31, seq(oid(OID.commonName), der(0x0c, Buffer.from(commonName, 'utf8')))));
}

/** dNSName [2] or iPAddress [7], both IMPLICIT. */
function generalName(host: string): Buffer {
  const family = net.isIP(host);
  if (family === 4) return der(0x87, Buffer.from(host.split('.').map(Number)));
  if (family === 6) return der(0x87, ipv6Bytes(host));
  return der(0x82, Buffer.from(host, 'ascii'));
}

/** 16 bytes of an IPv6 address in hex-group notation (no embedded IPv4). */
function ipv6Bytes(address: string): Buffer {
  const [head, tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return Buffer.from(groups.flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 0xff]));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), bool(true), octetString(value)) : seq(oid(id), octetString(value));
}

/** SHA-1 of the public key, the usual choice (RFC 5280 §4.2.1.2). */
function keyIdentifier(key: KeyObject): Buffer {
  return createHash('sha1').update(key.export({ type: 'spki', format: 'der' })).digest();
}

function privatePem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function pem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

// ---- DER (X.690) ----------------------------------------------------------------------

function der(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function seq(...items: Buffer[]): Buffer {
  return der(0x30, Buffer.concat(items));
}

/** A non-negative INTEGER from big-endian bytes: minimal, with a 0 byte when the top bit is set. */
function integer(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return der(0x02, trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function bool(value: boolean): Buffer {
  return der(0x01, Buffer.from([value ? 0xff : 0]));
}

function bitString(bytes: Buffer, unusedBits = 0): Buffer {
  return der(0x03, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

function octetString(bytes: Buffer): Buffer {
  return der(0x04, bytes);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const base128: number[] = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) base128.unshift(0x80 | (value & 0x7f));
    bytes.push(...base128);
  }
  return der(0x06, Buffer.from(bytes));
}

/** UTCTime up to 2049, GeneralizedTime after (RFC 5280 §4.1.2.5), to the second. */
function time(date: Date): Buffer {
  const stamp = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return date.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(stamp.slice(2), 'ascii')) : der(0x18, Buffer.from(stamp, 'ascii'));
}
