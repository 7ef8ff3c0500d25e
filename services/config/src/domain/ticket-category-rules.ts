import { defaultTicketCategoryId, type TicketsSettings } from '@guildwire/contracts';
import type { FieldError } from '@guildwire/errors';

// A custom emoji as Discord writes it in text: <:name:id> or, animated, <a:name:id>.
const customEmoji = /^<a?:[A-Za-z0-9_]{2,32}:[0-9]{17,20}>$/;

/**
 * The `tickets` categories' rules beyond JSON Schema: ids unique and not the default one's, a
 * category's overflow not repeating its main category, each question's length range in order and
 * its label unique in its form (answers are stored under the label), custom emojis well formed.
 */
export function ticketCategoryErrors(settings: TicketsSettings): FieldError[] {
  const errors: FieldError[] = [];
  const firstWithId = new Map<string, number>();
  settings.categories.forEach((category, i) => {
    const at = `/categories/${i}`;
    if (category.id === defaultTicketCategoryId) {
      errors.push({ field: `${at}/id`, message: 'is reserved for the default category' });
    } else if (category.id !== '') {
      const first = firstWithId.get(category.id);
      if (first === undefined) firstWithId.set(category.id, i);
      else errors.push({ field: `${at}/id`, message: `must be unique (category ${first} has it)` });
    }
    if (category.categoryId !== '' && category.overflowCategoryIds.includes(category.categoryId)) {
      errors.push({ field: `${at}/overflowCategoryIds`, message: 'must not repeat categoryId' });
    }
    if (category.emoji.startsWith('<') && !customEmoji.test(category.emoji)) {
      errors.push({ field: `${at}/emoji`, message: 'must be an emoji or a custom emoji as <:name:id>' });
    }
    const labels = new Set<string>();
    category.questions.forEach((question, j) => {
      const q = `${at}/questions/${j}`;
      if (question.minLength > question.maxLength) {
        errors.push({ field: `${q}/minLength`, message: 'must not be more than maxLength' });
      }
      const label = question.label.trim().toLowerCase();
      if (labels.has(label))
        errors.push({ field: `${q}/label`, message: 'must differ from the other questions' });
      labels.add(label);
    });
  });
  return errors;
}
