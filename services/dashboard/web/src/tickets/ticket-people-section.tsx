import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/api-error.js';
import { unwrap } from '../api/clients.js';
import type { Ticket, TicketDetails } from '../api/types.js';
import { useApp } from '../app-context.js';
import { keys } from '../live/query-keys.js';
import { user } from '../ui/format.js';
import { useGuild } from '../ui/guild-layout.js';
import { showToast } from '../ui/toasts.js';

const snowflake = /^[0-9]{1,20}$/;

/**
 * A ticket's members (people besides the opener let into its Discord thread or channel), added
 * and removed by staff, and the transfer of a claimed ticket by its assignee or an admin. Every
 * write names the version shown; live events (member_added, transferred…) update the page.
 */
export function TicketPeopleSection({
  ticket: t,
  me,
  staff,
  admin,
  onConflict,
}: {
  ticket: Ticket;
  me: string;
  staff: boolean;
  admin: boolean;
  onConflict: () => void;
}) {
  const { api } = useApp();
  const guild = useGuild();
  const client = useQueryClient();
  const [memberId, setMemberId] = useState('');
  const [toUserId, setToUserId] = useState('');
  const path = { guildId: guild.id, ticketId: t.id };
  const header = { 'if-match': `"${t.version}"` };
  const settle = (done: string) => ({
    onSuccess: (reply: { ticket?: Ticket | null }) => {
      const next = reply.ticket;
      if (next)
        client.setQueryData<TicketDetails>(keys.ticket(guild.id, t.id), (d) =>
          d && next.version > d.ticket.version ? { ...d, ticket: next } : d,
        );
      showToast(done, 'success');
    },
    onError: (error: Error) => {
      if (error instanceof ApiError && error.status === 412) onConflict();
      else showToast(error.message, 'error');
    },
  });
  const add = useMutation({
    mutationFn: async (userId: string) =>
      unwrap(
        await api.tickets.POST('/v1/guilds/{guildId}/tickets/{ticketId}/members', {
          params: { path, header },
          body: { userId },
        }),
      ),
    ...settle('Member added.'),
  });
  const remove = useMutation({
    mutationFn: async (userId: string) =>
      unwrap(
        await api.tickets.DELETE('/v1/guilds/{guildId}/tickets/{ticketId}/members/{userId}', {
          params: { path: { ...path, userId }, header },
        }),
      ),
    ...settle('Member removed.'),
  });
  const transfer = useMutation({
    mutationFn: async (userId: string) =>
      unwrap(
        await api.tickets.POST('/v1/guilds/{guildId}/tickets/{ticketId}/transfer', {
          params: { path, header },
          body: { toUserId: userId },
        }),
      ),
    ...settle('Ticket transferred.'),
  });
  const members = t.memberIds ?? [];
  const open = t.status !== 'closed';
  const canTransfer = staff && t.status === 'claimed' && (t.assigneeId === me || admin);
  return (
    <section className="ticket-people" data-testid="ticket-people" aria-label="Members and transfer">
      <p>Members:</p>
      {members.length === 0 ? (
        <p className="muted" data-testid="no-members">
          Only the opener and staff.
        </p>
      ) : (
        <ul data-testid="ticket-members">
          {members.map((id) => (
            <li key={id} data-member-id={id}>
              {user(id, me)}{' '}
              {staff && open ? (
                <button type="button" disabled={remove.isPending} onClick={() => remove.mutate(id)}>
                  Remove
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {staff && open ? (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            if (snowflake.test(memberId)) add.mutate(memberId, { onSuccess: () => setMemberId('') });
          }}
        >
          <label className="inline">
            Add member (user id)
            <input name="memberId" value={memberId} onChange={(e) => setMemberId(e.target.value.trim())} />
          </label>
          <button type="submit" disabled={add.isPending || !snowflake.test(memberId)}>
            Add
          </button>
        </form>
      ) : null}
      {canTransfer ? (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            if (snowflake.test(toUserId)) transfer.mutate(toUserId, { onSuccess: () => setToUserId('') });
          }}
        >
          <label className="inline">
            Transfer to (staff user id)
            <input name="transferTo" value={toUserId} onChange={(e) => setToUserId(e.target.value.trim())} />
          </label>
          <button type="submit" disabled={transfer.isPending || !snowflake.test(toUserId)}>
            Transfer
          </button>
        </form>
      ) : null}
    </section>
  );
}
