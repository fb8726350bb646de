// The shape of "what changed in a call (or another resource) since the previous notification
// for it". Pure types: imported by the diff, the stream log, the NDJSON export and the webview page.

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
  /** When `fields.participants` changed: the same change party by party (participantsDiff.ts). */
  participants?: ParticipantsDiff;
  /**
   * A ParticipantsUpdated whose participants are those of the call's previous notification
   * (which already showed the change; GWS and the simulator send a StatusChange first): the
   * seq of that row, and `participants` is its change, repeated so this row says what the
   * update is about. `fields` has no participants then: nothing changed since that row.
   */
  participantsSeq?: number;
}

export interface ParticipantsDiff {
  joined: Array<{ party: string; value: unknown }>;
  left: Array<{ party: string; value: unknown }>;
  /** Parties in both lists whose entry differs: the fields that did (`value` for a bare number). */
  changed: Array<{ party: string; changes: Record<string, ValueChange> }>;
}

/**
 * The same diff for any resource a message carries other than the call of a
 * CallStateChangeMessage: a chat, an email, a workitem, a device, a channels[] entry…
 * (entities.ts says how they are found). `userData` holds its attached data, whatever the
 * key it came under (`dataKey`).
 */
export interface EntityDiff extends CallDiff {
  /** What it is: the key it came under in the message, singular ('chat', 'device', 'channel', …). */
  kind: string;
  /** Its id; for a channels[] entry, its channel name. */
  id: string;
  /** The key its attached data was read from, when not `userData` ('attachedData', 'data'). */
  dataKey?: string;
}
