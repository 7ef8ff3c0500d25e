import type { JsonObject } from '../../state/types.js';
import { checkArray, checkString, type FieldPath, type FormErrors, isRecord } from './form-errors.js';

/** Discord's embed limits (docs: "Message Resource → Embed Limits"). */
export const EMBED_LIMITS = {
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  total: 6000,
} as const;

function checkUrl(errors: FormErrors, path: FieldPath, value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !/^(https?|attachment):\/\/\S+$/.test(value)) {
    errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
  }
}

function length(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}

function checkEmbed(errors: FormErrors, path: FieldPath, embed: unknown): number {
  if (!isRecord(embed)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return 0;
  }
  let total = length(embed.title) + length(embed.description);
  checkString(errors, [...path, 'title'], embed.title, { max: EMBED_LIMITS.title });
  checkString(errors, [...path, 'description'], embed.description, { max: EMBED_LIMITS.description });
  checkUrl(errors, [...path, 'url'], embed.url);
  if (embed.color !== undefined && embed.color !== null) {
    const ok =
      Number.isInteger(embed.color) && (embed.color as number) >= 0 && (embed.color as number) <= 0xffffff;
    if (!ok)
      errors.add(
        [...path, 'color'],
        'NUMBER_TYPE_MAX',
        'int value should be less than or equal to 16777215.',
      );
  }
  const fields = checkArray(errors, [...path, 'fields'], embed.fields, EMBED_LIMITS.fields);
  fields.forEach((field, i) => {
    const fieldPath = [...path, 'fields', i];
    if (!isRecord(field)) {
      errors.add(fieldPath, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    checkString(errors, [...fieldPath, 'name'], field.name, { required: true, max: EMBED_LIMITS.fieldName });
    checkString(errors, [...fieldPath, 'value'], field.value, {
      required: true,
      max: EMBED_LIMITS.fieldValue,
    });
    total += length(field.name) + length(field.value);
  });
  if (isRecord(embed.footer)) {
    checkString(errors, [...path, 'footer', 'text'], embed.footer.text, {
      required: true,
      max: EMBED_LIMITS.footerText,
    });
    total += length(embed.footer.text);
  }
  if (isRecord(embed.author)) {
    checkString(errors, [...path, 'author', 'name'], embed.author.name, {
      required: true,
      max: EMBED_LIMITS.authorName,
    });
    checkUrl(errors, [...path, 'author', 'url'], embed.author.url);
    total += length(embed.author.name);
  }
  for (const media of ['image', 'thumbnail'] as const) {
    const value = embed[media];
    if (isRecord(value)) checkUrl(errors, [...path, media, 'url'], value.url);
  }
  return total;
}

/** Validates `embeds` (count, per-field lengths, URLs, 6000 characters in total); returns them. */
export function checkEmbeds(errors: FormErrors, value: unknown): JsonObject[] {
  const embeds = checkArray(errors, ['embeds'], value, EMBED_LIMITS.embeds);
  let total = 0;
  embeds.forEach((embed, i) => {
    total += checkEmbed(errors, ['embeds', i], embed);
  });
  if (total > EMBED_LIMITS.total) {
    errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  }
  return embeds.filter(isRecord).map((embed) => ({ type: 'rich', ...embed }));
}
