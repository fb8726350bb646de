// The scenario's simulator steps, over the simulator's /sim/ control API (plain HTTP, as curl
// or a CI script would drive it: the runner shares no code with the simulator; README "The
// simulator's control API" lists the routes). Replay Selected Rows in Simulator uses its
// replay (src/commands/replayCommands.ts).
import type { FaultStep, InboundCallStep, RemoteHangupStep, RouterUserDataStep } from './types';

export class SimulatorActions {
  constructor(private readonly baseUrl: string) {}

  async inboundCall(step: InboundCallStep, defaultUser: string): Promise<string> {
    const answer = await this.post('/sim/calls', { to: step.to ?? defaultUser, from: step.from, userData: step.userData, state: step.state });
    if (typeof answer.id !== 'string') throw new Error(`POST /sim/calls answered no call id: ${JSON.stringify(answer)}`);
    return answer.id;
  }

  async routerUserData(step: RouterUserDataStep, callId: string): Promise<void> {
    await this.post(`/sim/calls/${encodeURIComponent(callId)}/user-data`, { userData: step.userData, mode: step.mode });
  }

  async remoteHangup(_step: RemoteHangupStep, callId: string): Promise<void> {
    await this.post(`/sim/calls/${encodeURIComponent(callId)}/remote-hangup`, {});
  }

  async fault(step: FaultStep): Promise<void> {
    await this.post(`/sim/faults/${step.fault}`, step.params ?? {});
  }

  /** POST /sim/replay: recorded notifications published again to a user; answers how many. */
  async replay(body: { user: string; notifications: unknown[]; speed: number }): Promise<number> {
    const answer = await this.post('/sim/replay', body);
    return typeof answer.count === 'number' ? answer.count : body.notifications.length;
  }

  private async post(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const answer = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
    if (!response.ok) {
      const reason = typeof answer.statusMessage === 'string' ? answer.statusMessage : text.slice(0, 200);
      throw new Error(`the simulator refused POST ${path} (HTTP ${response.status}): ${reason}`);
    }
    return answer;
  }
}
