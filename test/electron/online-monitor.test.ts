import { describe, expect, it } from 'vitest';
import { createOnlineMonitor, type NetworkSource, type PollTimers } from '../../main/electron/online-monitor';

/** A network the test switches, a wake-from-sleep it triggers, and a poll it runs by hand. */
function fakeComputer(online: boolean) {
  const state = { online, polls: new Set<() => void>(), resumes: new Set<() => void>() };
  const source: NetworkSource = {
    isOnline: () => state.online,
    onResume: (listener) => {
      state.resumes.add(listener);
      return () => state.resumes.delete(listener);
    },
  };
  const timers: PollTimers = {
    setInterval: (callback) => (state.polls.add(callback), callback),
    clearInterval: (handle) => state.polls.delete(handle as () => void),
  };
  return {
    state,
    source,
    timers,
    poll: () => state.polls.forEach((p) => p()),
    wake: () => state.resumes.forEach((r) => r()),
  };
}

describe("the computer's network signal for sync", () => {
  it('starts from what the OS says', () => {
    expect(createOnlineMonitor(fakeComputer(false).source, fakeComputer(false).timers).isOnline()).toBe(false);
    expect(createOnlineMonitor(fakeComputer(true).source, fakeComputer(true).timers).isOnline()).toBe(true);
  });

  it('tells sync once when the cable comes back, not on every check', () => {
    const pc = fakeComputer(false);
    const monitor = createOnlineMonitor(pc.source, pc.timers);
    const heard: boolean[] = [];
    monitor.onChange((online) => heard.push(online));
    pc.poll();
    pc.state.online = true;
    pc.poll();
    pc.poll();
    pc.state.online = false;
    pc.poll();
    expect(heard).toEqual([true, false]);
    expect(monitor.isOnline()).toBe(false);
  });

  it('checks at once when the laptop wakes up on another network', () => {
    const pc = fakeComputer(false);
    const monitor = createOnlineMonitor(pc.source, pc.timers);
    const heard: boolean[] = [];
    monitor.onChange((online) => heard.push(online));
    pc.state.online = true;
    pc.wake();
    expect(heard).toEqual([true]);
  });

  it('stops checking and stops telling when stopped', () => {
    const pc = fakeComputer(false);
    const monitor = createOnlineMonitor(pc.source, pc.timers);
    const heard: boolean[] = [];
    const unsubscribe = monitor.onChange((online) => heard.push(online));
    unsubscribe();
    pc.state.online = true;
    pc.poll();
    expect(heard).toEqual([]);
    monitor.stop();
    expect(pc.state.polls.size).toBe(0);
    expect(pc.state.resumes.size).toBe(0);
  });
});
