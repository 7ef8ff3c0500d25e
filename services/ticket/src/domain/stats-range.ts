import { validationError } from '@guildwire/errors';

/** The longest range a statistics request may cover: a year and a day (a leap year, whole days). */
export const maxStatsSpanDays = 366;

/** Default range when none is given: the last 30 days up to now. */
const defaultSpanMs = 30 * 86_400_000;

/** A half-open range of instants [from, to) the statistics count over. */
export interface StatsRange {
  readonly from: Date;
  readonly to: Date;
}

/**
 * The range of a statistics request: `to` defaults to now, `from` to 30 days before `to`. `from`
 * must come before `to`, and the span be at most 366 days (every statistic scans the range's rows:
 * the cap bounds one request's work); otherwise 400 naming the field.
 */
export function statsRange(from: string | undefined, to: string | undefined, now: Date): StatsRange {
  const end = to === undefined ? now : new Date(to);
  const start = from === undefined ? new Date(end.getTime() - defaultSpanMs) : new Date(from);
  if (start.getTime() >= end.getTime())
    throw validationError([{ field: '/from', message: 'must be before to' }]);
  if (end.getTime() - start.getTime() > maxStatsSpanDays * 86_400_000)
    throw validationError([{ field: '/to', message: `must be at most ${maxStatsSpanDays} days after from` }]);
  return { from: start, to: end };
}
