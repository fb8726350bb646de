// The scenario both the Testing view's integration test and the CLI's unit test run: answer an
// inbound call, start recording, expect the recording notification with its diffs.
import type { Scenario } from '../../src/scenario/types';

export const ANSWER_AND_RECORD: Scenario = {
  name: 'Answer and record',
  steps: [
    { do: 'signIn', simulator: true, user: 'agent1' },
    { do: 'inboundCall', bind: '$call1', from: '5551234' },
    { do: 'expect', notification: 'StatusChange', call: '$call1', fields: { state: 'Ringing' } },
    { do: 'operation', call: '$call1', operation: 'Answer' },
    { do: 'expect', notification: 'StatusChange', call: '$call1', fields: { state: 'Established' }, capabilities: { gained: ['StartCallRecording'] } },
    { do: 'operation', call: '$call1', operation: 'StartCallRecording' },
    {
      do: 'expect',
      notification: 'CallRecordingStateChange',
      call: '$call1',
      within: 2000,
      fields: { recordingState: 'Recording' },
      capabilities: { gained: ['PauseCallRecording'], lost: ['StartCallRecording'] },
      userData: { added: ['GSIP_RECORD'] },
    },
  ],
};
