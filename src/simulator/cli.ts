// `npm run simulator -- --port 8090 --scenario demo`: runs the GWS simulator until
// SIGINT/SIGTERM. Built to dist/simulator-cli.js.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { startSimulator, type SimulatorOptions } from './index';

const HELP = `GWS simulator: a local Genesys Web Services API v2 (voice) server with CometD.

Usage: node dist/simulator-cli.js [options]

Options:
  --port <n>              port to listen on (default 8090; 0 = any free port)
  --host <addr>           address to bind (default 127.0.0.1)
  --scenario <name>       none | demo (demo: inbound calls for agent1; unanswered ones are
                          abandoned, answered ones stay until an agent hangs up)
  --no-csrf               turn CSRF protection off (default on)
  --check-origin          refuse requests whose Origin is not this server's URL
  --allowed-origins <l>   comma-separated Origin allow-list: a request with another Origin
                          gets 403 (own URL not implied; no Origin passes unless --check-origin)
  --require-csrf-on-cometd  CometD POSTs need the session's X-CSRF-TOKEN too (with CSRF on)
  --refuse-wildcard-subscriptions  refuse Bayeux subscriptions with * (/v2/me/*, /**)
  --answer-delay <ms>     external parties answer after this (default 1000)
  --session-timeout <s>   JSESSIONID idle timeout in seconds (default 1800)
  --tls-cert <file>       serve HTTPS (and wss) with this PEM certificate (chain)...
  --tls-key <file>        ...and this PEM private key; both or neither
  --help                  this text

Users (password = name): agent1 on DN 15000 (default place Place_15000; voice, chat, email,
workitem), agent2 on 15001 (Place_15001; voice only), agent3 on 15002 (no default place:
StartContactCenterSession needs "place"; voice, chat), supervisor1 on 15005 (Place_15005;
ListenIn, Coach, BargeIn). Places: Place_15000, Place_15001, Place_15002, Place_15005 (one ACD
position each), Place_2ACD (ACD positions 7001 and 7002: "devicePath" required). StartContactCenterSession answers statusCode 7 with per-channel results when
some channels fail.
GWS API: http://HOST:PORT/api/v2/... (Basic auth, JSESSIONID cookie, X-CSRF-TOKEN),
CometD: http://HOST:PORT/api/v2/notifications (long-polling and websocket);
https:// and wss:// with --tls-cert and --tls-key.
Special numbers: 5550000 is always busy (ErrorMessage on /v2/me/calls); any other number
that is not an agent's (e.g. 5550100) answers after --answer-delay.
Request bodies: at most 1 MiB (4 MiB on /api/v2/notifications); more is a 413.

Control API (no auth, JSON; only for callers on this machine: 403 when the caller is not
loopback, the Host is not a loopback name, or an Origin other than this server's is sent):
  GET  /sim/state                          users (login state per channel, sessions), places, calls,
                                           live sessions, CometD clients, config
  GET  /sim/config                         the checks below as they are now
  POST /sim/config                         {checkOrigin?, allowedOrigins?:[...]|null, requireCsrfOnCometd?,
                                           refuseWildcardSubscriptions?} -> {config}
  POST /sim/users/{user}                   {defaultPlace?:"Place_x"|null, channels?:[...], loggedIn?} -> {user}
  POST /sim/places/{place}                 {acdPositions:["7001",...]} create or replace -> {place}
  POST /sim/calls                          {to:"agent1"|"15000", from?, userData?, state?:"Ringing"|"Established"} -> {id}
                                           (follows forwarding; 409 for a DND agent or forwarding outside)
  POST /sim/calls/{id}/remote-hangup       the remote party hangs up
  POST /sim/calls/{id}/user-data           {userData, mode?:"update"|"attach"} (AttachedDataChanged)
  POST /sim/calls/{id}/change-id           {mode?:"release"|"rename"} new id and ConnID -> {id, previousId, connId,
                                           previousConnId}
  POST /sim/media                          {user, kind:"chat"|"email"|"workitem", id?, state?, userData?,
                                           notificationType?} -> {id, channel, data}
  POST /sim/publish-raw                    {user, channel:"/v2/me/...", data} any message on any user channel
  POST /sim/replay                         {user, notifications:[{channel, data, offsetMs?}], speed?} recorded
                                           notifications again, fresh ids, original timing -> {count, ids}
  POST /sim/publish                        {user?, count, ratePerSecond?, calls?} benchmark notifications
                                           (count <= 100,000, calls 1..1,000)
  GET  /sim/requests?since=<seq>           the /api/v2 requests received (last 5,000; bodies over 4 KB cut)
  POST /sim/faults/drop-connections        every CometD client must re-handshake
  POST /sim/faults/drop-notifications      {types:["CallRecordingStateChange"]} never publish those ([] ends it)
  POST /sim/faults/restart                 restart HTTP + Bayeux on the same port (calls survive)
  POST /sim/faults/expire-sessions         every JSESSIONID becomes invalid
  POST /sim/faults/fail-next               {count?:1, httpStatus?:503, statusCode?:4, statusMessage?}
                                           (count 1..10,000, httpStatus 200..599, integers)
  POST /sim/faults/malformed-notification  {user?, kind?:"no-call"|"string"}
  POST /sim/reset                          release all calls, log agents out, restore demo users, places
                                           and start-up config, clear faults and log
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}`);
  process.exit(2);
}

function parseNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) fail(`--${name} needs a number >= 0, got '${value}'`);
  return number;
}

function readPem(file: string, option: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    fail(`--${option}: cannot read ${file}: ${(error as Error).message}`);
  }
}

function tlsFromArgs(certFile: string | undefined, keyFile: string | undefined): SimulatorOptions['tls'] {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) fail('--tls-cert and --tls-key go together');
  return { cert: readPem(certFile, 'tls-cert'), key: readPem(keyFile, 'tls-key') };
}

function optionsFromArgs(argv: string[]): SimulatorOptions | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        scenario: { type: 'string' },
        'no-csrf': { type: 'boolean' },
        'check-origin': { type: 'boolean' },
        'allowed-origins': { type: 'string' },
        'require-csrf-on-cometd': { type: 'boolean' },
        'refuse-wildcard-subscriptions': { type: 'boolean' },
        'answer-delay': { type: 'string' },
        'session-timeout': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return undefined;
  const scenario = values.scenario ?? 'none';
  if (scenario !== 'none' && scenario !== 'demo') fail(`--scenario must be none or demo, got '${scenario}'`);
  const sessionTimeoutSeconds = parseNumber(values['session-timeout'], 'session-timeout');
  return {
    port: parseNumber(values.port, 'port') ?? 8090,
    host: values.host ?? '127.0.0.1',
    tls: tlsFromArgs(values['tls-cert'], values['tls-key']),
    scenario,
    csrf: !values['no-csrf'],
    checkOrigin: values['check-origin'] ?? false,
    allowedOrigins: values['allowed-origins']?.split(',').map((origin) => origin.trim()).filter((origin) => origin !== ''),
    requireCsrfOnCometd: values['require-csrf-on-cometd'] ?? false,
    refuseWildcardSubscriptions: values['refuse-wildcard-subscriptions'] ?? false,
    answerDelayMs: parseNumber(values['answer-delay'], 'answer-delay'),
    sessionIdleTimeoutMs: sessionTimeoutSeconds === undefined ? undefined : sessionTimeoutSeconds * 1000,
    log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  };
}

async function main(): Promise<void> {
  const options = optionsFromArgs(process.argv.slice(2));
  if (!options) {
    process.stdout.write(HELP);
    return;
  }
  const simulator = await startSimulator(options);
  process.stdout.write(`GWS simulator listening on ${simulator.url}\n`);
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    void simulator.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`GWS simulator failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
