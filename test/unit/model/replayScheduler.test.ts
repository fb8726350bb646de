import * as assert from 'node:assert/strict';
import { ReplayScheduler, type ReplaySpeed, type ReplayStatus } from '../../../src/model/replayScheduler';
import { FakeReplayClock } from './fakeReplayClock';

interface Event {
  name: string;
  time: number;
}

const T0 = 1_700_000_000_000;

/** Events at these offsets (ms) from T0, named e0, e1… */
function events(...offsets: number[]): Event[] {
  return offsets.map((offset, i) => ({ name: `e${i}`, time: T0 + offset }));
}

function setup(list: Event[], speed: ReplaySpeed = 1, extra: { maxGapMs?: number; batch?: number } = {}) {
  const clock = new FakeReplayClock();
  const dispatched: Array<{ name: string; at: number; late: number }> = [];
  const statuses: ReplayStatus[] = [];
  const scheduler = new ReplayScheduler<Event>({
    events: list,
    timeOf: (e) => e.time,
    dispatch: (e, late) => dispatched.push({ name: e.name, at: clock.time, late }),
    speed,
    timers: clock,
    ...extra,
  });
  scheduler.onDidChange((s) => statuses.push(s));
  return { clock, dispatched, statuses, scheduler };
}

describe('replay scheduler (fake clock)', () => {
  it('at 1× dispatches each event at its recorded offset, in order', () => {
    const { clock, dispatched, scheduler } = setup(events(0, 100, 100, 250));
    const start = clock.time;
    scheduler.play();
    assert.equal(dispatched.length, 0, 'nothing before the first timer runs');
    clock.advance(0);
    assert.deepEqual(dispatched.map((d) => d.name), ['e0']);
    clock.advance(99);
    assert.equal(dispatched.length, 1, 'e1 is not due before 100 ms');
    clock.advance(1);
    assert.deepEqual(dispatched.map((d) => [d.name, d.at - start]), [['e0', 0], ['e1', 100], ['e2', 100]]);
    clock.advance(150);
    assert.deepEqual(dispatched.map((d) => [d.name, d.at - start]), [['e0', 0], ['e1', 100], ['e2', 100], ['e3', 250]]);
    assert.equal(scheduler.state, 'done');
    assert.ok(dispatched.every((d) => d.late === 0));
  });

  it('at 10× waits a tenth as long; as fast as possible waits for nothing but the next turn', () => {
    const ten = setup(events(0, 1_000, 3_000), 10);
    const start = ten.clock.time;
    ten.scheduler.play();
    ten.clock.runAll();
    assert.deepEqual(ten.dispatched.map((d) => d.at - start), [0, 100, 300]);

    const max = setup(events(0, 60_000, 3_600_000), 'max');
    max.scheduler.play();
    max.clock.runAll();
    assert.deepEqual(max.dispatched.map((d) => d.at), [1_000, 1_000, 1_000], 'no recorded wait is kept');
    assert.equal(max.scheduler.state, 'done');
  });

  it('yields to the event loop every `batch` events, even when they are all due', () => {
    const { clock, dispatched, scheduler } = setup(events(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 'max', { batch: 4 });
    const turns: number[] = [];
    scheduler.onDidChange((s) => turns.push(s.position));
    scheduler.play();
    clock.runAll();
    assert.equal(dispatched.length, 10);
    assert.deepEqual(turns, [0, 4, 8, 10], 'playing, then one change per turn of at most 4');
  });

  it('pauses, resumes with the wait it had left, and steps one event at a time', () => {
    const { clock, dispatched, scheduler } = setup(events(0, 1_000, 2_000, 2_500));
    scheduler.play();
    clock.advance(400);
    assert.deepEqual(dispatched.map((d) => d.name), ['e0']);
    scheduler.pause();
    clock.advance(10_000);
    assert.equal(dispatched.length, 1, 'nothing while paused');
    assert.equal(scheduler.state, 'paused');
    scheduler.play();
    clock.advance(599);
    assert.equal(dispatched.length, 1, 'e1 had 600 ms left when paused');
    clock.advance(1);
    assert.deepEqual(dispatched.map((d) => d.name), ['e0', 'e1']);

    assert.equal(scheduler.step(), true, 'step while playing pauses, then runs the next event');
    assert.equal(scheduler.state, 'paused');
    assert.deepEqual(dispatched.map((d) => d.name), ['e0', 'e1', 'e2']);
    clock.advance(5_000);
    assert.equal(dispatched.length, 3, 'still paused after a step');
    assert.equal(scheduler.step(), true);
    assert.equal(scheduler.state, 'done');
    assert.equal(scheduler.step(), false, 'nothing left to step');
    assert.deepEqual(dispatched.map((d) => d.name), ['e0', 'e1', 'e2', 'e3']);
  });

  it('changes speed in the middle of a wait', () => {
    const { clock, dispatched, scheduler } = setup(events(0, 10_000, 20_000));
    const start = clock.time;
    scheduler.play();
    clock.advance(5_000);
    scheduler.setSpeed(10);
    clock.runAll();
    // 5 s of e1's 10 s wait passed at 1×; the other 5 s take 0.5 s at 10×; e2 another 1 s.
    assert.deepEqual(dispatched.map((d) => d.at - start), [0, 5_500, 6_500]);
  });

  it('reports how late a dispatch ran, without the lateness pushing later events back', () => {
    const { clock, dispatched, scheduler } = setup(events(0, 100, 200, 300));
    const start = clock.time;
    scheduler.play();
    clock.advance(0);
    // The event loop was busy: the timer for e1 runs 150 ms late (at 250 ms).
    clock.time += 250;
    clock.advance(0);
    assert.deepEqual(dispatched.map((d) => [d.name, d.late]), [['e0', 0], ['e1', 150], ['e2', 50]]);
    clock.runAll();
    assert.deepEqual(dispatched.map((d) => d.at - start), [0, 250, 250, 300], 'e3 still at its own 300 ms');
  });

  it('shortens a long idle stretch to maxGapMs, and treats times going backwards or missing as no wait', () => {
    const list = [...events(0, 3_600_000, 3_600_010), { name: 'back', time: T0 }, { name: 'nan', time: Number.NaN }];
    const { clock, dispatched, scheduler } = setup(list, 1, { maxGapMs: 1_000 });
    const start = clock.time;
    scheduler.play();
    clock.runAll();
    assert.deepEqual(dispatched.map((d) => [d.name, d.at - start]), [['e0', 0], ['e1', 1_000], ['e2', 1_010], ['back', 1_010], ['nan', 1_010]]);
  });

  it('stops for good, and says where it is at every change', () => {
    const { clock, dispatched, statuses, scheduler } = setup(events(0, 100, 200));
    scheduler.play();
    clock.advance(100);
    scheduler.stop();
    clock.runAll();
    assert.equal(dispatched.length, 2);
    scheduler.play();
    assert.equal(scheduler.step(), false);
    assert.equal(scheduler.state, 'stopped');
    assert.equal(clock.timerCount, 0, 'no timer left behind');
    assert.deepEqual(statuses.at(-1), { state: 'stopped', position: 2, total: 3, speed: 1 });
    assert.ok(statuses.some((s) => s.state === 'playing' && s.position === 1));
  });

  it('gives the recording time it has reached: the clock of the replayed pipeline', () => {
    const { clock, scheduler } = setup(events(0, 1_000, 2_000));
    assert.equal(scheduler.recordingTime(), T0);
    scheduler.play();
    clock.advance(400);
    assert.equal(scheduler.recordingTime(), T0 + 400);
    scheduler.pause();
    clock.advance(5_000);
    assert.equal(scheduler.recordingTime(), T0, 'paused: the last event\'s time');
    scheduler.play();
    clock.advance(600);
    assert.equal(scheduler.recordingTime(), T0 + 1_000);
  });

  describe('edges', () => {
    it('an empty recording is done at once; its recording time is now', () => {
      const { clock, dispatched, statuses, scheduler } = setup([]);
      assert.equal(scheduler.state, 'done');
      assert.equal(scheduler.recordingTime(), clock.time);
      scheduler.play();
      assert.equal(scheduler.step(), false);
      scheduler.stop();
      assert.deepEqual([scheduler.state, dispatched.length, statuses.length], ['done', 0, 0]);
    });

    it('the recording time read while an event is dispatched, the last one included, and before the first', () => {
      const clock = new FakeReplayClock();
      const seen: number[] = [];
      const scheduler: ReplayScheduler<Event> = new ReplayScheduler<Event>({
        events: events(0, 100, 300),
        timeOf: (e) => e.time,
        dispatch: () => seen.push(scheduler.recordingTime() - T0),
        timers: clock,
      });
      scheduler.play();
      assert.equal(scheduler.recordingTime(), T0, 'playing, nothing dispatched yet');
      clock.runAll();
      assert.deepEqual(seen, [0, 100, 300]);
    });

    it('at 10× the recording time moves ten times as fast as the clock', () => {
      const { clock, scheduler } = setup(events(0, 1_000), 10);
      scheduler.play();
      clock.advance(40);
      assert.equal(scheduler.recordingTime(), T0 + 400);
      assert.equal(scheduler.speed, 10);
    });

    it('pausing twice keeps the wait that was left; stepping then playing waits the next gap', () => {
      const { clock, dispatched, statuses, scheduler } = setup(events(0, 1_000, 1_100));
      scheduler.play();
      clock.advance(300);
      scheduler.pause();
      assert.equal(clock.timerCount, 0, 'no timer while paused');
      const count = statuses.length;
      clock.advance(5_000);
      scheduler.pause();
      assert.equal(statuses.length, count, 'already paused: no change');
      scheduler.play();
      clock.advance(699);
      assert.equal(dispatched.length, 1);
      clock.advance(1);
      assert.equal(dispatched.length, 2, 'e1 after the 700 ms it had left');
      scheduler.pause();
      const { dispatched: stepped, clock: stepClock, scheduler: stepping } = setup(events(0, 100, 300));
      assert.equal(stepping.step(), true);
      stepping.play();
      stepClock.advance(99);
      assert.equal(stepped.length, 1, 'after a step the next event still waits its gap');
      stepClock.advance(1);
      assert.equal(stepped.length, 2);
    });

    it('a speed set while paused scales the wait left; the same speed again changes nothing', () => {
      const { clock, dispatched, statuses, scheduler } = setup(events(0, 1_000));
      scheduler.play();
      clock.advance(200);
      scheduler.pause();
      const count = statuses.length;
      scheduler.setSpeed(1);
      assert.equal(statuses.length, count);
      scheduler.setSpeed(10);
      assert.equal(clock.timerCount, 0, 'paused: no timer');
      scheduler.play();
      clock.advance(79);
      assert.equal(dispatched.length, 1);
      clock.advance(1);
      assert.equal(dispatched.length, 2, '800 ms left at 1× is 80 ms at 10×');
    });

    it('from 10× to 1× while playing the wait left grows tenfold; to and from "max" it is none', () => {
      const slower = setup(events(0, 1_000), 10);
      slower.scheduler.play();
      slower.clock.advance(50);
      slower.scheduler.setSpeed(1);
      slower.clock.advance(499);
      assert.equal(slower.dispatched.length, 1);
      slower.clock.advance(1);
      assert.equal(slower.dispatched.length, 2);

      const faster = setup(events(0, 1_000, 2_000));
      faster.scheduler.play();
      faster.clock.advance(200);
      faster.scheduler.setSpeed('max');
      faster.clock.advance(0);
      assert.equal(faster.dispatched.length, 3, 'as fast as possible: at once');

      const fromMax = setup(events(0, 1_000, 2_000), 'max');
      fromMax.scheduler.step();
      fromMax.scheduler.setSpeed(1);
      fromMax.scheduler.play();
      fromMax.clock.advance(0);
      assert.equal(fromMax.dispatched.length, 2, 'the wait from "max" was none');
      fromMax.clock.advance(999);
      assert.equal(fromMax.dispatched.length, 2);
      fromMax.clock.advance(1);
      assert.equal(fromMax.dispatched.length, 3, 'then the recorded pace');
    });

    it('as fast as possible, an event is never late, however long the dispatch took', () => {
      const clock = new FakeReplayClock();
      const late: number[] = [];
      const scheduler = new ReplayScheduler<Event>({
        events: events(0, 10, 20),
        timeOf: (e) => e.time,
        dispatch: (_e, lateMs) => {
          late.push(lateMs);
          clock.time += 50;
        },
        speed: 'max',
        timers: clock,
      });
      scheduler.play();
      clock.runAll();
      assert.deepEqual(late, [0, 0, 0]);
    });

    it('a dispatch that pauses the replay stops it there', () => {
      const clock = new FakeReplayClock();
      const names: string[] = [];
      const scheduler: ReplayScheduler<Event> = new ReplayScheduler<Event>({
        events: events(0, 0, 0),
        timeOf: (e) => e.time,
        dispatch: (e) => {
          names.push(e.name);
          scheduler.pause();
        },
        speed: 'max',
        timers: clock,
      });
      scheduler.play();
      clock.runAll();
      assert.deepEqual(names, ['e0']);
      assert.deepEqual(scheduler.status, { state: 'paused', position: 1, total: 3, speed: 'max' });
    });

    it('a dispatch that pauses at 1× keeps the whole wait for the next event', () => {
      const clock = new FakeReplayClock();
      const at: number[] = [];
      const scheduler: ReplayScheduler<Event> = new ReplayScheduler<Event>({
        events: events(0, 500),
        timeOf: (e) => e.time,
        dispatch: (e) => {
          at.push(clock.time);
          if (e.name === 'e0') scheduler.pause();
        },
        timers: clock,
      });
      scheduler.play();
      clock.advance(0);
      scheduler.play();
      clock.advance(499);
      assert.equal(at.length, 1);
      clock.advance(1);
      assert.deepEqual(at, [1_000, 1_500]);
    });

    it('done stays done when stopped; stopping twice says so once', () => {
      const done = setup(events(0));
      done.scheduler.play();
      done.clock.runAll();
      done.scheduler.stop();
      assert.equal(done.scheduler.state, 'done');
      const stopped = setup(events(0, 100));
      stopped.scheduler.stop();
      stopped.scheduler.stop();
      assert.deepEqual(stopped.statuses.map((s) => s.state), ['stopped']);
    });

    it('without timers given it plays on the real clock', async () => {
      const names: string[] = [];
      const before = Date.now();
      const idle = new ReplayScheduler<Event>({ events: [], timeOf: (e) => e.time, dispatch: () => undefined });
      const now = idle.recordingTime();
      assert.ok(now >= before && now <= Date.now());
      const scheduler = new ReplayScheduler<Event>({ events: events(0, 1, 2), timeOf: (e) => e.time, dispatch: (e) => names.push(e.name), speed: 'max' });
      const done = new Promise<void>((resolve) => scheduler.onDidChange((s) => s.state === 'done' && resolve()));
      scheduler.play();
      await done;
      assert.deepEqual(names, ['e0', 'e1', 'e2']);
    });
  });
});
