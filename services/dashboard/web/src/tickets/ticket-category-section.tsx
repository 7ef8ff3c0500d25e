import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/api-error.js';
import { unwrap } from '../api/clients.js';
import type { Ticket, TicketDetails } from '../api/types.js';
import { useApp } from '../app-context.js';
import { keys } from '../live/query-keys.js';
import { useGuild } from '../ui/guild-layout.js';
import { showToast } from '../ui/toasts.js';
import { categoryLabel, useTicketCategories } from './ticket-categories.js';

/**
 * A ticket's category, the answers to its form, and (staff) moving it to another category. A move
 * past the opener's limit there goes through and says so; a deleted category reads as such and
 * can only be left.
 */
export function TicketCategorySection({
  ticket: t,
  staff,
  onConflict,
}: {
  ticket: Ticket;
  staff: boolean;
  onConflict: () => void;
}) {
  const { api } = useApp();
  const guild = useGuild();
  const client = useQueryClient();
  const categories = useTicketCategories(guild.id).data;
  const [target, setTarget] = useState('');
  // A move past the opener's limit is worth more than a passing toast: it stays until the next move.
  const [warning, setWarning] = useState('');
  const move = useMutation({
    mutationFn: async (categoryId: string) =>
      unwrap(
        await api.tickets.POST('/v1/guilds/{guildId}/tickets/{ticketId}/move', {
          params: {
            path: { guildId: guild.id, ticketId: t.id },
            header: { 'if-match': `"${t.version}"` },
          },
          body: { categoryId },
        }),
      ),
    onSuccess: (reply) => {
      const next = reply.ticket;
      if (next)
        client.setQueryData<TicketDetails>(keys.ticket(guild.id, t.id), (d) =>
          d && next.version > d.ticket.version ? { ...d, ticket: next } : d,
        );
      setTarget('');
      const over = reply.overLimit;
      const name = categoryLabel(categories, next?.categoryId ?? '');
      setWarning(
        over
          ? `Moved past the limit: the opener now has ${over.active} open tickets in ${name}, over its limit of ${over.limit}.`
          : '',
      );
      showToast(`Moved to ${name}.`, 'success');
    },
    onError: (error) => {
      if (error instanceof ApiError && error.isConflict && error.status === 412) onConflict();
      else showToast(error.message, 'error');
    },
  });
  const answers = t.answers ?? [];
  const others = (categories ?? []).filter((c) => c.id !== t.categoryId);
  return (
    <section className="ticket-category" data-testid="ticket-category" aria-label="Category and form">
      <p>
        Category:{' '}
        <strong data-testid="ticket-category-name">{categoryLabel(categories, t.categoryId ?? '')}</strong>
      </p>
      {answers.length > 0 ? (
        <dl className="answers" data-testid="ticket-answers">
          {answers.map((a) => (
            <div key={a.label}>
              <dt>{a.label}</dt>
              <dd>{a.value === '' ? <span className="muted">—</span> : a.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {warning ? (
        <p className="warning" role="status" data-testid="move-warning">
          {warning}
        </p>
      ) : null}
      {staff && t.status !== 'closed' && others.length > 0 ? (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            if (target !== '') move.mutate(target);
          }}
        >
          <label className="inline">
            Move to
            <select name="moveCategory" value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">— category —</option>
              {others.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={move.isPending || target === ''}>
            Move
          </button>
        </form>
      ) : null}
    </section>
  );
}
