import { type Kysely, sql } from 'kysely';

/**
 * The opener's feedback on a closed ticket: a rating of 1 to 5, an optional comment, when, and the
 * staff member the ticket was assigned to when it closed (the one rated: a reopen clears the
 * assignee, the rating keeps its target). On the ticket row because there is at most one per ticket
 * and every event carries the ticket whole; the checks keep a half-written or out-of-range rating
 * out whatever path writes it. The indexes serve the statistics: tickets of a guild by close time and by
 * rating time, and claims of a guild by time (read from the history, where each claim is a line).
 * Numbered 0013 (0010-0012 are the workflow's other parts). Frozen in time.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tickets')
    .addColumn('feedback_rating', 'smallint', (c) => c.check(sql`feedback_rating between 1 and 5`))
    .addColumn('feedback_comment', 'text')
    .addColumn('feedback_at', sql`timestamptz(3)`)
    .addColumn('feedback_staff_id', 'text')
    .execute();
  await sql`alter table tickets add constraint tickets_feedback_whole
    check ((feedback_rating is null) = (feedback_at is null))`.execute(db);
  await db.schema
    .createIndex('tickets_guild_closed_idx')
    .on('tickets')
    .columns(['guild_id', 'closed_at'])
    .where(sql.ref('closed_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('tickets_guild_feedback_idx')
    .on('tickets')
    .columns(['guild_id', 'feedback_at'])
    .where(sql.ref('feedback_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('ticket_history_guild_action_at_idx')
    .on('ticket_history')
    .columns(['guild_id', 'action', 'at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ticket_history_guild_action_at_idx').execute();
  await db.schema.dropIndex('tickets_guild_feedback_idx').execute();
  await db.schema.dropIndex('tickets_guild_closed_idx').execute();
  await sql`alter table tickets drop constraint tickets_feedback_whole`.execute(db);
  await db.schema
    .alterTable('tickets')
    .dropColumn('feedback_rating')
    .dropColumn('feedback_comment')
    .dropColumn('feedback_at')
    .dropColumn('feedback_staff_id')
    .execute();
}
