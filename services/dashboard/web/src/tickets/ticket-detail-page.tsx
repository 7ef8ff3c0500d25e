import { roleAtLeast } from '@guildwire/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'wouter';
import { ApiError } from '../api/api-error.js';
import { unwrap } from '../api/clients.js';
import type { Ticket, TicketDetails } from '../api/types.js';
import { useApp } from '../app-context.js';
import { keys } from '../live/query-keys.js';
import { ErrorBox, Loading } from '../ui/error-box.js';
import { dateTime, user } from '../ui/format.js';
import { useGuild } from '../ui/guild-layout.js';
import { showToast } from '../ui/toasts.js';
import { ConversationPanel } from './conversation/conversation-panel.js';
import { TicketCategorySection } from './ticket-category-section.js';
import { TicketPeopleSection } from './ticket-people-section.js';
import { TicketViewers } from './ticket-viewers.js';

const priorities = ['low', 'normal', 'high', 'urgent'] as const;

/** Of two copies of a ticket page, the one with the later ticket version (a refetch may be older). */
function newerDetails(previous: unknown, next: unknown): unknown {
  const a = previous as TicketDetails | undefined;
  const b = next as TicketDetails;
  return a !== undefined && a.ticket.version > b.ticket.version ? a : b;
}

/**
 * One ticket: its state, actions, comments, attachments and history, kept current by the stream.
 * Every action names the version the page shows (If-Match): when someone else changed the ticket
 * first, the answer is a conflict and the page says so instead of overwriting their change.
 */
export default function TicketDetailPage() {
  const { ticketId } = useParams<{ ticketId: string }>();
  const { api } = useApp();
  const guild = useGuild();
  const query = useQuery({
    queryKey: keys.ticket(guild.id, ticketId),
    queryFn: async () =>
      unwrap(
        await api.tickets.GET('/v1/guilds/{guildId}/tickets/{ticketId}', {
          params: { path: { guildId: guild.id, ticketId } },
        }),
      ),
    structuralSharing: newerDetails,
  });
  if (query.isPending) return <Loading what="the ticket" />;
  if (query.isError) return <ErrorBox error={query.error} onRetry={() => void query.refetch()} />;
  return <TicketView details={query.data} onReload={() => void query.refetch()} />;
}

