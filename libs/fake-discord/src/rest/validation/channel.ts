import { discordErrors } from '../../errors.js';
import { isSnowflake } from '../../snowflake.js';
import type { ChannelInput } from '../../state/channels.js';
import { THREAD_TYPES } from '../../state/lookup.js';
import type { Store } from '../../state/store.js';
import type { ApiOverwrite } from '../../state/types.js';
import {
  checkArray,
  checkString,
  createFormErrors,
  type FormErrors,
  isRecord,
  requireBody,
} from './form-errors.js';

/** Channel types a bot may create in a guild: text, voice, category, announcement, stage, forum, media. */
const CREATABLE_TYPES: ReadonlySet<number> = new Set([0, 2, 4, 5, 13, 15, 16]);
/** Discord's limits: 50 channels per category, 500 per guild. */
export const MAX_CATEGORY_CHILDREN = 50;
const MAX_GUILD_CHANNELS = 500;

/** Voice and stage channel types. */
const VOICE_CHANNEL_TYPES: ReadonlySet<number> = new Set([2, 13]);

/**
 * `bitrate` (8000–384000: Discord's range up to a level-3 boost) and `user_limit` (0–99; stage
 * channels up to 10000) of a voice or stage channel; other channel types ignore them, as Discord does.
 */
function checkVoiceFields(
  errors: FormErrors,
  body: Record<string, unknown>,
  type: number,
): { bitrate?: number; user_limit?: number } {
  if (!VOICE_CHANNEL_TYPES.has(type)) return {};
  const out: { bitrate?: number; user_limit?: number } = {};
  const check = (key: 'bitrate' | 'user_limit', min: number, max: number) => {
    const value = body[key];
    if (value === undefined || value === null) return;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      errors.add([key], 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not int.`);
      return;
    }
    if (value < min)
      errors.add([key], 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${min}.`);
    else if (value > max)
      errors.add([key], 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${max}.`);
    else out[key] = value;
  };
  check('bitrate', 8000, 384_000);
  check('user_limit', 0, type === 13 ? 10_000 : 99);
  return out;
}

/** Validates permission overwrites ({id, type 0|1, allow, deny}). */
export function checkOverwrites(errors: FormErrors, value: unknown): ApiOverwrite[] {
  return checkArray(errors, ['permission_overwrites'], value, 100).flatMap((raw, i) => {
    const path = ['permission_overwrites', i];
    if (!isRecord(raw) || !isSnowflake(raw.id)) {
      errors.add([...path, 'id'], 'NUMBER_TYPE_COERCE', 'Value is not snowflake.');
      return [];
    }
    if (raw.type !== 0 && raw.type !== 1) {
      errors.add([...path, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {0, 1}.');
      return [];
    }
    const bits = (v: unknown) =>
      typeof v === 'string' || typeof v === 'number' ? BigInt(v).toString() : '0';
    return [{ id: raw.id, type: raw.type, allow: bits(raw.allow), deny: bits(raw.deny) }];
  });
}

function checkParent(
  errors: FormErrors,
  store: Store,
  guildId: string,
  parentId: unknown,
  type: number,
): void {
  if (parentId === undefined || parentId === null) return;
  const parent = typeof parentId === 'string' ? store.channels.get(parentId) : undefined;
  if (!parent || parent.guild_id !== guildId || parent.type !== 4 || type === 4) {
    errors.add(['parent_id'], 'CHANNEL_PARENT_INVALID_TYPE', 'Not a category');
    return;
  }
  const children = [...store.channels.values()].filter(
    (c) => c.parent_id === parent.id && !THREAD_TYPES.has(c.type),
  );
  if (children.length >= MAX_CATEGORY_CHILDREN) {
    errors.add(
      ['parent_id'],
      'CHANNEL_PARENT_MAX_CHANNELS',
      `Maximum number of channels in category reached (${MAX_CATEGORY_CHILDREN})`,
    );
  }
}

/** Validates a POST /guilds/{id}/channels body: name 1–100, a creatable type, a category parent with room. */
export function parseChannelCreate(raw: unknown, store: Store, guildId: string): ChannelInput {
  const body = requireBody(raw);
  const errors = createFormErrors();
  const name = checkString(errors, ['name'], body.name, { required: true, min: 1, max: 100 });
  const type = body.type ?? 0;
  if (typeof type !== 'number' || !CREATABLE_TYPES.has(type)) {
    errors.add(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of {0, 2, 4, 5, 13, 15, 16}.');
  }
  checkString(errors, ['topic'], body.topic, { max: 1024 });
  checkParent(errors, store, guildId, body.parent_id, type as number);
  const overwrites = checkOverwrites(errors, body.permission_overwrites);
  const voice = checkVoiceFields(errors, body, type as number);
  errors.throwIfAny();
  const count = [...store.channels.values()].filter(
    (c) => c.guild_id === guildId && !THREAD_TYPES.has(c.type),
  ).length;
  if (count >= MAX_GUILD_CHANNELS) throw discordErrors.maxGuildChannels();
  const input: ChannelInput = { name: name ?? '', type: type as number, permission_overwrites: overwrites };
  if (typeof body.parent_id === 'string') input.parent_id = body.parent_id;
  if (typeof body.topic === 'string') input.topic = body.topic;
  if (typeof body.position === 'number') input.position = body.position;
  if (typeof body.nsfw === 'boolean') input.nsfw = body.nsfw;
  if (typeof body.rate_limit_per_user === 'number') input.rate_limit_per_user = body.rate_limit_per_user;
  return { ...input, ...voice };
}

/** Validates a PATCH /channels/{id} body for a guild channel; returns the fields to change. */
export function parseChannelPatch(
  raw: unknown,
  store: Store,
  guildId: string,
  type: number,
): Record<string, unknown> {
  const body = requireBody(raw);
  const errors = createFormErrors();
  const patch: Record<string, unknown> = {};
  if (body.name !== undefined)
    patch.name = checkString(errors, ['name'], body.name, { required: true, min: 1, max: 100 });
  if (body.topic !== undefined)
    patch.topic = checkString(errors, ['topic'], body.topic, { max: 1024 }) ?? null;
  if (body.parent_id !== undefined) {
    checkParent(errors, store, guildId, body.parent_id, type);
    patch.parent_id = body.parent_id;
  }
  if (body.permission_overwrites !== undefined) {
    patch.permission_overwrites = checkOverwrites(errors, body.permission_overwrites);
  }
  for (const key of ['position', 'rate_limit_per_user'] as const) {
    if (typeof body[key] === 'number') patch[key] = body[key];
  }
  if (typeof body.nsfw === 'boolean') patch.nsfw = body.nsfw;
  Object.assign(patch, checkVoiceFields(errors, body, type));
  errors.throwIfAny();
  return patch;
}
