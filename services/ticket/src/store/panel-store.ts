import type { Kysely, Selectable } from 'kysely';
import type { Panel } from '../domain/panel.js';
import type { PanelTable, TicketDatabase } from './database.js';

function panelFromRow(row: Selectable<PanelTable>): Panel {
  return {
    id: row.id,
    guildId: row.guild_id,
    title: row.title,
    description: row.description,
    buttonLabel: row.button_label,
    colour: row.colour,
    category: row.category,
    categoryIds: row.category_ids,
    channelId: row.channel_id,
    messageId: row.message_id,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function panelToRow(panel: Panel): Selectable<PanelTable> {
  return {
    id: panel.id,
    guild_id: panel.guildId,
    title: panel.title,
    description: panel.description,
    button_label: panel.buttonLabel,
    colour: panel.colour,
    category: panel.category,
    category_ids: [...panel.categoryIds],
    channel_id: panel.channelId,
    message_id: panel.messageId,
    version: panel.version,
    created_at: panel.createdAt,
    updated_at: panel.updatedAt,
  };
}

/** Panels of one database or transaction. */
export function panelStore(db: Kysely<TicketDatabase>) {
  return {
    /** The insert of a new panel, unsent: for outbox.commit, which sends it with its event. */
    insertQuery(panel: Panel) {
      return db.insertInto('panels').values(panelToRow(panel));
    },
    async update(panel: Panel): Promise<void> {
      const { id: _i, guild_id: _g, created_at: _c, ...changes } = panelToRow(panel);
      await db.updateTable('panels').set(changes).where('id', '=', panel.id).execute();
    },
    async delete(id: string): Promise<void> {
      await db.deleteFrom('panels').where('id', '=', id).execute();
    },
    async find(
      guildId: string,
      id: string,
      options: { forUpdate?: boolean } = {},
    ): Promise<Panel | undefined> {
      let q = db.selectFrom('panels').selectAll().where('guild_id', '=', guildId).where('id', '=', id);
      if (options.forUpdate) q = q.forUpdate();
      const row = await q.executeTakeFirst();
      return row && panelFromRow(row);
    },
    async list(guildId: string): Promise<Panel[]> {
      const rows = await db
        .selectFrom('panels')
        .selectAll()
        .where('guild_id', '=', guildId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(panelFromRow);
    },
  };
}
