import t from 'tap';
import { formatDuration, parseDuration } from '../../src/interactions/durations.js';

t.test('durations – what members type', async (t) => {
  const cases: Array<[string, number]> = [
    ['30m', 30 * 60_000],
    ['1h', 3_600_000],
    ['2d', 2 * 86_400_000],
    ['1w', 7 * 86_400_000],
    ['45s', 45_000],
    ['1h30m', 90 * 60_000],
    [' 1H 30M ', 90 * 60_000],
    ['1d12h', 36 * 3_600_000],
  ];
  for (const [text, ms] of cases) t.equal(parseDuration(text), ms, text);
  for (const text of ['', 'soon', '10', '1.5h', '-1h', '1h1h', 'h', '1y', '1h 30', '1234567h'])
    t.equal(parseDuration(text), undefined, JSON.stringify(text));
});

t.test('durations – in words, at most two units', async (t) => {
  t.equal(formatDuration(7 * 86_400_000), '7 days');
  t.equal(formatDuration(86_400_000 + 3_600_000 + 60_000), '1 day 1 hour');
  t.equal(formatDuration(90 * 60_000), '1 hour 30 minutes');
  t.equal(formatDuration(1000), '1 second');
  t.equal(formatDuration(0), '0 seconds');
});
