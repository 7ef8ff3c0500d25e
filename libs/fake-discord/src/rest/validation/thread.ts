import { discordErrors } from '../../errors.js';
import type { ThreadInput } from '../../state/threads.js';
import type { ApiChannel } from '../../state/types.js';
import { checkString, createFormErrors, requireBody } from './form-errors.js';

const ARCHIVE_DURATIONS: ReadonlySet<number> = new Set([60, 1440, 4320, 10080]);

/**
 * Validates POST /channels/{id}/threads: name 1–100, type 10/11/12 (v10 defaults to a private
 * thread), a known auto_archive_duration, and a text or announcement parent (else 50024).
 */
export function parseThreadCreate(
  raw: unknown,
  parent: ApiChannel,
  ownerId: string,
  fromMessage: boolean,
): ThreadInput {
  const body = requireBody(raw);
  const errors = createFormErrors();
  const name = checkString(errors, ['name'], body.name, { required: true, min: 1, max: 100 });
  const defaultType = fromMessage ? (parent.type === 5 ? 10 : 11) : 12;
  const type = body.type ?? defaultType;
  if (type !== 10 && type !== 11 && type !== 12)
    errors.add(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of {10, 11, 12}.');
  const duration = body.auto_archive_duration;
  if (duration !== undefined && (typeof duration !== 'number' || !ARCHIVE_DURATIONS.has(duration))) {
    errors.add(
      ['auto_archive_duration'],
      'BASE_TYPE_CHOICES',
      'Value must be one of {60, 1440, 4320, 10080}.',
    );
  }
  errors.throwIfAny();
  if (parent.type !== 0 && parent.type !== 5) throw discordErrors.invalidChannelType();
  if (type === 12 && parent.type === 5) throw discordErrors.invalidChannelType();
  const input: ThreadInput = { name: name ?? '', type: type as 10 | 11 | 12, ownerId };
  if (typeof duration === 'number') input.auto_archive_duration = duration;
  if (typeof body.invitable === 'boolean') input.invitable = body.invitable;
  if (typeof body.rate_limit_per_user === 'number') input.rate_limit_per_user = body.rate_limit_per_user;
  return input;
}
