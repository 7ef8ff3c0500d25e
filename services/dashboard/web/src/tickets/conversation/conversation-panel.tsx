import { useLayoutEffect, useRef } from 'react';
import type { Ticket, TicketReplyDraft } from '../../api/types.js';
import { ErrorBox, Loading } from '../../ui/error-box.js';
import { dateTime } from '../../ui/format.js';
import { useConversation } from './conversation-queries.js';
import { MessageItem } from './message-item.js';
import { ReplyBox, replyErrorText, useSendReply } from './reply-box.js';
import { TranscriptBox } from './transcript-box.js';

/**
 * The ticket's Discord conversation, live: the newest messages first loaded, older ones on demand,
 * replies written here (pending until the bot has posted them, or failed with Discord's reason),
 * and for a closed ticket the sealed transcript instead of the reply box.
 */
export function ConversationPanel({ ticket, canReply }: { ticket: Ticket; canReply: boolean }) {
  const { pages, view, hide } = useConversation(ticket.guildId, ticket.id);
  const closed = ticket.status === 'closed';
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const newest = view.messages.at(-1)?.id;
  const oldest = view.messages[0]?.id;
  // Where the reader was, from the end, when older messages were asked for.
  const keepFromBottom = useRef<number | undefined>(undefined);
  // Follows the conversation as it grows while the reader is at its end; someone reading older
  // messages keeps their place.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the newest message or a bubble changes
  useLayoutEffect(() => {
    const box = scroller.current;
    if (box && atBottom.current) box.scrollTop = box.scrollHeight;
  }, [newest, view.unposted.length]);
  // Older messages go above what is read: the reader stays on the message they were at. (The
  // browser's scroll anchoring does not help here: it stands aside at scroll offset 0, which is
  // exactly where the "load older" button is.)
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the oldest message changes
  useLayoutEffect(() => {
    const box = scroller.current;
    if (box && keepFromBottom.current !== undefined) {
      box.scrollTop = box.scrollHeight - keepFromBottom.current;
      keepFromBottom.current = undefined;
    }
  }, [oldest]);

  return (
    <div className="conversation-panel">
      <div
        className="messages-scroll"
        ref={scroller}
        onScroll={(e) => {
          const box = e.currentTarget;
          atBottom.current = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
        }}
      >
        {pages.hasNextPage ? (
          <button
            type="button"
            className="secondary load-older"
            disabled={pages.isFetchingNextPage}
            onClick={() => {
              const box = scroller.current;
              if (box) keepFromBottom.current = box.scrollHeight - box.scrollTop;
              void pages.fetchNextPage();
            }}
          >
            {pages.isFetchingNextPage ? 'Loading…' : 'Load older messages'}
          </button>
        ) : null}
        {pages.isFetchNextPageError ? <ErrorBox error={pages.error} /> : null}
        {pages.isPending ? (
          <Loading what="the conversation" />
        ) : pages.isError ? (
          <ErrorBox error={pages.error} onRetry={() => void pages.refetch()} />
        ) : view.messages.length === 0 && view.unposted.length === 0 ? (
          <p className="muted" data-testid="no-messages">
            No messages in the ticket's Discord thread yet.
          </p>
        ) : null}
        <ol className="messages" data-testid="messages">
          {view.messages.map((m) => (
            <MessageItem key={m.id} message={m} />
          ))}
          {view.unposted.map((r) => (
            <UnpostedReply
              key={r.id}
              reply={r}
              ticket={ticket}
              canRetry={canReply && !closed}
              onHide={hide}
            />
          ))}
        </ol>
      </div>
      {closed ? (
        <>
          <p className="notice" data-testid="reply-closed">
            This ticket is closed: replies are off.
          </p>
          <TranscriptBox ticket={ticket} />
        </>
      ) : canReply ? (
        <ReplyBox guildId={ticket.guildId} ticketId={ticket.id} />
      ) : null}
    </div>
  );
}

/** A reply written here that is not in Discord yet: on its way, or refused with the reason. */
function UnpostedReply({
  reply,
  ticket,
  canRetry,
  onHide,
}: {
  reply: TicketReplyDraft;
  ticket: Ticket;
  canRetry: boolean;
  onHide: (replyId: string) => void;
}) {
  const send = useSendReply(ticket.guildId, ticket.id);
  const failed = reply.status === 'failed';
  return (
    <li
      className={failed ? 'message reply failed' : 'message reply pending'}
      data-testid="unposted-reply"
      data-reply-id={reply.id}
      data-status={reply.status}
    >
      <span className="who">Reply from the dashboard</span>{' '}
      <span className="when">{dateTime(reply.createdAt)}</span>{' '}
      <span className="badge">{failed ? 'not sent' : 'sending to Discord…'}</span>
      <p className="content">{reply.content}</p>
      {failed ? (
        <>
          <p className="error-line" data-testid="reply-failure">
            Discord refused it: {reply.error || 'no reason given'}
          </p>
          <div className="inline">
            {canRetry ? (
              <button
                type="button"
                disabled={send.isPending}
                // A new attempt, so a new key: the failed reply's key would only replay its failure.
                onClick={() =>
                  send.mutate(
                    { content: reply.content, key: crypto.randomUUID() },
                    { onSuccess: () => onHide(reply.id) },
                  )
                }
              >
                {send.isPending ? 'Sending…' : 'Retry'}
              </button>
            ) : null}
            <button type="button" className="secondary" onClick={() => onHide(reply.id)}>
              Dismiss
            </button>
          </div>
          {send.isError ? <p className="error-line">{replyErrorText(send.error)}</p> : null}
        </>
      ) : null}
    </li>
  );
}
