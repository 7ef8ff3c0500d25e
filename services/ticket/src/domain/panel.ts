/** A message with an "open ticket" button that the bot posts in a channel. */
export interface Panel {
  readonly id: string;
  readonly guildId: string;
  readonly title: string;
  readonly description: string;
  readonly buttonLabel: string;
  /** 0xRRGGBB */
  readonly colour: number;
  /** Free-text label given to tickets opened from this panel (from before categories). */
  readonly category: string;
  /** The ticket categories the panel offers, in order; empty: the default category. */
  readonly categoryIds: readonly string[];
  readonly channelId: string | null;
  /** Discord message id once the bot has posted the panel. */
  readonly messageId: string | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The editable fields of a panel. */
export interface PanelFields {
  readonly title: string;
  readonly description: string;
  readonly buttonLabel: string;
  readonly colour: number;
  readonly category: string;
  readonly categoryIds: readonly string[];
  readonly channelId: string | null;
}

/** Discord's blurple, the colour of a panel that names none. */
export const defaultPanelColour = 0x5865f2;

/** Field names (snake_case, as in events) whose values differ between a panel and an edit. */
export function changedPanelFields(panel: Panel, edit: Partial<PanelFields>): string[] {
  const names: Record<keyof PanelFields, string> = {
    title: 'title',
    description: 'description',
    buttonLabel: 'button_label',
    colour: 'colour',
    category: 'category',
    categoryIds: 'category_ids',
    channelId: 'channel_id',
  };
  const differs = (k: keyof PanelFields) =>
    k === 'categoryIds'
      ? edit.categoryIds!.join('\n') !== panel.categoryIds.join('\n')
      : edit[k] !== panel[k];
  return (Object.keys(names) as (keyof PanelFields)[])
    .filter((k) => edit[k] !== undefined && differs(k))
    .map((k) => names[k]);
}
