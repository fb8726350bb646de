// One palette / context-menu command per call operation. Pure data (no `vscode`): the
// registration, the package.json menus and their unit test all read this table.

export interface OperationCommand {
  /** Command id, e.g. gws.call.startRecording. */
  command: string;
  /** GWS operationName; also the capability that must be present on the call. */
  operation: string;
  /** Title in the palette ("GWS: Start Call Recording"). */
  title: string;
  /** Codicon for menus and inline buttons. */
  icon: string;
  /** Shown as an inline button on the call item when allowed. */
  inline?: boolean;
  /** Context-menu group (sorting), e.g. "1_recording". */
  group: string;
}

export const OPERATION_COMMANDS: readonly OperationCommand[] = [
  { command: 'gws.call.startRecording', operation: 'StartCallRecording', title: 'Start Call Recording', icon: 'record', inline: true, group: '1_recording@1' },
  { command: 'gws.call.pauseRecording', operation: 'PauseCallRecording', title: 'Pause Call Recording', icon: 'debug-pause', inline: true, group: '1_recording@2' },
  { command: 'gws.call.resumeRecording', operation: 'ResumeCallRecording', title: 'Resume Call Recording', icon: 'debug-continue', inline: true, group: '1_recording@3' },
  { command: 'gws.call.stopRecording', operation: 'StopCallRecording', title: 'Stop Call Recording', icon: 'debug-stop', inline: true, group: '1_recording@4' },
  { command: 'gws.call.answer', operation: 'Answer', title: 'Answer', icon: 'call-incoming', inline: true, group: '0_call@1' },
  { command: 'gws.call.hold', operation: 'Hold', title: 'Hold', icon: 'debug-pause', group: '0_call@2' },
  { command: 'gws.call.retrieve', operation: 'Retrieve', title: 'Retrieve', icon: 'debug-start', group: '0_call@3' },
  { command: 'gws.call.hangup', operation: 'Hangup', title: 'Hang Up', icon: 'close', inline: true, group: '0_call@9' },
  { command: 'gws.call.mute', operation: 'MuteCall', title: 'Mute', icon: 'mute', group: '0_call@4' },
  { command: 'gws.call.unmute', operation: 'UnmuteCall', title: 'Unmute', icon: 'unmute', group: '0_call@5' },
  { command: 'gws.call.sendDtmf', operation: 'SendDtmf', title: 'Send DTMF...', icon: 'symbol-numeric', group: '0_call@6' },
  { command: 'gws.call.updateUserData', operation: 'UpdateUserData', title: 'Update User Data...', icon: 'edit', group: '2_userData@1' },
  { command: 'gws.call.attachUserData', operation: 'AttachUserData', title: 'Attach User Data...', icon: 'add', group: '2_userData@2' },
  { command: 'gws.call.deleteUserDataKey', operation: 'DeleteUserDataPair', title: 'Delete User Data Key...', icon: 'remove', group: '2_userData@3' },
  { command: 'gws.call.deleteAllUserData', operation: 'DeleteUserData', title: 'Delete All User Data', icon: 'trash', group: '2_userData@4' },
  { command: 'gws.call.singleStepTransfer', operation: 'SingleStepTransfer', title: 'Single-Step Transfer...', icon: 'arrow-right', group: '3_transfer@1' },
  { command: 'gws.call.initiateTransfer', operation: 'InitiateTransfer', title: 'Initiate Transfer...', icon: 'arrow-swap', group: '3_transfer@2' },
  { command: 'gws.call.completeTransfer', operation: 'CompleteTransfer', title: 'Complete Transfer', icon: 'check', group: '3_transfer@3' },
  { command: 'gws.call.initiateConference', operation: 'InitiateConference', title: 'Initiate Conference...', icon: 'organization', group: '4_conference@1' },
  { command: 'gws.call.completeConference', operation: 'CompleteConference', title: 'Complete Conference', icon: 'check-all', group: '4_conference@2' },
  { command: 'gws.call.singleStepConference', operation: 'SingleStepConference', title: 'Single-Step Conference...', icon: 'person-add', group: '4_conference@3' },
  { command: 'gws.call.removeParticipant', operation: 'RemoveParticipantFromConference', title: 'Remove Participant from Conference...', icon: 'person', group: '4_conference@4' },
  { command: 'gws.call.swap', operation: 'SwapCalls', title: 'Swap Calls', icon: 'arrow-both', group: '3_transfer@4' },
  // A supervisor's monitored call (docs/gws-notes.md#capabilities).
  { command: 'gws.call.switchToListenIn', operation: 'SwitchToListenIn', title: 'Switch to Listen In', icon: 'eye', group: '5_supervision@1' },
  { command: 'gws.call.switchToBargeIn', operation: 'SwitchToBargeIn', title: 'Switch to Barge In', icon: 'megaphone', group: '5_supervision@3' },
  { command: 'gws.call.muteMonitoredUser', operation: 'MuteMonitoredUser', title: 'Mute Monitored User', icon: 'mute', group: '5_supervision@4' },
  { command: 'gws.call.unmuteMonitoredUser', operation: 'UnmuteMonitoredUser', title: 'Unmute Monitored User', icon: 'unmute', group: '5_supervision@5' },
];
