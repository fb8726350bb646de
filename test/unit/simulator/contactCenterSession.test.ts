// StartContactCenterSession with places, ACD positions and several channels, the agents'
// login state in /sim/state, and the control routes that configure users and places (the
// simulator's model, README "The simulator's model").
import assert from 'node:assert/strict';
import axios, { type AxiosResponse } from 'axios';
import type { PlaceState, RunningSimulator, UserState } from '../../../src/simulator/index';
import { BareClient } from '../../support/bareClient';
import { ChannelClient } from './channelClient';
import { startTestSimulator } from './support';

type Body = Record<string, unknown>;

describe('simulator: StartContactCenterSession, places and channels', function () {
  let sim: RunningSimulator;
  const clients: Array<BareClient | ChannelClient> = [];

  before(async () => {
    sim = await startTestSimulator();
  });
  after(() => sim?.stop());
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.disconnect()));
    sim.control.reset();
  });

  const user = (name: string): UserState => {
    const found = sim.control.state().users.find((u) => u.userName === name);
    assert.ok(found, name);
    return found;
  };
  const place = (name: string): PlaceState | undefined => sim.control.state().places.find((p) => p.name === name);
  const control = (path: string, body: unknown): Promise<AxiosResponse> => axios.post(`${sim.url}${path}`, body, { validateStatus: () => true });

  /** Signed in over REST only (no CometD). */
  async function session(userName: string): Promise<BareClient> {
    const client = new BareClient(sim.url);
    assert.equal((await client.login(userName)).status, 200);
    return client;
  }

  /** Signed in with CometD on the devices and channels channels. */
  async function listening(userName: string): Promise<ChannelClient> {
    const client = new ChannelClient(sim.url);
    clients.push(client);
    await client.login(userName);
    const { acks } = await client.subscribe(['/v2/me/devices', '/v2/me/channels']);
    assert.ok(acks.every((a) => a.successful));
    return client;
  }

  const start = (client: BareClient, params: Body = {}): Promise<AxiosResponse> =>
    client.post('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['voice'], ...params });

  /** Nothing of `what` arrived before a marker published after the request. */
  async function assertNothingSince(client: ChannelClient, userName: string, from: number, what: (n: { data: Body }) => boolean): Promise<void> {
    sim.control.publishRaw({ user: userName, channel: '/v2/me/devices', data: { marker: from } });
    const marker = await client.waitFor((n) => n.data.marker === from, { from });
    assert.ok(!client.messages.slice(from, client.messages.indexOf(marker)).some(what), 'nothing was published');
  }

  describe('places and ACD positions', () => {
    it('logs in at the default place and its one ACD position; /sim/state shows where', async () => {
      const agent1 = await session('agent1');
      const answer = await start(agent1);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.data, { statusCode: 0 });
      const state = user('agent1');
      assert.equal(state.loggedIn, true);
      assert.equal(state.defaultPlace, 'Place_15000');
      assert.deepEqual(state.voice, { agentState: 'NotReady', place: 'Place_15000', acdPosition: '15000' });
      const position = place('Place_15000')?.acdPositions[0];
      assert.equal(position?.loggedInUser, 'agent1');
      assert.match(String(position?.devicePath), /^\/devices\/[0-9a-f-]{36}$/);
    });

    it('refuses an agent without a default place and without `place`: statusCode 1, place required; nothing published', async () => {
      assert.equal(user('agent3').defaultPlace, null);
      const listener = await listening('agent3');
      const agent3 = await session('agent3');
      const mark = listener.messages.length;
      const refused = await start(agent3, { channels: ['voice', 'chat'] });
      assert.equal(refused.status, 400);
      assert.equal(refused.data.statusCode, 1);
      assert.match(refused.data.statusMessage, /place required/);
      assert.match(refused.data.statusMessage, /'place'/);
      assert.deepEqual(Object.keys(refused.data).sort(), ['statusCode', 'statusMessage']);
      assert.equal(user('agent3').loggedIn, false);
      assert.equal(user('agent3').media.chat, 'LoggedOut');
      await assertNothingSince(listener, 'agent3', mark, (n) => n.data.messageType !== undefined);
    });

    it('refuses an unknown place with statusCode 6', async () => {
      const refused = await start(await session('agent1'), { place: 'Place_Nowhere' });
      assert.equal(refused.status, 404);
      assert.equal(refused.data.statusCode, 6);
      assert.match(refused.data.statusMessage, /Place_Nowhere/);
    });

    it('refuses a place with two ACD positions and no devicePath, naming both positions', async () => {
      const agent3 = await session('agent3');
      const refused = await start(agent3, { place: 'Place_2ACD' });
      assert.equal(refused.status, 400);
      assert.equal(refused.data.statusCode, 1);
      const positions = place('Place_2ACD')?.acdPositions ?? [];
      assert.deepEqual(positions.map((p) => p.number), ['7001', '7002']);
      for (const position of positions) {
        assert.ok(refused.data.statusMessage.includes(position.number), `names ${position.number}: ${refused.data.statusMessage}`);
        assert.ok(refused.data.statusMessage.includes(position.devicePath), `names ${position.devicePath}`);
      }
      assert.match(refused.data.statusMessage, /devicePath/);
      assert.equal(user('agent3').loggedIn, false);
    });

    it('logs in on the position devicePath names (device path or DN), and refuses a position another agent holds', async () => {
      const agent3 = await session('agent3');
      const second = place('Place_2ACD')?.acdPositions[1];
      assert.ok(second);
      assert.deepEqual((await start(agent3, { place: 'Place_2ACD', devicePath: second.devicePath, loginCode: '5002', queue: '8001' })).data, { statusCode: 0 });
      assert.deepEqual(user('agent3').voice, { agentState: 'NotReady', place: 'Place_2ACD', acdPosition: '7002', loginCode: '5002', queue: '8001' });
      assert.equal(place('Place_2ACD')?.acdPositions[1].loggedInUser, 'agent3');

      const agent1 = await session('agent1');
      const taken = await start(agent1, { place: 'Place_2ACD', devicePath: '7002' });
      assert.equal(taken.status, 409);
      assert.equal(taken.data.statusCode, 19);
      assert.match(taken.data.statusMessage, /7002.*in use by agent3/);
      assert.equal(user('agent1').loggedIn, false);
      assert.deepEqual((await start(agent1, { place: 'Place_2ACD', devicePath: '7001' })).data, { statusCode: 0 });
      assert.equal(user('agent1').voice.acdPosition, '7001');

      const unknown = await start(await session('agent2'), { place: 'Place_2ACD', devicePath: '/devices/not-there' });
      assert.equal(unknown.data.statusCode, 6);
      assert.match(unknown.data.statusMessage, /7001.*7002/);
    });

    it('starting again is harmless; naming another place while logged in is refused with 19', async () => {
      const agent1 = await session('agent1');
      await start(agent1);
      assert.equal((await agent1.post('/api/v2/me/channels/voice', { operationName: 'Ready' })).status, 200);
      assert.deepEqual((await start(agent1)).data, { statusCode: 0 });
      assert.deepEqual((await start(agent1, { place: 'Place_15000' })).data, { statusCode: 0 });
      assert.equal(user('agent1').voice.agentState, 'Ready', 'nothing changed');
      const elsewhere = await start(agent1, { place: 'Place_2ACD', devicePath: '7001' });
      assert.equal(elsewhere.status, 409);
      assert.equal(elsewhere.data.statusCode, 19);
      assert.match(elsewhere.data.statusMessage, /already logged in to voice at place Place_15000/);
      assert.equal(user('agent1').voice.place, 'Place_15000');
    });

    it('an agent logged in elsewhere than its default place (or with none) needs no place to start again', async () => {
      const integration = await session('agent3');
      assert.deepEqual((await start(integration, { place: 'Place_2ACD', devicePath: '7002' })).data, { statusCode: 0 });
      const extension = await session('agent3');
      assert.deepEqual((await start(extension)).data, { statusCode: 0 }, 'no place, no default place: the login’s place');
      assert.deepEqual((await start(extension, { devicePath: '7002', channels: ['voice', 'chat'] })).data, { statusCode: 0 });
      assert.equal(user('agent3').media.chat, 'NotReady');
      assert.equal(user('agent3').voice.acdPosition, '7002');
      const other = await start(extension, { devicePath: '7001' });
      assert.equal(other.data.statusCode, 19);
    });

    it('checks its parameters: channels required and a list of names, place a string', async () => {
      const agent1 = await session('agent1');
      const cases: Array<[Body, number]> = [
        [{ channels: undefined }, 1],
        [{ channels: [] }, 1],
        [{ channels: 'voice' }, 10],
        [{ channels: ['voice', 7] }, 10],
        [{ place: 42 }, 10],
        [{ devicePath: '' }, 10],
      ];
      for (const [params, statusCode] of cases) {
        const refused = await start(agent1, params);
        assert.equal(refused.data.statusCode, statusCode, JSON.stringify(params));
        assert.equal(refused.status, 400);
      }
      assert.equal(user('agent1').loggedIn, false);
    });
  });

  describe('several channels', () => {
    it('statusCode 7 when voice logs in and chat is refused, with each channel’s result', async () => {
      const listener = await listening('agent2');
      const agent2 = await session('agent2');
      const mark = listener.messages.length;
      const partial = await start(agent2, { channels: ['voice', 'chat'] });
      assert.equal(partial.status, 200);
      assert.equal(partial.data.statusCode, 7);
      assert.match(partial.data.statusMessage, /chat/);
      assert.equal(partial.data.channels.length, 2);
      assert.deepEqual(partial.data.channels[0], { channel: 'voice', statusCode: 0 });
      assert.equal(partial.data.channels[1].channel, 'chat');
      assert.equal(partial.data.channels[1].statusCode, 5);
      assert.match(partial.data.channels[1].statusMessage, /agent2 may not use the chat channel/);
      assert.equal(user('agent2').loggedIn, true, 'the voice part happened');
      await listener.waitFor((n) => n.data.messageType === 'DeviceStateChangeMessage', { from: mark });
      const channels = await listener.waitFor((n) => n.data.messageType === 'ChannelStateChangeMessageV2', { from: mark });
      assert.equal(channels.channel, '/v2/me/channels');
      assert.deepEqual(channels.data.channels, [{ channel: 'voice', userState: { state: 'NotReady' }, dndState: 'Off' }]);
    });

    it('statusCode 7 the other way round: chat logged in, voice refused for want of a position', async () => {
      const agent3 = await session('agent3');
      const partial = await start(agent3, { channels: ['voice', 'chat'], place: 'Place_2ACD' });
      assert.equal(partial.data.statusCode, 7);
      assert.equal(partial.data.channels[0].statusCode, 1);
      assert.match(partial.data.channels[0].statusMessage, /7001.*7002/);
      assert.deepEqual(partial.data.channels[1], { channel: 'chat', statusCode: 0 });
      assert.equal(user('agent3').loggedIn, false);
      assert.equal(user('agent3').media.chat, 'NotReady');
    });

    it('every channel fine: statusCode 0, media logged in, shown in GET /me/channels and the channels message', async () => {
      const listener = await listening('agent1');
      const agent1 = await session('agent1');
      const mark = listener.messages.length;
      assert.deepEqual((await start(agent1, { channels: ['voice', 'chat', 'workitem'] })).data, { statusCode: 0 });
      assert.deepEqual(user('agent1').media, { chat: 'NotReady', email: 'LoggedOut', workitem: 'NotReady' });
      const message = await listener.waitFor((n) => n.data.messageType === 'ChannelStateChangeMessageV2', { from: mark });
      const states = Object.fromEntries((message.data.channels as Array<{ channel: string; userState: { state: string } }>).map((c) => [c.channel, c.userState.state]));
      assert.deepEqual(states, { voice: 'NotReady', chat: 'NotReady', email: 'LoggedOut', workitem: 'NotReady' });
      assert.deepEqual((await agent1.get('/api/v2/me/channels')).data.channels, message.data.channels);
    });

    it('every channel refused: the first failure alone, as an error, and nothing changed', async () => {
      const listener = await listening('agent2');
      const agent2 = await session('agent2');
      const mark = listener.messages.length;
      const refused = await start(agent2, { channels: ['chat', 'email'] });
      assert.equal(refused.status, 403);
      assert.deepEqual(Object.keys(refused.data).sort(), ['statusCode', 'statusMessage']);
      assert.equal(refused.data.statusCode, 5);
      assert.match(refused.data.statusMessage, /chat/);
      await assertNothingSince(listener, 'agent2', mark, (n) => n.data.messageType !== undefined);
    });

    it('EndContactCenterSession logs out of voice and every media channel', async () => {
      const agent1 = await session('agent1');
      await start(agent1, { channels: ['voice', 'email'] });
      assert.equal((await agent1.post('/api/v2/me', { operationName: 'EndContactCenterSession' })).status, 200);
      const state = user('agent1');
      assert.equal(state.loggedIn, false);
      assert.deepEqual(state.voice, { agentState: 'LoggedOut' });
      assert.equal(state.media.email, 'LoggedOut');
      assert.equal(place('Place_15000')?.acdPositions[0].loggedInUser, null);
    });

    it('agent-state changes publish ChannelStateChangeMessageV2 as well as the device message', async () => {
      const listener = await listening('agent2');
      const started = listener.messages.length;
      await start(await session('agent2'));
      // The login's own channels message first, so that it cannot pass for the next one.
      await listener.waitFor((n) => n.data.messageType === 'ChannelStateChangeMessageV2', { from: started });
      const agent2 = await session('agent2');
      for (const [operationName, state, workMode] of [['Ready', 'Ready'], ['AfterCallWork', 'NotReady', 'AfterCallWork'], ['Offline', 'LoggedOut']] as const) {
        const mark = listener.messages.length;
        assert.equal((await agent2.post('/api/v2/me/channels/voice', { operationName })).status, 200);
        const message = await listener.waitFor((n) => n.data.messageType === 'ChannelStateChangeMessageV2', { from: mark, what: operationName });
        const voice = (message.data.channels as Array<{ channel: string; userState: Body }>)[0];
        assert.equal(voice.channel, 'voice');
        assert.deepEqual(voice.userState, workMode ? { state, workMode } : { state });
      }
    });
  });

  describe('control routes', () => {
    it('POST /sim/users/{user} sets the default place, the channels, and logs the agent in or out', async () => {
      const listener = await listening('agent3');
      let answer = await control('/sim/users/agent3', { defaultPlace: 'Place_15002', channels: ['voice', 'chat', 'email'] });
      assert.equal(answer.status, 200);
      assert.equal(answer.data.user.defaultPlace, 'Place_15002');
      assert.deepEqual(answer.data.user.channels, ['voice', 'chat', 'email']);
      assert.deepEqual((await start(await session('agent3'), { channels: ['email'] })).data, { statusCode: 0 });

      let mark = listener.messages.length;
      answer = await control('/sim/users/agent3', { loggedIn: true });
      assert.equal(answer.data.user.loggedIn, true);
      assert.deepEqual(answer.data.user.voice, { agentState: 'NotReady', place: 'Place_15002', acdPosition: '15002' });
      const device = await listener.waitFor((n) => n.data.messageType === 'DeviceStateChangeMessage', { from: mark });
      assert.equal((device.data.devices as Array<{ userState: { state: string } }>)[0].userState.state, 'NotReady');

      mark = listener.messages.length;
      answer = await control('/sim/users/agent3', { loggedIn: false });
      assert.equal(answer.data.user.loggedIn, false);
      await listener.waitFor((n) => n.data.messageType === 'DeviceStateChangeMessage', { from: mark });
      assert.equal(user('agent3').media.email, 'NotReady', 'loggedIn is about voice only');

      answer = await control('/sim/users/agent3', { defaultPlace: null });
      assert.equal(answer.data.user.defaultPlace, null);
      assert.equal((await start(await session('agent3'))).data.statusCode, 1);
    });

    it('POST /sim/users/{user} refuses what it cannot do, changing nothing', async () => {
      const cases: Array<[string, Body, number, RegExp]> = [
        ['/sim/users/agent3', { defaultPlace: 'Place_Nowhere' }, 404, /Place_Nowhere/],
        ['/sim/users/agent3', { loggedIn: true }, 400, /place required/],
        ['/sim/users/agent3', { defaultPlace: 'Place_2ACD', loggedIn: true }, 400, /7001.*7002/],
        ['/sim/users/agent3', { loggedIn: 'yes' }, 400, /loggedIn/],
        ['/sim/users/agent3', { channels: 'voice' }, 400, /channels/],
        ['/sim/users/agent3', { defaultplace: 'Place_15002' }, 400, /Unknown field 'defaultplace'/],
        ['/sim/users/nobody', {}, 404, /nobody/],
      ];
      for (const [path, body, status, message] of cases) {
        const refused = await control(path, body);
        assert.equal(refused.status, status, JSON.stringify(body));
        assert.match(refused.data.statusMessage, message);
      }
      assert.equal(user('agent3').defaultPlace, null, 'the refused defaultPlace was not kept');
      assert.equal(user('agent3').loggedIn, false);
    });

    it('POST /sim/places/{place} creates or changes a place; one in use keeps its agent', async () => {
      let answer = await control('/sim/places/Place_Lab', { acdPositions: ['8001', '8002', '8003'] });
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.data.place.acdPositions.map((p: { number: string }) => p.number), ['8001', '8002', '8003']);
      assert.ok(place('Place_Lab'));
      const agent3 = await session('agent3');
      assert.deepEqual((await start(agent3, { place: 'Place_Lab', devicePath: '8002' })).data, { statusCode: 0 });
      const stranded = await control('/sim/places/Place_Lab', { acdPositions: ['8001'] });
      assert.equal(stranded.status, 409);
      assert.equal(stranded.data.statusCode, 19);
      answer = await control('/sim/places/Place_Lab', { acdPositions: ['8002'] });
      assert.equal(answer.data.place.acdPositions[0].loggedInUser, 'agent3');

      const empty = await control('/sim/places/Place_Empty', { acdPositions: [] });
      assert.equal(empty.status, 200);
      const none = await start(await session('agent1'), { place: 'Place_Empty' });
      assert.equal(none.data.statusCode, 16);
      assert.match(none.data.statusMessage, /no ACD position/);
      assert.equal((await control('/sim/places/Place_Other', { acdPositions: ['7001'] })).status, 400, 'a DN belongs to one place');
      assert.equal((await control('/sim/places/Place_Other', {})).data.statusCode, 1);
    });

    it('reset restores the demo users, places and login state', async () => {
      await control('/sim/places/Place_Lab', { acdPositions: ['8001'] });
      await control('/sim/users/agent3', { defaultPlace: 'Place_Lab', channels: ['voice'], loggedIn: true });
      sim.control.reset();
      assert.equal(place('Place_Lab'), undefined);
      const agent3 = user('agent3');
      assert.equal(agent3.defaultPlace, null);
      assert.deepEqual(agent3.channels, ['voice', 'chat']);
      assert.equal(agent3.loggedIn, false);
      assert.deepEqual(sim.control.state().places.map((p) => p.name), ['Place_15000', 'Place_15001', 'Place_15002', 'Place_15005', 'Place_2ACD']);
    });
  });
});
