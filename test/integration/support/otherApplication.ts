// The developer's own integration, signed in to GWS as the same agent in its own HTTP session:
// plain fetch with Basic on GET /api/v2/me, then the JSESSIONID cookie and the CSRF token, as
// any GWS client does. Written without the extension's client on purpose.
import type { RecordedRequest } from './simulatorHttp';

export class OtherApplication {
  private cookie = '';
  private csrf: { name: string; token: string } | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly user = 'agent1',
    private readonly password = 'agent1',
  ) {}

  /** GET /api/v2/me with Basic: a new HTTP session of the agent. */
  async signIn(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/v2/me`, {
      headers: { Authorization: `Basic ${Buffer.from(`${this.user}:${this.password}`).toString('base64')}` },
    });
    if (!response.ok) throw new Error(`the other application's sign-in: HTTP ${response.status}`);
    const session = response.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('JSESSIONID='));
    if (!session) throw new Error('no JSESSIONID for the other application');
    this.cookie = session;
    const token = response.headers.get('x-csrf-token');
    if (token) this.csrf = { name: response.headers.get('x-csrf-header') ?? 'X-CSRF-TOKEN', token };
  }

  /** Signs in and logs the agent in to voice, as an agent desktop does. */
  async signInAndLogIn(): Promise<void> {
    await this.signIn();
    await this.operation('/api/v2/me', 'StartContactCenterSession', { channels: ['voice'] });
  }

  async operation(path: string, operationName: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Cookie: this.cookie };
    if (this.csrf) headers[this.csrf.name] = this.csrf.token;
    const response = await fetch(`${this.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify({ operationName, ...params }) });
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok || body.statusCode !== 0) throw new Error(`the other application's ${operationName}: HTTP ${response.status} ${JSON.stringify(body)}`);
    return body;
  }

  callOperation(callId: string, operationName: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.operation(`/api/v2/me/calls/${encodeURIComponent(callId)}`, operationName, params);
  }

  /** Did this request come from this application (its session cookie)? */
  sent(request: RecordedRequest): boolean {
    return (request.headers.cookie ?? '').split(';').some((c) => c.trim() === this.cookie);
  }
}
