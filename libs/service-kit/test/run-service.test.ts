import t from 'tap';
import { runService } from '../src/index.js';
import { testApp } from './fixtures/service.js';

function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

t.test('run – listens, and a shutdown drains in-flight requests then exits 0', async (t) => {
  const app = await testApp(t);
  const entered = gate();
  const release = gate();
  let closedHook = false;
  app.addHook('onClose', async () => {
    closedHook = true;
  });
  app.get('/slow', async () => {
    entered.open();
    await release.promise;
    return { done: true };
  });
  const exits: number[] = [];
  const running = await runService(app, {
    port: 0,
    host: '127.0.0.1',
    signals: [],
    exit: (code) => exits.push(code),
  });
  const inFlight = fetch(`${running.address}/slow`).then((res) => res.json());
  await entered.promise;
  const stopping = running.shutdown('test');
  release.open();
  t.same(await inFlight, { done: true }, 'the in-flight request completes');
  await stopping;
  t.same(exits, [0]);
  t.ok(closedHook, 'onClose hooks ran');
});

t.test('run – a shutdown past its deadline exits 1', async (t) => {
  const app = await testApp(t);
  const drained = gate();
  app.addHook('onClose', () => drained.promise);
  const exits: number[] = [];
  const running = await runService(app, {
    port: 0,
    host: '127.0.0.1',
    signals: [],
    shutdownTimeoutMs: 50,
    exit: (code) => exits.push(code),
  });
  await running.shutdown('test');
  t.same(exits, [1]);
  drained.open();
});

t.test('run – a configured signal starts the shutdown', async (t) => {
  const app = await testApp(t);
  const exited = gate();
  const exits: number[] = [];
  const listenersBefore = process.listenerCount('SIGUSR2');
  await runService(app, {
    port: 0,
    host: '127.0.0.1',
    signals: ['SIGUSR2'],
    exit: (code) => {
      exits.push(code);
      exited.open();
    },
  });
  process.kill(process.pid, 'SIGUSR2');
  await exited.promise;
  t.same(exits, [0]);
  t.equal(process.listenerCount('SIGUSR2'), listenersBefore, 'signal handlers are removed');
});

t.test('run – an unhandled rejection is logged and stops the service with exit 1', async (t) => {
  const app = await testApp(t);
  const exited = gate();
  const exits: number[] = [];
  let closed = false;
  app.addHook('onClose', async () => {
    closed = true;
  });
  const before = process.listenerCount('unhandledRejection');
  await runService(app, {
    port: 0,
    host: '127.0.0.1',
    signals: [],
    exit: (code) => {
      exits.push(code);
      exited.open();
    },
  });
  t.equal(process.listenerCount('unhandledRejection'), before + 1, 'a safety net is installed');
  process.emit('unhandledRejection', new Error('a forgotten await'), Promise.resolve());
  await exited.promise;
  t.same(exits, [1], 'exit code 1: the supervisor restarts a clean process');
  t.ok(closed, 'it drained (onClose hooks ran)');
  t.equal(process.listenerCount('unhandledRejection'), before, 'and removed its handlers');
});
