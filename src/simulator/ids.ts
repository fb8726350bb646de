// GWS-like opaque identifiers. Real GWS 8.5.2 call ids look like
// `01RCC3N118B1V0SL8O7GK2LAES00000V`: 32 characters of base32hex (0-9, A-V), where the
// tail is shared by one server and the last characters count up. We copy that look so a
// client that (wrongly) parses ids, or truncates them, shows the problem here too.
import { randomBytes, randomUUID } from 'node:crypto';

const BASE32HEX = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32HEX[bytes[i] & 31];
  return out;
}

function base32Counter(value: number, width: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    out = BASE32HEX[rest & 31] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** Makes call ids, connection ids and UUIDs for one simulator instance. */
export class IdFactory {
  private readonly serverTail = randomBase32(10);
  private readonly connIdPrefix = '0071027' + randomBytes(3).toString('hex').slice(0, 5);
  private counter = 0;

  /** 32-char uppercase base32hex call id: 16 random + 10 per-server + 6 counter. */
  callId(): string {
    this.counter += 1;
    return randomBase32(16) + this.serverTail + base32Counter(this.counter, 6);
  }

  /** 16 lowercase hex digits, like T-Server ConnIDs (`007102719818001f`). */
  connId(): string {
    return this.connIdPrefix + (this.counter & 0xffff).toString(16).padStart(4, '0');
  }

  /** 16-char uppercase base32hex, like the published chat and workitem ids (`0000Na9B26EF002X`, `03W0GH2KD56YV000`). */
  interactionId(): string {
    this.counter += 1;
    return randomBase32(10) + base32Counter(this.counter, 6);
  }

  uuid(): string {
    return randomUUID();
  }

  /** Opaque secret for cookies and CSRF tokens. */
  secret(): string {
    return randomBytes(18).toString('base64url');
  }
}
