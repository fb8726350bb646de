/** The simulator's /sim/ control API over real HTTP (as a developer's script would use it). */
export async function simPost<T = Record<string, unknown>>(baseUrl: string, path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} → HTTP ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

export async function simGet<T = Record<string, unknown>>(baseUrl: string, path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`);
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${path} → HTTP ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  httpStatus?: number;
}

export async function requestsSince(baseUrl: string, since: number): Promise<RecordedRequest[]> {
  const { requests } = await simGet<{ requests: RecordedRequest[] }>(baseUrl, `/sim/requests?since=${since}`);
  return requests;
}

export async function lastRequestSeq(baseUrl: string): Promise<number> {
  const { requests } = await simGet<{ requests: RecordedRequest[] }>(baseUrl, '/sim/requests');
  return requests.length ? requests[requests.length - 1].seq : 0;
}
