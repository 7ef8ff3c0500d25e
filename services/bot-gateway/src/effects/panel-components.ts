import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIMessageComponentEmoji,
} from '@discordjs/core';
import {
  defaultTicketCategoryId,
  type ResolvedTicketCategory,
  resolveTicketCategory,
  type TicketPanel,
  type TicketsSettings,
} from '@guildwire/contracts';
import { customId } from '../interactions/custom-ids.js';

/** Up to this many categories a panel shows as buttons (one row); more get a select menu. */
export const maxPanelButtons = 5;

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

/** A button's or menu option's emoji: a Unicode one as its name, a custom `<:name:id>` by id. */
export function emojiOf(emoji: string): APIMessageComponentEmoji | undefined {
  if (emoji === '') return undefined;
  const custom = /^<(a?):([A-Za-z0-9_]{2,32}):([0-9]{17,20})>$/.exec(emoji);
  if (custom) return { id: custom[3]!, name: custom[2]!, animated: custom[1] === 'a' };
  return { name: emoji };
}

/**
 * The categories a panel offers, as the guild's settings have them now: the panel's list (empty:
 * the default category), less the ones deleted from the settings since.
 */
export function offeredCategories(panel: TicketPanel, settings: TicketsSettings): ResolvedTicketCategory[] {
  const ids = panel.categoryIds.length > 0 ? panel.categoryIds : [defaultTicketCategoryId];
  return ids.flatMap((id) => resolveTicketCategory(settings, id) ?? []);
}

/**
 * The panel's components: one button per category (the panel's own label when it offers one),
 * or, past five, one select menu listing them (name, description, emoji). Each carries the panel
 * and category, so any replica answers a press with that category's form.
 */
export function panelComponents(panel: TicketPanel, categories: readonly ResolvedTicketCategory[]): Row[] {
  if (categories.length > maxPanelButtons) {
    return [
      {
        type: 1,
        components: [
          {
            type: 3,
            custom_id: customId('ticket-pick', panel.id),
            placeholder: panel.buttonLabel.slice(0, 150),
            options: categories.map((c) => {
              const emoji = emojiOf(c.emoji);
              return {
                label: c.name.slice(0, 100),
                value: c.id,
                ...(c.description ? { description: c.description.slice(0, 100) } : {}),
                ...(emoji ? { emoji } : {}),
              };
            }),
          },
        ],
      },
    ];
  }
  const single = categories.length === 1;
  return [
    {
      type: 1,
      components: categories.map((c) => {
        const emoji = emojiOf(c.emoji);
        return {
          type: 2,
          style: 1,
          label: (single ? panel.buttonLabel : c.name).slice(0, 80),
          custom_id: customId('ticket-category', panel.id, c.id),
          ...(emoji ? { emoji } : {}),
        };
      }),
    },
  ];
}
