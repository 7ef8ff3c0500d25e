import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ApiError, readableError } from '../../api/api-error.js';
import { unwrap } from '../../api/clients.js';
import { useApp } from '../../app-context.js';
import { keys } from '../../live/query-keys.js';
import { type LiveConversation, withReply } from './conversation-state.js';
import { TagPicker } from './tag-picker.js';

/** Discord's limit on a message's content; the server answers 400 beyond it. */
export const replyLimit = 2000;

/** What went wrong with a reply, said so that the person knows what to do. */
export function replyErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'TICKET_ERR_CLOSED')
      return 'This ticket is closed: the reply was not sent. Reopen the ticket to write in its Discord thread.';
    if (error.code === 'TICKET_ERR_NO_CHANNEL')
      return 'The ticket has no Discord channel yet (the bot is still creating it): try again in a moment.';
    if (error.status === 400) return `The reply was refused: ${error.message}`;
  }
  return readableError(error);
}

/**
 * Sends a reply with its Idempotency-Key. The key belongs to one attempt: sending the same draft
 * again after a lost answer reuses it (the server answers the first reply, nothing is posted twice);
 * a new draft or a retry of a failed reply takes a new one.
 */
export function useSendReply(guildId: string, ticketId: string) {
  const { api } = useApp();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ content, key }: { content: string; key: string }) =>
      unwrap(
        await api.tickets.POST('/v1/guilds/{guildId}/tickets/{ticketId}/messages', {
          params: { path: { guildId, ticketId }, header: { 'idempotency-key': key } },
          body: { content },
        }),
      ),
    onSuccess: ({ reply }) => {
      // The pending bubble shows at once; ticket.message_posted with this replyId replaces it.
      client.setQueryData<LiveConversation>(keys.conversationLive(guildId, ticketId), (live) =>
        live === undefined ? live : withReply(live, reply),
      );
    },
  });
}

/** The box to write in the ticket's Discord thread from the dashboard (staff, or the opener). */
export function ReplyBox({ guildId, ticketId }: { guildId: string; ticketId: string }) {
  const [content, setContent] = useState('');
  const attempt = useRef<{ content: string; key: string } | undefined>(undefined);
  const send = useSendReply(guildId, ticketId);
  const length = content.length;
  const over = length > replyLimit;
  const submit = () => {
    if (content.trim() === '' || over || send.isPending) return;
    if (attempt.current?.content !== content) attempt.current = { content, key: crypto.randomUUID() };
    send.mutate(attempt.current, {
      onSuccess: () => {
        attempt.current = undefined;
        setContent('');
      },
    });
  };
  return (
    <form
      className="reply-box"
      data-testid="reply-box"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label>
        Reply in Discord
        <textarea
          name="reply"
          rows={3}
          value={content}
          aria-invalid={over}
          aria-describedby="reply-count"
          placeholder="Write to the ticket's Discord thread…"
          onChange={(e) => setContent(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              submit();
            }
          }}
        />
      </label>
      <div className="reply-foot">
        <TagPicker
          onPick={(text) => setContent((typed) => (typed.trim() === '' ? text : `${typed}\n${text}`))}
        />
        <span id="reply-count" className={over ? 'count over' : 'count'} data-testid="reply-count">
          {length} / {replyLimit}
          {over ? ` — ${length - replyLimit} too many for Discord` : ''}
        </span>
        <button type="submit" disabled={send.isPending || content.trim() === '' || over}>
          {send.isPending ? 'Sending…' : 'Send'}
        </button>
      </div>
      {send.isError ? (
        <p className="error-line" role="alert" data-testid="reply-error">
          {replyErrorText(send.error)}
        </p>
      ) : null}
    </form>
  );
}
