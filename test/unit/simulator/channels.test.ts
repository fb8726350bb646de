// Every channel: wildcard subscriptions (and a server that refuses them), chat, email and
// workitem messages from the control API, and raw messages on any /v2/me/... channel.
import assert from 'node:assert/strict';
import axios, { type AxiosResponse } from 'axios';
import type { RunningSimulator } from '../../../src/simulator/index';
import { ChannelClient } from './channelClient';
import { startTestSimulator } from './support';

type Body = Record<string, unknown>;

describe('simulator: every channel', function () {
  let sim: RunningSimulator;
  const clients: ChannelClient[] = [];

  before(async () => {
    sim = await startTestSimulator();
  });
  after(() => sim?.stop());
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.disconnect()));
    sim.control.reset();
  });

  const control = (path: string, body: unknown): Promise<AxiosResponse> => axios.post(`${sim.url}${path}`, body, { validateStatus: () => true });

  async function subscribed(userName: string, channels: string[]): Promise<ChannelClient> {
    const client = new ChannelClient(sim.url);
    clients.push(client);
    await client.login(userName);
    const { acks } = await client.subscribe(channels);
    assert.ok(acks.every((a) => a.successful), JSON.stringify(acks));
    return client;
  }

  describe('wildcard subscriptions', () => {
    it('/v2/me/* receives calls, devices, channels, chats and any other /v2/me channel, under their own names', async () => {
      const client = await subscribed('agent1', ['/v2/me/*']);
      const rest = client.rest;
      assert.equal((await rest.post('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['voice'] })).status, 200);
      await client.waitFor((n) => n.channel === '/v2/me/devices' && n.data.messageType === 'DeviceStateChangeMessage');
      await client.waitFor((n) => n.channel === '/v2/me/channels' && n.data.messageType === 'ChannelStateChangeMessageV2');
      const id = sim.control.createInboundCall({ to: 'agent1' });
      await client.waitFor((n) => n.channel === '/v2/me/calls' && n.data.call?.id === id);
      sim.control.publishMedia({ user: 'agent1', kind: 'chat' });
      await client.waitFor((n) => n.channel === '/v2/me/chats' && n.data.messageType === 'ChatStateChangeMessage');
      sim.control.publishRaw({ user: 'agent1', channel: '/v2/me/openmedia', data: { messageType: 'OpenMediaStateChangeMessage' } });
      await client.waitFor((n) => n.channel === '/v2/me/openmedia');
    });

    it('/** receives the agent’s messages, and a wildcard never reaches another agent’s channels', async () => {
      const everything = await subscribed('agent1', ['/**']);
      const other = await subscribed('agent2', ['/v2/me/*']);
      const mine = sim.control.createInboundCall({ to: 'agent1' });
      await everything.waitFor((n) => n.data.call?.id === mine);
      const theirs = sim.control.createInboundCall({ to: 'agent2' });
      await other.waitFor((n) => n.data.call?.id === theirs);
      // A later message for agent1 proves anything of agent2's would have arrived before it.
      sim.control.publishRaw({ user: 'agent1', channel: '/v2/me/calls', data: { marker: 1 } });
      await everything.waitFor((n) => n.data.marker === 1);
      assert.ok(!everything.messages.some((n) => n.data.call?.id === theirs), 'agent1 never saw the call of agent2');
      assert.ok(!other.messages.some((n) => n.data.call?.id === mine), 'agent2 never saw the call of agent1');
    });

    it('refuseWildcardSubscriptions: a wildcard subscribe fails with 403, named channels still work', async () => {
      const strict = await startTestSimulator({ refuseWildcardSubscriptions: true });
      const client = new ChannelClient(strict.url);
      try {
        await client.login('agent1');
        const { acks } = await client.subscribe(['/v2/me/*', '/v2/me/calls']);
        assert.equal(acks[0].successful, false);
        assert.match(String(acks[0].error), /^403:\/v2\/me\/\*:/);
        assert.equal(acks[1].successful, true, 'the fallback to named channels works');
        const id = strict.control.createInboundCall({ to: 'agent1' });
        await client.waitFor((n) => n.data.call?.id === id);
        assert.equal(strict.control.config().refuseWildcardSubscriptions, true);
      } finally {
        await client.disconnect();
        await strict.stop();
      }
    });

    it('POST /sim/config toggles the refusal for the next subscriptions', async () => {
      let answer = await control('/sim/config', { refuseWildcardSubscriptions: true });
      assert.equal(answer.status, 200);
      assert.equal(answer.data.config.refuseWildcardSubscriptions, true);
      const refused = new ChannelClient(sim.url);
      clients.push(refused);
      await refused.login('agent1');
      const { acks } = await refused.subscribe(['/v2/me/**']);
      assert.equal(acks[0].successful, false);
      answer = await control('/sim/config', { refuseWildcardSubscriptions: false });
      assert.equal(answer.data.config.refuseWildcardSubscriptions, false);
      await subscribed('agent1', ['/v2/me/*']);
      assert.deepEqual((await axios.get(`${sim.url}/sim/config`)).data.config.refuseWildcardSubscriptions, false);
    });
  });

  describe('POST /sim/media', () => {
    it('publishes a chat invitation shaped like GWS chat messages', async () => {
      const client = await subscribed('agent1', ['/v2/me/chats']);
      const answer = await control('/sim/media', { user: 'agent1', kind: 'chat', userData: { Subject: 'Refund' } });
      assert.equal(answer.status, 200);
      assert.equal(answer.data.channel, '/v2/me/chats');
      assert.match(answer.data.id, /^[0-9A-V]{16}$/);
      const message = await client.waitFor((n) => n.data.messageType === 'ChatStateChangeMessage');
      assert.equal(message.channel, '/v2/me/chats');
      assert.deepEqual(message.data, answer.data.data, 'the answer carries what was published');
      assert.equal(message.data.notificationType, 'StatusChange');
      const chat = message.data.chat as Body;
      assert.equal(chat.id, answer.data.id);
      assert.equal(chat.state, 'Invited');
      assert.deepEqual(chat.capabilities, ['Accept', 'Reject']);
      assert.deepEqual(chat.userData, { Subject: 'Refund' });
      assert.equal((chat.participants as Array<{ type: string }>)[0].type, 'Customer');
      assert.equal(chat.uri, `${sim.url}/api/v2/chats/${answer.data.id}`);
    });

    it('takes the id, state and notificationType, for an interaction’s later messages', async () => {
      const client = await subscribed('agent1', ['/v2/me/chats']);
      const first = await control('/sim/media', { user: 'agent1', kind: 'chat' });
      const id = first.data.id as string;
      await control('/sim/media', { user: 'agent1', kind: 'chat', id, state: 'Chatting', notificationType: 'ParticipantsUpdated' });
      const chatting = await client.waitFor((n) => (n.data.chat as Body | undefined)?.state === 'Chatting');
      const chat = chatting.data.chat as Body;
      assert.equal(chat.id, id);
      assert.equal(chatting.data.notificationType, 'ParticipantsUpdated');
      assert.ok((chat.capabilities as string[]).includes('SendMessage'));
      assert.deepEqual((chat.participants as Array<{ type: string }>).map((p) => p.type), ['Agent', 'Customer']);
      assert.equal(chat.userData, undefined, 'no userData: missing, as on calls');
    });

    it('publishes email and workitem messages on their channels', async () => {
      const client = await subscribed('agent2', ['/v2/me/emails', '/v2/me/workitems']);
      const email = await control('/sim/media', { user: '15001', kind: 'email' });
      const workitem = await control('/sim/media', { user: 'agent2', kind: 'workitem', state: 'Processing', notificationType: 'PropertiesUpdated', userData: { Priority: 3 } });
      const emailMessage = await client.waitFor((n) => n.channel === '/v2/me/emails');
      assert.equal(emailMessage.data.messageType, 'EmailStateChangeMessage');
      assert.equal((emailMessage.data.email as Body).id, email.data.id);
      assert.deepEqual((emailMessage.data.email as Body).capabilities, ['Accept', 'Reject']);
      const workitemMessage = await client.waitFor((n) => n.channel === '/v2/me/workitems');
      assert.equal(workitemMessage.data.messageType, 'WorkitemStateChangeMessage');
      assert.equal(workitemMessage.data.notificationType, 'PropertiesUpdated');
      const item = workitemMessage.data.workitem as Body;
      assert.equal(item.id, workitem.data.id);
      assert.equal(item.state, 'Processing');
      assert.equal(item.workitemType, 'Inbound');
      assert.ok((item.capabilities as string[]).includes('Complete'));
      assert.deepEqual(item.userData, { Priority: 3 });
      assert.match(String(item.receivedDate), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\+0000$/);
    });

    it('refuses what it cannot publish', async () => {
      const cases: Array<[Body, number, RegExp]> = [
        [{ kind: 'chat' }, 400, /'user'/],
        [{ user: 'agent1' }, 400, /'kind'/],
        [{ user: 'agent1', kind: 'fax' }, 400, /chat, email, workitem/],
        [{ user: 'agent1', kind: 'chat', userData: [] }, 400, /userData/],
        [{ user: 'agent1', kind: 'chat', id: 'a/b' }, 400, /'id'/],
        [{ user: 'agent1', kind: 'chat', colour: 'red' }, 400, /Unknown field 'colour'/],
        [{ user: 'nobody', kind: 'chat' }, 404, /nobody/],
      ];
      for (const [body, status, message] of cases) {
        const refused = await control('/sim/media', body);
        assert.equal(refused.status, status, JSON.stringify(body));
        assert.match(refused.data.statusMessage, message, JSON.stringify(body));
      }
    });
  });

  describe('POST /sim/publish-raw', () => {
    it('publishes any data, as given, on any of the user’s /v2/me channels', async () => {
      const client = await subscribed('agent1', ['/v2/me/im-sessions', '/v2/me/calls']);
      const data = { messageType: 'ImStateChangeMessage', nested: { list: [1, 'two', null] } };
      const answer = await control('/sim/publish-raw', { user: 'agent1', channel: '/v2/me/im-sessions', data });
      assert.deepEqual(answer.data, { statusCode: 0 });
      const message = await client.waitFor((n) => n.channel === '/v2/me/im-sessions');
      assert.deepEqual(message.data, data);
      await control('/sim/publish-raw', { user: 'agent1', channel: '/v2/me/calls', data: 'not even an object' });
      const text = await client.waitFor((n) => n.channel === '/v2/me/calls');
      assert.equal(text.data, 'not even an object');
    });

    it('refuses channels outside /v2/me, wildcards and a missing data', async () => {
      const cases: Array<[Body, RegExp]> = [
        [{ user: 'agent1', channel: '/v2/me/*', data: {} }, /without wildcards/],
        [{ user: 'agent1', channel: '/meta/connect', data: {} }, /under \/v2\/me/],
        [{ user: 'agent1', channel: '/sim-user-2/v2/me/calls', data: {} }, /under \/v2\/me/],
        [{ user: 'agent1', channel: '/v2/me', data: {} }, /under \/v2\/me/],
        [{ user: 'agent1', channel: '/v2/me/calls' }, /'data'/],
        [{ channel: '/v2/me/calls', data: {} }, /'user'/],
      ];
      for (const [body, message] of cases) {
        const refused = await control('/sim/publish-raw', body);
        assert.equal(refused.status, 400, JSON.stringify(body));
        assert.match(refused.data.statusMessage, message, JSON.stringify(body));
      }
      assert.throws(() => sim.control.publishRaw({ user: 'agent1', channel: '/v2/me/**', data: {} }), /without wildcards/);
    });
  });
});
