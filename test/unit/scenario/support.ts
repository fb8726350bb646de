// Records a real session against the built-in simulator into a StreamLog, as the inspector
// does (GwsSession → Pipeline), so scenario tests start from rows a user could select.
import { GwsSession } from '../../../src/gws/gwsSession';
import { CallStore } from '../../../src/model/callStore';
import { Pipeline } from '../../../src/model/pipeline';
import { StreamLog, type StreamRecord } from '../../../src/model/streamLog';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../src/simulator';
import { waitFor } from '../gws/support';

export { waitFor };

export interface Recording {
  sim: RunningSimulator;
  session: GwsSession;
  log: StreamLog;
  dispose(): Promise<void>;
}

export async function recordSession(options: SimulatorOptions = {}): Promise<Recording> {
  const sim = await startSimulator({ port: 0, ...options });
  const session = new GwsSession({ baseUrl: sim.url, userName: 'agent1', password: 'agent1' });
  const log = new StreamLog(5_000);
  const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, source: 'session' });
  const attachment = pipeline.attach(session);
  try {
    await session.signIn();
  } catch (error) {
    // A failed sign-in must not leave the simulator listening (and mocha hanging).
    attachment.dispose();
    pipeline.dispose();
    session.dispose();
    await sim.stop();
    throw error;
  }
  return {
    sim,
    session,
    log,
    dispose: async () => {
      await session.signOut();
      attachment.dispose();
      pipeline.dispose();
      session.dispose();
      await sim.stop();
    },
  };
}

/** The first row of `log` that matches, once there is one. */
export async function row(log: StreamLog, what: string, match: (record: StreamRecord) => boolean): Promise<StreamRecord> {
  let found: StreamRecord | undefined;
  await waitFor(what, () => (found = log.rows().find(match)) !== undefined);
  return found as StreamRecord;
}

/**
 * The session the issue describes: a caller rings agent1, the agent answers and starts
 * recording (operations from this session, as the inspector sends them). Resolves when the
 * recording notification is linked to StartCallRecording.
 */
export async function recordAnswerAndRecording(recording: Recording): Promise<string> {
  const { sim, session, log } = recording;
  const callId = sim.control.createInboundCall({ to: 'agent1', from: '5551234', userData: { Customer: 'ACME' } });
  await row(log, 'the Ringing notification', (r) => r.kind === 'notification' && r.callId === callId && r.state === 'Ringing');
  await session.runCallOperation(callId, 'Answer');
  await row(log, 'Answer linked to Established', (r) => r.kind === 'operation' && r.type === 'Answer' && (r.linkedSeqs ?? []).length > 0);
  await session.runCallOperation(callId, 'StartCallRecording');
  await row(log, 'StartCallRecording linked', (r) => r.kind === 'operation' && r.type === 'StartCallRecording' && (r.linkedSeqs ?? []).length > 0);
  return callId;
}

/** The rows of a whole recorded session that answered a call and started its recording. */
export async function answeredAndRecordedRows(): Promise<StreamRecord[]> {
  const recording = await recordSession();
  try {
    await recordAnswerAndRecording(recording);
    return recording.log.rows();
  } finally {
    await recording.dispose();
  }
}
