// Every channel: the pipeline diffs the resources of any message (entities.ts), not only calls.
import * as assert from 'node:assert/strict';
import { CallStore } from '../../../src/model/callStore';
import { exportNdjson, importNdjson } from '../../../src/model/ndjson';
import { Pipeline } from '../../../src/model/pipeline';
import { Sources } from '../../../src/model/sources';
import { StreamLog } from '../../../src/model/streamLog';
import type { BayeuxMessage, GwsCall } from '../../../src/wire/types';
import { buildDetail } from '../../../src/webviews/inspector/rows';
import { CHAT_ID, chatChannelReadyMessage, chatChattingMessage, chatInvitedMessage, chatParticipantsMessage, unnamedChannelMessage } from './fixtures/media';
import { callBeforeHold, callMessage, received } from './fixtures/samples';

function setup(options: { maxEntities?: number } = {}) {
  const log = new StreamLog(1_000);
  const store = new CallStore();
  const pipeline = new Pipeline(store, log, {
    noNotificationWarningMs: 5_000,
    maxEntities: options.maxEntities,
    timers: { setTimeout: () => 0, clearTimeout: () => undefined },
  });
  return { log, store, pipeline };
}

const DEVICE = '631608b3-ceb1-472b-ba05-2ae39555b0d1';
const devices = (userState: string): BayeuxMessage => ({
  channel: '/v2/me/devices',
  data: { messageType: 'DeviceStateChangeMessage', devices: [{ id: DEVICE, deviceState: 'Active', doNotDisturb: 'Off', userState: { state: userState } }] },
});

