import * as assert from 'node:assert/strict';
import { CallStore } from '../../../src/model/callStore';
import { Sources, type Source } from '../../../src/model/sources';
import { StreamLog } from '../../../src/model/streamLog';
import { callBeforeRecording, callMessage, callOperation, received, recordingStartedMessage } from './fixtures/samples';

const agent: Source = { id: 'session', kind: 'session', label: 'agent1 @ gws' };
const proxied: Source = { id: 'proxy:1', kind: 'proxy', label: 'my app' };

function setup() {
  const log = new StreamLog(1000);
  const sources = new Sources(log, { noNotificationWarningMs: 5_000 });
  return { log, sources };
}

describe('Sources', () => {
  it('gives each source its own store and diffs over one log, and every record its source id', () => {
    const { log, sources } = setup();
    const a = sources.open(agent);
    const b = sources.open(proxied);
    assert.notEqual(a.store, b.store);

    const first = a.pipeline.ingestNotification(received(callMessage(callBeforeRecording()), 1_000));
    const recordedInA = a.pipeline.ingestNotification(received(recordingStartedMessage(), 1_100));
    // The same call seen by the other source: new to that source, not a change of A's call.
    const firstInB = b.pipeline.ingestNotification(received(recordingStartedMessage(), 1_200));

    assert.deepEqual(
      log.rows().map((r) => r.source),
      ['session', 'session', 'proxy:1'],
    );
    assert.equal(first.diff?.first, true);
    assert.equal(recordedInA.diff?.first, false);
    assert.ok(recordedInA.diff?.capabilities.gained.length, 'A saw the recording start as a change');
    assert.equal(firstInB.diff?.first, true, 'B has no earlier notification of that call');
    assert.equal(a.store.size, 1);
    assert.equal(b.store.size, 1);
  });

  it('links an operation only to notifications of its own source', () => {
    const { sources } = setup();
    const a = sources.open(agent);
    const b = sources.open(proxied);
    a.pipeline.ingestNotification(received(callMessage(callBeforeRecording()), 1_000));
    b.pipeline.ingestNotification(received(callMessage(callBeforeRecording()), 1_000));
    const operation = b.pipeline.ingestOperation(callOperation({ id: 1, startedAt: 1_050, phase: 'completed', completedAt: 1_060 }));
    const inA = a.pipeline.ingestNotification(received(recordingStartedMessage(), 1_100));
    const inB = b.pipeline.ingestNotification(received(recordingStartedMessage(), 1_150));
    assert.equal(operation.source, 'proxy:1');
    assert.equal(inA.linkedSeqs, undefined, "A's notification is not caused by B's operation");
    assert.deepEqual(inB.linkedSeqs, [operation.seq]);
    assert.deepEqual(operation.linkedSeqs, [inB.seq]);
  });

  it('shares a store it is given, lists and relabels sources, and tells listeners', () => {
    const { sources } = setup();
    const store = new CallStore();
    const changes: string[][] = [];
    sources.onDidChange((list) => changes.push(list.map((s) => `${s.id}=${s.label}`)));
    const model = sources.open(agent, store);
    assert.equal(model.store, store);
    assert.equal(sources.open(agent), model, 'opening an open source returns it');
    sources.relabel('session', 'agent2 @ gws');
    sources.relabel('session', 'agent2 @ gws');
    sources.open(proxied);
    sources.close('proxy:1');
    assert.deepEqual(changes, [['session=agent1 @ gws'], ['session=agent2 @ gws'], ['session=agent2 @ gws', 'proxy:1=my app'], ['session=agent2 @ gws']]);
    assert.equal(agent.label, 'agent1 @ gws', 'the caller\'s object is not changed');
  });

  it('uses the warning time it was given for every source it opens', () => {
    const sources = new Sources(new StreamLog(10), { noNotificationWarningMs: 9_000 });
    assert.equal(sources.open(agent).pipeline.noNotificationWarningMs, 9_000);
  });

  it('closing a source stops its analysis and disposes only a store it made itself', () => {
    const pending = new Set<number>();
    let next = 1;
    const timers = {
      setTimeout: () => (pending.add(next), next++),
      clearTimeout: (handle: unknown) => void pending.delete(handle as number),
    };
    const sources = new Sources(new StreamLog(100), { noNotificationWarningMs: 5_000, timers, now: () => 1_000 });
    const shared = new CallStore();
    const a = sources.open(agent, shared);
    const b = sources.open(proxied);
    const heard = { shared: 0, own: 0 };
    shared.onDidChange(() => heard.shared++);
    b.store.onDidChange(() => heard.own++);
    b.pipeline.ingestOperation(callOperation({ id: 1, startedAt: 1_000, phase: 'sent' }));
    assert.equal(pending.size, 1, 'the operation waits for a notification');
    sources.close('proxy:1');
    sources.close('proxy:1');
    sources.close('never opened');
    assert.equal(pending.size, 0, 'its warning timer is gone');
    assert.equal(sources.get('proxy:1'), undefined);
    b.store.applyCall(callBeforeRecording());
    assert.equal(heard.own, 0, 'the store it made is disposed');
    sources.close('session');
    a.store.applyCall(callBeforeRecording());
    assert.equal(heard.shared, 1, 'a store it was given is not its to dispose');
  });

  it('remembers a closed source for its rows: all() still names it, list() does not; reopening makes it live again', () => {
    const { sources } = setup();
    sources.open(agent);
    sources.open(proxied);
    sources.close('proxy:1');
    assert.deepEqual(sources.list().map((s) => s.id), ['session']);
    assert.deepEqual(sources.all().map((s) => [s.id, s.label, s.ended === true]), [
      ['session', agent.label, false],
      ['proxy:1', proxied.label, true],
    ]);
    sources.open(proxied);
    assert.deepEqual(sources.all().map((s) => [s.id, s.ended === true]), [
      ['session', false],
      ['proxy:1', false],
    ]);
  });

  it('forgets the oldest closed sources beyond a hundred', () => {
    const { sources } = setup();
    for (let i = 0; i < 102; i++) {
      sources.open({ id: `replay:${i}`, kind: 'replay', label: `file ${i}` });
      sources.close(`replay:${i}`);
    }
    const ids = sources.all().map((s) => s.id);
    assert.equal(ids.length, 100);
    assert.equal(ids[0], 'replay:2');
    assert.equal(ids[99], 'replay:101');
  });

  it('dispose() closes every source', () => {
    const { sources } = setup();
    const a = sources.open(agent);
    sources.open(proxied);
    assert.equal(sources.get('session'), a);
    const lists: number[] = [];
    sources.onDidChange((list) => lists.push(list.length));
    sources.dispose();
    assert.deepEqual(sources.list(), []);
    assert.deepEqual(lists, [1, 0]);
  });

  it('applies a new warning time to every source, and to sources opened later', () => {
    const { sources } = setup();
    const a = sources.open(agent);
    sources.setNoNotificationWarningMs(9_000);
    const b = sources.open(proxied);
    assert.equal(a.pipeline.noNotificationWarningMs, 9_000);
    assert.equal(b.pipeline.noNotificationWarningMs, 9_000);
  });
});
