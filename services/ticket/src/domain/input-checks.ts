import type { FieldChecker } from '@guildwire/errors';
import { limits } from './limits.js';

/** Adds the field errors of a form's answers (count, label and value lengths: Discord's modal limits). */
export function checkAnswers(
  check: FieldChecker,
  field: string,
  answers: readonly { readonly label: string; readonly value: string }[],
): void {
  check.check(field, answers.length <= limits.answers, `must have at most ${limits.answers} answers`);
  answers.forEach((answer, i) => {
    check.text(`${field}/${i}/label`, answer.label, limits.questionLabel, { required: true });
    check.text(`${field}/${i}/value`, answer.value, limits.answer);
  });
}

/** Adds the field errors of a tag list (count and length of each tag) to `check`. */
export function checkTags(check: FieldChecker, field: string, tags: readonly string[] | undefined): void {
  if (tags === undefined) return;
  check.check(field, tags.length <= limits.tags, `must have at most ${limits.tags} tags`);
  tags.forEach((tag, i) => {
    check.check(
      `${field}/${i}`,
      tag.trim() !== '' && tag.length <= limits.tag,
      `must be 1 to ${limits.tag} characters`,
    );
  });
}
