import { fileURLToPath } from 'node:url';
import t from 'tap';
import { spawnTs } from '../src/index.js';

const fixture = fileURLToPath(new URL('./fixtures/echo-lines.ts', import.meta.url));

t.test('spawnTs – runs a TypeScript file with args and env, waits for lines in order', async (t) => {
  const child = spawnTs(fixture, { args: ['hello'], env: { ECHO_VALUE: '42' }, t });
  t.equal(await child.waitForLine('ready'), 'ready');
  t.equal(
    await child.waitForLine(/^arg=/, 100).catch(() => 'not again'),
    'not again',
    'matches are consumed in order',
  );
  t.ok(child.stdoutLines().includes('arg=hello env=42'));
  t.equal(await child.waitForLine((line) => line === 'never', 50).catch(() => 'timeout'), 'timeout');
});

t.test('spawnTs – nodeArgs go to node before the file, not to the script', async (t) => {
  const child = spawnTs(fixture, { args: ['x'], nodeArgs: ['--max-old-space-size=123'], t });
  await child.waitForLine('ready');
  const execArgv = child.stdoutLines().find((l) => l.startsWith('execArgv='));
  t.match(execArgv, /^execArgv=--max-old-space-size=123 --import /, 'before the tsx loader');
  t.ok(child.stdoutLines().includes('arg=x env='));
});

t.test('spawnTs – kill sends SIGKILL', async (t) => {
  const child = spawnTs(fixture);
  await child.waitForLine('ready');
  const exit = await child.kill();
  t.equal(exit.signal, 'SIGKILL');
});

t.test('spawnTs – waitForLine rejects when the process exits first', async (t) => {
  const child = spawnTs(fixture, { args: ['exit'] });
  await t.rejects(child.waitForLine('ready'), /exited \(code 3/);
  t.equal((await child.exited).code, 3);
});
