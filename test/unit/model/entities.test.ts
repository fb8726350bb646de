import * as assert from 'node:assert/strict';
import { diffEntity, isEmptyDiff } from '../../../src/model/diff';
import { entitiesOf, entitySubject, MAX_ENTITIES_PER_MESSAGE } from '../../../src/model/entities';
import { DEFAULT_MAX_ENTITIES, EntityStore } from '../../../src/model/entityStore';
import { summarizeEntity } from '../../../src/model/summary';
import { CHAT_ID, chatChannelReadyMessage, chatChattingMessage, chatInvitedMessage, chatParticipantsMessage, unnamedChannelMessage } from './fixtures/media';

describe('entities', () => {
  describe('entitiesOf', () => {
    it('finds a chat (sample 06) by its key and id, and keeps the object as received', () => {
      const data = chatChattingMessage().data;
      const found = entitiesOf(data);
      assert.deepEqual(
        found.map(({ kind, id, idKey }) => ({ kind, id, idKey })),
        [{ kind: 'chat', id: CHAT_ID, idKey: 'id' }],
      );
      assert.equal(found[0].value, data.chat, 'not a copy');
    });

    it('keys channels[] entries (sample 08) by their channel name, and skips an entry with neither channel nor id (sample 09)', () => {
      assert.deepEqual(
        entitiesOf(chatChannelReadyMessage().data).map(({ kind, id, idKey }) => ({ kind, id, idKey })),
        [{ kind: 'channel', id: 'chat', idKey: 'channel' }],
      );
      assert.deepEqual(entitiesOf(unnamedChannelMessage().data), []);
    });

    it('makes array keys singular (devices → device, categories → category) and takes any object with an id', () => {
      const found = entitiesOf({
        messageType: 'SomethingNew',
        devices: [{ id: 'd1' }, { id: 'd2' }, { noId: true }, 'junk', null],
        categories: [{ id: 7 }],
        workitem: { id: 'w1', state: 'Accepted' },
        extensions: { BusinessCall: 0 },
        metrics: { serverGenerationTimestamp: 1 },
        email: { id: '' },
      });
      assert.deepEqual(
        found.map(({ kind, id }) => `${kind} ${id}`),
        ['device d1', 'device d2', 'category 7', 'workitem w1'],
      );
    });

    it('diffs at most MAX_ENTITIES_PER_MESSAGE entities of one message, in arrays and single objects alike', () => {
      const devices = Array.from({ length: MAX_ENTITIES_PER_MESSAGE + 5 }, (_, i) => ({ id: `d${i}` }));
      assert.equal(entitiesOf({ devices }).length, MAX_ENTITIES_PER_MESSAGE);
      const full = entitiesOf({ devices: devices.slice(0, MAX_ENTITIES_PER_MESSAGE), chat: { id: 'late' } });
      assert.equal(full.length, MAX_ENTITIES_PER_MESSAGE);
      assert.ok(full.every((entity) => entity.kind === 'device'));
    });

    it('skips values that are no objects and ids that are no text or finite number, without throwing', () => {
      assert.deepEqual(entitiesOf({ a: null, b: 7, c: 'text', d: true, e: undefined }), []);
      const ids = [true, {}, [], null, Number.NaN, Number.POSITIVE_INFINITY, '', 'ok', 0];
      assert.deepEqual(
        entitiesOf({ devices: ids.map((id) => ({ id })) }).map((entity) => entity.id),
        ['ok', '0'],
      );
      assert.deepEqual(entitiesOf({ chat: { id: false } }), []);
    });

    it('takes only the message\'s own keys, never inherited ones', () => {
      const data = Object.create({ chat: { id: 'inherited' } }) as Record<string, unknown>;
      data.email = { id: 'own' };
      assert.deepEqual(entitiesOf(data).map(({ kind, id }) => `${kind} ${id}`), ['email own']);
    });

    it('keys a channels[] entry without a channel name by its id, and other arrays by id only', () => {
      assert.deepEqual(
        entitiesOf({ channels: [{ id: 'c7', state: 'Ready' }], devices: [{ id: 'd1', channel: 'voice' }] }).map(({ kind, id, idKey }) => ({ kind, id, idKey })),
        [
          { kind: 'channel', id: 'c7', idKey: 'id' },
          { kind: 'device', id: 'd1', idKey: 'id' },
        ],
      );
    });

    it('gives an entity the subject an operation URL on it would have', () => {
      assert.equal(entitySubject('chat', CHAT_ID), `chat ${CHAT_ID}`);
      assert.equal(entitySubject('chats', CHAT_ID), `chat ${CHAT_ID}`, '/me/chats/{id}');
      assert.equal(entitySubject('imSession', 'x'), entitySubject('im-sessions', 'x'));
      assert.equal(entitySubject('call', 'C1'), 'C1', 'a call is known by its bare id, like call operations');
      assert.equal(entitySubject('address', 'a1'), 'address a1', 'a word ending in "ss" is no plural');
      assert.equal(entitySubject('business', 'b1'), 'business b1');
      assert.equal(entitySubject('s', 'x'), 's x', 'never an empty kind');
    });
  });

  describe('diffEntity', () => {
    it('diffs a chat like a call: attached data, capabilities and other fields, with its kind and id', () => {
      const before = chatInvitedMessage().data.chat;
      const after = chatChattingMessage().data.chat;
      after.userData = { Subject: 'Order 1234', Language: 'fr' };
      const diff = diffEntity('chat', CHAT_ID, before, after);
      assert.equal(diff.kind, 'chat');
      assert.equal(diff.id, CHAT_ID);
      assert.equal(diff.first, false);
      assert.deepEqual(diff.userData, { added: { Language: 'fr' }, removed: {}, changed: {} });
      assert.deepEqual(diff.capabilities.lost, ['Accept', 'Reject']);
      assert.ok(diff.capabilities.gained.includes('Complete'));
      assert.deepEqual(diff.fields, { state: { old: 'Invited', new: 'Chatting' } });
      assert.equal(diff.dataKey, undefined, 'userData is the default key');
      assert.equal(
        summarizeEntity(diff, after),
        `chat ${CHAT_ID}: userData +1 ~0 −0 · caps +Transfer +Complete +Leave +InFocus +SendMessage (+4 more) · state Invited→Chatting`,
      );
    });

    it('reads attached data from attachedData or data when there is no userData, and says which', () => {
      const diff = diffEntity('email', 'e1', { id: 'e1', attachedData: { a: '1' } }, { id: 'e1', attachedData: { a: '2' } });
      assert.equal(diff.dataKey, 'attachedData');
      assert.deepEqual(diff.userData.changed, { a: { old: '1', new: '2' } });
      assert.deepEqual(diff.fields, {}, 'attachedData is not also listed as a field');
      assert.equal(summarizeEntity(diff, { id: 'e1' }), 'email e1: attachedData +0 ~1 −0');
      assert.equal(diffEntity('workitem', 'w', undefined, { id: 'w', data: { k: 'v' } }).dataKey, 'data');
    });

    it('does not report the id field, even when it is a channel name', () => {
      const before = chatChannelReadyMessage().data.channels[0];
      const after = { ...before, userState: { ...(before.userState as object), state: 'NotReady' } };
      const diff = diffEntity('channel', 'chat', before, after, { idKey: 'channel' });
      assert.deepEqual(Object.keys(diff.fields), ['userState']);
      assert.equal(summarizeEntity(diff, after), 'channel chat: userState Ready→NotReady', 'an object field with a state says how it moved');
    });

    it('summarises a first notification with its states and what it carries', () => {
      const chat = chatInvitedMessage().data.chat;
      const diff = diffEntity('chat', CHAT_ID, undefined, chat);
      assert.equal(diff.first, true);
      assert.equal(summarizeEntity(diff, chat), `chat ${CHAT_ID}: first notification · state Invited · userData 1 key · 2 capabilities`);
      const channel = chatChannelReadyMessage().data.channels[0];
      assert.equal(summarizeEntity(diffEntity('channel', 'chat', undefined, channel, { idKey: 'channel' }), channel), 'channel chat: first notification · userState Ready');
    });

    it('shares what did not change with the previous value, and a repeat is an empty diff', () => {
      const first = chatChattingMessage().data.chat;
      const again = chatChattingMessage().data.chat;
      const diff = diffEntity('chat', CHAT_ID, first, again, { shareUnchanged: true });
      assert.ok(isEmptyDiff(diff));
      assert.equal(again.capabilities, first.capabilities);
      const participants = diffEntity('chat', CHAT_ID, first, chatParticipantsMessage().data.chat);
      assert.deepEqual(Object.keys(participants.fields), ['participants']);
    });
  });

  describe('EntityStore', () => {
    it('returns the previous value of the same kind and id, and keeps kinds apart', () => {
      const store = new EntityStore();
      const invited = chatInvitedMessage().data.chat;
      assert.equal(store.apply('chat', CHAT_ID, invited), undefined);
      assert.equal(store.apply('email', CHAT_ID, { id: CHAT_ID }), undefined, 'another kind with the same id is another entity');
      const chatting = chatChattingMessage().data.chat;
      assert.equal(store.apply('chat', CHAT_ID, chatting), invited);
      assert.equal(store.get('chat', CHAT_ID), chatting);
      assert.equal(store.size, 2);
    });

    for (const state of ['Completed', 'Revoked', 'Closed', 'Released']) {
      it(`forgets an entity on its terminal state ${state}`, () => {
        const store = new EntityStore();
        store.apply('chat', CHAT_ID, chatChattingMessage().data.chat);
        const previous = store.apply('chat', CHAT_ID, { id: CHAT_ID, state });
        assert.equal((previous as { state?: string } | undefined)?.state, 'Chatting', 'the last message is still diffed against');
        assert.equal(store.size, 0);
      });
    }

    it('keeps an entity in a state it does not know as terminal', () => {
      const store = new EntityStore();
      store.apply('chat', CHAT_ID, { id: CHAT_ID, state: 'WrapUp' });
      assert.equal(store.size, 1);
    });

    it('drops the entity updated longest ago once past its capacity', () => {
      const store = new EntityStore(3);
      store.apply('chat', 'a', { id: 'a' });
      store.apply('chat', 'b', { id: 'b' });
      store.apply('chat', 'c', { id: 'c' });
      store.apply('chat', 'a', { id: 'a', state: 'Chatting' }); // a is now the newest
      store.apply('chat', 'd', { id: 'd' });
      assert.equal(store.size, 3);
      assert.equal(store.get('chat', 'b'), undefined, 'b was updated longest ago');
      assert.ok(store.get('chat', 'a'));
      assert.ok(store.get('chat', 'd'));
    });

    it('takes a capacity of at least one, and the default for a capacity that is none', () => {
      const one = new EntityStore(1);
      one.apply('chat', 'a', { id: 'a' });
      one.apply('chat', 'b', { id: 'b' });
      assert.equal(one.size, 1);
      assert.ok(one.get('chat', 'b'));
      for (const capacity of [0, 0.5, -3, Number.NaN, Number.POSITIVE_INFINITY]) {
        const store = new EntityStore(capacity);
        for (let i = 0; i <= DEFAULT_MAX_ENTITIES; i++) store.apply('device', `d${i}`, { id: `d${i}` });
        assert.equal(store.size, DEFAULT_MAX_ENTITIES, `capacity ${capacity}`);
        assert.equal(store.get('device', 'd0'), undefined, `capacity ${capacity}`);
      }
    });

    it('knows a terminal state only as the exact text', () => {
      const store = new EntityStore();
      for (const state of ['released', ['Released'], { state: 'Released' }, 'Released ']) store.apply('chat', JSON.stringify(state), { id: 'x', state });
      assert.equal(store.size, 4);
    });

    it('reset replaces one kind only', () => {
      const store = new EntityStore();
      store.apply('device', 'd1', { id: 'd1' });
      store.apply('chat', CHAT_ID, { id: CHAT_ID });
      store.reset('device', [{ id: 'd2', value: { id: 'd2' } }]);
      assert.equal(store.get('device', 'd1'), undefined);
      assert.ok(store.get('device', 'd2'));
      assert.ok(store.get('chat', CHAT_ID));
    });
  });
});
