/** Milliseconds per unit of a typed duration: weeks, days, hours, minutes, seconds. */
const units: Record<string, number> = {
  w: 7 * 86_400_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
};

const whole = /^(?:\d{1,6}[wdhms])+$/;
const part = /(\d{1,6})([wdhms])/g;

/**
 * A duration as members type it: `30m`, `1h`, `2d`, `1w`, `45s` or several together (`1h30m`),
 * case and spaces ignored. Undefined for anything else (`1.5h`, `soon`, `10`, a unit twice).
 */
export function parseDuration(text: string): number | undefined {
  const compact = text.toLowerCase().replaceAll(/\s+/g, '');
  if (!whole.test(compact)) return undefined;
  let total = 0;
  const seen = new Set<string>();
  for (const [, amount, unit] of compact.matchAll(part)) {
    if (seen.has(unit!)) return undefined;
    seen.add(unit!);
    total += Number(amount) * units[unit!]!;
  }
  return total;
}

const names: Array<[number, string]> = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
];

/** A duration in words, at most two units: `2 days 3 hours`, `30 minutes`, `1 second`. */
export function formatDuration(ms: number): string {
  const words: string[] = [];
  let rest = Math.max(0, Math.round(ms / 1000) * 1000);
  for (const [size, name] of names) {
    const n = Math.floor(rest / size);
    if (n === 0) continue;
    words.push(`${n} ${name}${n === 1 ? '' : 's'}`);
    rest -= n * size;
    if (words.length === 2) break;
  }
  return words.length > 0 ? words.join(' ') : '0 seconds';
}
