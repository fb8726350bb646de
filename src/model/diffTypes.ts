// The shape of "what changed in a call since the previous notification for the same call".
// Pure types: imported by the diff, the stream log, the NDJSON export and the webview page.

export interface ValueChange {
  old: unknown;
  new: unknown;
}

export interface UserDataDiff {
  added: Record<string, unknown>;
  removed: Record<string, unknown>;
  changed: Record<string, ValueChange>;
}

export interface CapabilitiesDiff {
  gained: string[];
  lost: string[];
}

export interface CallDiff {
  /** No earlier notification for this call: everything is "added"/"gained". */
  first: boolean;
  userData: UserDataDiff;
  capabilities: CapabilitiesDiff;
  /** Other top-level call fields that changed: state, recordingState, mute, participants, … */
  fields: Record<string, ValueChange>;
}