describe('Pipeline: every channel', () => {
  it('diffs a chat against its previous message: summary, state, entities, and a repeat is unchanged', () => {
    const { pipeline } = setup();
    const invited = pipeline.ingestNotification(received(chatInvitedMessage(), 1_000));
    assert.equal(invited.summary, `chat ${CHAT_ID}: first notification · state Invited · userData 1 key · 2 capabilities`);
    assert.equal(invited.messageType, 'ChatStateChangeMessage');
    assert.equal(invited.type, 'Invite');
    assert.equal(invited.state, 'Invited');
    assert.equal(invited.callId, undefined, 'a chat is not a call');
    assert.equal(invited.entities?.[0]?.first, true);

    const accepted = chatChattingMessage();
    accepted.data.chat.userData = { Subject: 'Order 1234', Language: 'fr' };
    const chatting = pipeline.ingestNotification(received(accepted, 2_000));
    assert.equal(chatting.changed, true);
    assert.equal(chatting.state, 'Chatting');
    assert.match(chatting.summary, new RegExp(`^chat ${CHAT_ID}: userData \\+1 ~0 −0 · caps .* · state Invited→Chatting$`));
    const diff = chatting.entities?.[0];
    assert.deepEqual([diff?.kind, diff?.id], ['chat', CHAT_ID]);
    assert.deepEqual(diff?.userData.added, { Language: 'fr' });

    const participants = chatParticipantsMessage();
    participants.data.chat.userData = { Subject: 'Order 1234', Language: 'fr' };
    const updated = pipeline.ingestNotification(received(participants, 3_000));
    assert.equal(updated.summary, `chat ${CHAT_ID}: participants Marat joined, PersonP joined`);
    const repeat = chatParticipantsMessage();
    repeat.data.chat.userData = { Subject: 'Order 1234', Language: 'fr' };
    const again = pipeline.ingestNotification(received(repeat, 4_000));
    assert.equal(again.changed, false);
    assert.equal(again.summary, `chat ${CHAT_ID}: no tracked change`);
  });

  it('diffs /v2/me/channels entries by channel name (sample 08), and shows an entry without one raw (sample 09)', () => {
    const { pipeline } = setup();
    const ready = pipeline.ingestNotification(received(chatChannelReadyMessage(), 1_000));
    assert.equal(ready.type, '(no messageType)');
    assert.equal(ready.summary, 'channel chat: first notification · userState Ready');
    const notReady = chatChannelReadyMessage();
    (notReady.data.channels[0].userState as { state: string }).state = 'NotReady';
    const changed = pipeline.ingestNotification(received(notReady, 2_000));
    assert.equal(changed.summary, 'channel chat: userState Ready→NotReady');
    assert.deepEqual(Object.keys(changed.entities?.[0]?.fields ?? {}), ['userState']);
    const unnamed = pipeline.ingestNotification(received(unnamedChannelMessage(), 3_000));
    assert.equal(unnamed.summary, 'Unrecognised message: fields channels');
    assert.equal(unnamed.entities, undefined);
  });

  it('diffs an unknown message type when it carries an object with an id, and shows it raw otherwise', () => {
    const { pipeline } = setup();
    const message = (state: string): BayeuxMessage => ({ channel: '/v2/me/workitems', data: { messageType: 'WorkitemStateChangeMessage', notificationType: 'StatusChange', workitem: { id: 'w-1', state, attachedData: { Queue: 'Back office' } } } });
    pipeline.ingestNotification(received(message('Invited'), 1_000));
    const accepted = pipeline.ingestNotification(received(message('Accepted'), 2_000));
    assert.equal(accepted.summary, 'workitem w-1: state Invited→Accepted');
    assert.equal(accepted.entities?.[0]?.dataKey, 'attachedData');
    const raw = pipeline.ingestNotification(received({ channel: '/v2/me/x', data: { messageType: 'Whatever', payload: { no: 'id' } } }, 3_000));
    assert.equal(raw.summary, 'Unrecognised message Whatever: fields messageType, payload');
  });

  it('keeps its device rows\' summary and adds each device\'s diff; a snapshot\'s devices are what the next message is diffed against', () => {
    const { pipeline } = setup();
    pipeline.ingestSnapshot({ reason: 'signIn', time: 1_000, calls: [], devices: [{ id: DEVICE, deviceState: 'Active', doNotDisturb: 'Off', userState: { state: 'NotReady' } }] });
    const ready = pipeline.ingestNotification(received(devices('Ready'), 2_000));
    assert.equal(ready.summary, 'device 631608b3: userState NotReady→Ready');
    const diff = ready.entities?.[0];
    assert.deepEqual([diff?.kind, diff?.id, diff?.first], ['device', DEVICE, false]);
    assert.deepEqual((diff?.fields.userState?.new as { state: string }).state, 'Ready');
  });

  it('forgets a chat on Completed and never keeps more than maxEntities', () => {
    const { pipeline } = setup({ maxEntities: 50 });
    pipeline.ingestNotification(received(chatChattingMessage(), 1_000));
    const completed = chatChattingMessage();
    completed.data.chat.state = 'Completed';
    pipeline.ingestNotification(received(completed, 2_000));
    assert.equal(pipeline.entities.get('chat', CHAT_ID), undefined);
    for (let i = 0; i < 500; i++) {
      pipeline.ingestNotification(received({ channel: '/v2/me/emails', data: { messageType: 'EmailStateChangeMessage', email: { id: `e-${i}`, state: 'Invited' } } }, 3_000 + i));
    }
    assert.equal(pipeline.entities.size, 50);
    assert.ok(pipeline.entities.get('email', 'e-499'));
    assert.equal(pipeline.entities.get('email', 'e-0'), undefined, 'oldest first');
  });

  it('keeps entities per source: the same chat is new to another source', () => {
    const log = new StreamLog(100);
    const sources = new Sources(log, { noNotificationWarningMs: 5_000 });
    const a = sources.open({ id: 'a', kind: 'session', label: 'a' });
    const b = sources.open({ id: 'b', kind: 'proxy', label: 'b' });
    a.pipeline.ingestNotification(received(chatInvitedMessage(), 1_000));
    const inA = a.pipeline.ingestNotification(received(chatChattingMessage(), 2_000));
    const inB = b.pipeline.ingestNotification(received(chatChattingMessage(), 2_100));
    assert.equal(inA.entities?.[0]?.first, false);
    assert.equal(inB.entities?.[0]?.first, true);
    sources.dispose();
  });

  it('says on the row when a call replaces another one (a new ConnID), and the store drops the old one', () => {
    const { pipeline, store } = setup();
    const old: GwsCall = { ...callBeforeHold(), id: 'OLD-CONN', connId: 'OLD-CONN' };
    pipeline.ingestNotification(received(callMessage(old), 1_000));
    const successor = pipeline.ingestNotification(received(callMessage({ ...old, id: 'NEW-CONN', connId: 'NEW-CONN', previousConnId: 'OLD-CONN' }), 2_000));
    assert.match(successor.summary, /^first notification · .* · replaces call OLD-CONN$/);
    assert.deepEqual(store.list().map((c) => c.id), ['NEW-CONN']);
  });

  it('hands entity diffs to the detail pane and through an NDJSON round trip', () => {
    const { pipeline, log } = setup();
    pipeline.ingestNotification(received(chatInvitedMessage(), 1_000));
    const chatting = pipeline.ingestNotification(received(chatChattingMessage(), 2_000));
    const detail = buildDetail(chatting);
    assert.deepEqual(detail.entities, chatting.entities, 'a redacted copy (nothing to mask here)');
    assert.equal(detail.diff, undefined);
    const imported = importNdjson(exportNdjson(log)).log.get(chatting.seq);
    assert.deepEqual(imported?.entities, JSON.parse(JSON.stringify(chatting.entities)));
    assert.equal(imported?.entities?.[0]?.kind, 'chat');
  });
});
