import { type ResolvedTicketCategory, resolveTicketCategory } from '@guildwire/contracts';
import { type FieldError, validationError } from '@guildwire/errors';
import { limits } from './limits.js';
import type { TicketSettings } from './settings.js';
import type { TicketAnswer } from './ticket.js';

/** What an open asks for, as far as the category's form goes. */
export interface FormInput {
  readonly subject?: string | undefined;
  readonly answers?: readonly TicketAnswer[] | undefined;
}

/** The category a ticket opens into, its answers checked against the category's questions. */
export interface FilledForm {
  readonly category: ResolvedTicketCategory;
  readonly subject: string;
  readonly answers: TicketAnswer[];
}

/** The category `id` of the guild's settings; 400 naming `field` when the guild has none by that id. */
export function categoryOrRefuse(
  settings: TicketSettings,
  id: string,
  field: string,
): ResolvedTicketCategory {
  const category = resolveTicketCategory(settings, id);
  if (!category) {
    throw validationError([{ field, message: `no ticket category "${id}" in this guild's settings` }]);
  }
  return category;
}

/**
 * Checks an open against its category's form. Answers are matched to questions by label; each
 * error names the question: a required one unanswered (`/answers`), an answer outside the
 * question's length range (`/answers/<i>/value`), an answer to no question (`/answers/<i>/label`).
 * A category without questions asks for a subject; with questions, the subject may be left out
 * and becomes the first answer given (cut to the subject's limit), else the category's name.
 */
export function fillForm(category: ResolvedTicketCategory, input: FormInput): FilledForm {
  const given = input.answers ?? [];
  const subject = input.subject?.trim() ?? '';
  const errors: FieldError[] = [];
  if (category.questions.length === 0) {
    if (given.length > 0) {
      errors.push({ field: '/answers', message: `category "${category.name}" asks no questions` });
    }
    if (subject === '') errors.push({ field: '/subject', message: 'is required' });
    if (errors.length > 0) throw validationError(errors);
    return { category, subject, answers: [] };
  }
  const byLabel = new Map<string, number>();
  given.forEach((answer, i) => {
    if (!category.questions.some((q) => q.label === answer.label)) {
      errors.push({
        field: `/answers/${i}/label`,
        message: `"${answer.label}" is not a question of category "${category.name}"`,
      });
    } else if (byLabel.has(answer.label)) {
      errors.push({ field: `/answers/${i}/label`, message: `"${answer.label}" is answered twice` });
    } else byLabel.set(answer.label, i);
  });
  const answers = category.questions.map((question): TicketAnswer => {
    const i = byLabel.get(question.label);
    const value = i === undefined ? '' : given[i]!.value.trim();
    if (value === '') {
      if (question.required) errors.push({ field: '/answers', message: `"${question.label}" is required` });
    } else if (value.length > question.maxLength) {
      errors.push({
        field: `/answers/${i}/value`,
        message: `"${question.label}" must be at most ${question.maxLength} characters`,
      });
    } else if (value.length < question.minLength) {
      errors.push({
        field: `/answers/${i}/value`,
        message: `"${question.label}" must be at least ${question.minLength} characters`,
      });
    }
    return { label: question.label, value };
  });
  if (errors.length > 0) throw validationError(errors);
  const firstAnswer =
    answers
      .find((a) => a.value !== '')
      ?.value.split('\n')[0]
      ?.trim() ?? '';
  return {
    category,
    subject: (subject || firstAnswer || category.name).slice(0, limits.subject),
    answers,
  };
}
