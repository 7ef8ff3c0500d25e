/** A message with an "open ticket" button that the bot posts in a channel. */
export interface Panel {
  readonly id: string;
  readonly guildId: string;
  readonly title: string;
  readonly description: string;
  readonly buttonLabel: string;
  /** 0xRRGGBB */
  readonly colour: number;
  /** Category given to tickets opened from this panel. */
  readonly category: string;
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
    channelId: 'channel_id',
  };
  return (Object.keys(names) as (keyof PanelFields)[])
    .filter((k) => edit[k] !== undefined && edit[k] !== panel[k])
    .map((k) => names[k]);
}