function TicketView({ details, onReload }: { details: TicketDetails; onReload: () => void }) {
  const { session } = useApp();
  const guild = useGuild();
  const me = session.current.user.id;
  const t = details.ticket;
  const [conflict, setConflict] = useState(false);
  return (
    <article className="ticket" data-testid="ticket" data-ticket-id={t.id} data-version={t.version}>
      <p>
        <Link href={`/g/${guild.id}/tickets`}>← Tickets</Link>
      </p>
      <h1>
        #{t.number} {t.subject}
      </h1>
      <TicketViewers ticketId={t.id} />
      {conflict ? (
        <div className="conflict" role="alert" data-testid="conflict">
          Changed by someone else — reload.{' '}
          <button
            type="button"
            onClick={() => {
              setConflict(false);
              onReload();
            }}
          >
            Reload
          </button>
        </div>
      ) : null}
      <dl className="facts">
        <Fact label="Status">
          <span className={`badge status-${t.status}`} data-testid="ticket-status">
            {t.status}
          </span>
        </Fact>
        <Fact label="Priority">
          <span className={`badge priority-${t.priority}`}>{t.priority}</span>
        </Fact>
        <Fact label="Opener">{user(t.openerId, me)}</Fact>
        <Fact label="Assignee">
          <span data-testid="ticket-assignee">{user(t.assigneeId, me)}</span>
        </Fact>
        <Fact label="Opened">{dateTime(t.createdAt)}</Fact>
        <Fact label="Version">{t.version}</Fact>
        {t.status === 'closed' ? <Fact label="Close reason">{t.closeReason || '—'}</Fact> : null}
        {t.feedback ? (
          <Fact label="Rating">
            <span
              data-testid="ticket-rating"
              title={`${t.feedback.rating} of 5, ${dateTime(t.feedback.submittedAt)}`}
            >
              {'★'.repeat(t.feedback.rating)}
              {'☆'.repeat(5 - t.feedback.rating)} {t.feedback.rating}/5
            </span>
            {t.feedback.comment ? (
              <q className="feedback-comment" data-testid="feedback-comment">
                {t.feedback.comment}
              </q>
            ) : null}
          </Fact>
        ) : null}
      </dl>
      {t.description ? <p className="description">{t.description}</p> : null}
      <TicketCategorySection
        ticket={t}
        staff={roleAtLeast(guild.role, 'staff')}
        onConflict={() => setConflict(true)}
      />
      <TicketPeopleSection
        ticket={t}
        me={me}
        staff={roleAtLeast(guild.role, 'staff')}
        admin={roleAtLeast(guild.role, 'admin')}
        onConflict={() => setConflict(true)}
      />
      <TicketActions
        ticket={t}
        staff={roleAtLeast(guild.role, 'staff')}
        mine={t.openerId === me}
        onConflict={() => setConflict(true)}
      />
      <div className="columns">
        <section className="conversation" data-testid="conversation" aria-label="Conversation">
          <h2>Conversation</h2>
          <ConversationPanel ticket={t} canReply={roleAtLeast(guild.role, 'staff') || t.openerId === me} />
        </section>
        <section aria-label="Comments">
          <h2>Comments</h2>
          {details.comments.length === 0 ? <p className="muted">No comments yet.</p> : null}
          <ul className="comments" data-testid="comments">
            {details.comments.map((c) => (
              <li key={c.id}>
                <span className="who">{user(c.authorId, me)}</span>{' '}
                <span className="when">{dateTime(c.createdAt)}</span>
                <p>{c.body}</p>
              </li>
            ))}
          </ul>
          {t.status === 'closed' ? null : <CommentForm ticket={t} onConflict={() => setConflict(true)} />}
          {details.attachments.length > 0 ? (
            <>
              <h2>Attachments</h2>
              <ul>
                {details.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={a.url} rel="noreferrer noopener" target="_blank">
                      {a.name}
                    </a>{' '}
                    <span className="muted">{Math.ceil(a.size / 1024)} KB</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h2>History</h2>
          <ol className="history" data-testid="history">
            {details.history.map((h) => (
              <li key={`${h.version}-${h.action}`}>
                <span className="when">{dateTime(h.at)}</span> {h.action} by {user(h.actorId, me)}
                {h.fromStatus && h.fromStatus !== h.toStatus ? ` (${h.fromStatus} → ${h.toStatus})` : ''}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </article>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

type ActionPath = 'claim' | 'unclaim' | 'close' | 'reopen' | 'assign';

/** One action on the ticket at the version shown; a conflict is reported, never retried blindly. */
function useTicketAction(ticket: Ticket, onConflict: () => void) {
  const { api } = useApp();
  const guild = useGuild();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (action: { path: ActionPath | 'priority'; body?: object }) => {
      const params = {
        path: { guildId: guild.id, ticketId: ticket.id },
        header: { 'if-match': `"${ticket.version}"` },
      };
      const result =
        action.path === 'priority'
          ? await api.tickets.PUT('/v1/guilds/{guildId}/tickets/{ticketId}/priority', {
              params,
              body: action.body as { priority: (typeof priorities)[number] },
            })
          : await api.tickets.POST(`/v1/guilds/{guildId}/tickets/{ticketId}/${action.path}`, {
              params,
              body: (action.body ?? {}) as never,
            });
      return unwrap(result);
    },
    onSuccess: (reply) => {
      // The stream brings the same change; the answer is applied first so the page never lags.
      const next = reply.ticket;
      if (next)
        client.setQueryData<TicketDetails>(keys.ticket(guild.id, ticket.id), (d) =>
          d && next.version > d.ticket.version ? { ...d, ticket: next } : d,
        );
    },
    onError: (error) => {
      if (error instanceof ApiError && error.isConflict) onConflict();
      else showToast(error.message, 'error');
    },
  });
}

function TicketActions({
  ticket: t,
  staff,
  mine,
  onConflict,
}: {
  ticket: Ticket;
  staff: boolean;
  mine: boolean;
  onConflict: () => void;
}) {
  const action = useTicketAction(t, onConflict);
  const [reason, setReason] = useState('');
  const [assignee, setAssignee] = useState('');
  const busy = action.isPending;
  return (
    <div className="ticket-actions" role="toolbar" aria-label="Actions">
      {staff && t.status === 'open' ? (
        <button type="button" disabled={busy} onClick={() => action.mutate({ path: 'claim' })}>
          Claim
        </button>
      ) : null}
      {staff && t.status === 'claimed' ? (
        <button type="button" disabled={busy} onClick={() => action.mutate({ path: 'unclaim' })}>
          Unclaim
        </button>
      ) : null}
      {staff && t.status !== 'closed' ? (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            action.mutate({ path: 'assign', body: { assigneeId: assignee.trim() } });
          }}
        >
          <input
            aria-label="Assignee user id"
            placeholder="user id"
            pattern="[0-9]{17,20}"
            value={assignee}
            onChange={(e) => setAssignee(e.target.value)}
          />
          <button type="submit" disabled={busy || assignee.trim() === ''}>
            Assign
          </button>
        </form>
      ) : null}
      {staff && t.status !== 'closed' ? (
        <label className="inline">
          Priority
          <select
            value={t.priority ?? 'normal'}
            disabled={busy}
            onChange={(e) => action.mutate({ path: 'priority', body: { priority: e.target.value } })}
          >
            {priorities.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {(staff || mine) && t.status !== 'closed' ? (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            action.mutate({ path: 'close', body: reason.trim() === '' ? {} : { reason: reason.trim() } });
          }}
        >
          <input
            aria-label="Close reason"
            placeholder="reason"
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <button type="submit" disabled={busy}>
            Close
          </button>
        </form>
      ) : null}
      {(staff || mine) && t.status === 'closed' ? (
        <button type="button" disabled={busy} onClick={() => action.mutate({ path: 'reopen' })}>
          Reopen
        </button>
      ) : null}
    </div>
  );
}

function CommentForm({ ticket, onConflict }: { ticket: Ticket; onConflict: () => void }) {
  const { api } = useApp();
  const guild = useGuild();
  const [body, setBody] = useState('');
  const comment = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.tickets.POST('/v1/guilds/{guildId}/tickets/{ticketId}/comments', {
          params: { path: { guildId: guild.id, ticketId: ticket.id } },
          body: { body },
        }),
      ),
    onSuccess: () => setBody(''),
    onError: (error) => {
      if (error instanceof ApiError && error.isConflict) onConflict();
    },
  });
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (body.trim() !== '') comment.mutate();
      }}
    >
      <label>
        Add a comment
        <textarea maxLength={4000} value={body} onChange={(e) => setBody(e.target.value)} />
      </label>
      {comment.isError ? <ErrorBox error={comment.error} /> : null}
      <button type="submit" disabled={comment.isPending || body.trim() === ''}>
        Comment
      </button>
    </form>
  );
}
