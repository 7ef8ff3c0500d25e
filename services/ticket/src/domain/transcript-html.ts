import type { MessageEmbed } from './conversation.js';
import type { Transcript, TranscriptMessage } from './transcript.js';

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made inert for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/** Only http(s) links become hrefs: a `javascript:` URL in an embed must not run. */
function safeUrl(url: string): string | undefined {
  return /^https?:\/\/[^\s]+$/i.test(url) ? escapeHtml(url) : undefined;
}

const mention = /<(@!?|@&|#)(\d{1,20})>/g;
const mentionKinds: Record<string, string> = { '@': 'user', '@!': 'user', '@&': 'role', '#': 'channel' };

/** Message text: escaped, mentions shown as the names they had at the seal, line breaks kept. */
function renderText(text: string, names: Transcript['names']): string {
  let html = '';
  let last = 0;
  for (const m of text.matchAll(mention)) {
    html += escapeHtml(text.slice(last, m.index));
    const kind = mentionKinds[m[1] ?? ''] ?? 'user';
    const name = names[`${kind}:${m[2]}`] ?? (kind === 'channel' ? 'unknown-channel' : `unknown-${kind}`);
    const sigil = kind === 'channel' ? '#' : '@';
    html += `<span class="mention">${sigil}${escapeHtml(name)}</span>`;
    last = (m.index ?? 0) + m[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

function renderEmbed(embed: MessageEmbed, names: Transcript['names']): string {
  const colour = `#${embed.color.toString(16).padStart(6, '0')}`;
  const href = safeUrl(embed.url);
  const title = embed.title
    ? `<div class="embed-title">${href ? `<a href="${href}" rel="noopener noreferrer">${escapeHtml(embed.title)}</a>` : escapeHtml(embed.title)}</div>`
    : '';
  const link = (label: string, url: string) => {
    const safe = safeUrl(url);
    return safe ? `<div><a href="${safe}" rel="noopener noreferrer">${label}</a></div>` : '';
  };
  return [
    `<div class="embed" style="border-color:${colour}">`,
    embed.authorName ? `<div class="embed-author">${escapeHtml(embed.authorName)}</div>` : '',
    title,
    embed.description ? `<div class="embed-text">${renderText(embed.description, names)}</div>` : '',
    ...embed.fields.map(
      (f) =>
        `<div class="embed-field"><b>${escapeHtml(f.name)}</b><div>${renderText(f.value, names)}</div></div>`,
    ),
    link('image', embed.imageUrl),
    link('thumbnail', embed.thumbnailUrl),
    embed.footerText ? `<div class="embed-footer">${escapeHtml(embed.footerText)}</div>` : '',
    '</div>',
  ].join('');
}

function renderMessage(m: TranscriptMessage, names: Transcript['names']): string {
  const attachments = m.attachments
    .map((a) => {
      const href = safeUrl(a.url);
      const label = `${escapeHtml(a.filename)} (${a.size} bytes)`;
      return `<li>${href ? `<a href="${href}" rel="noopener noreferrer">${label}</a>` : label}</li>`;
    })
    .join('');
  return [
    `<article class="message" id="m${escapeHtml(m.id)}">`,
    `<header><span class="author">${escapeHtml(m.author.name || m.author.id)}</span>`,
    m.author.bot ? ' <span class="tag">BOT</span>' : '',
    ` <time datetime="${escapeHtml(m.createdAt)}">${escapeHtml(m.createdAt)}</time>`,
    m.editedAt ? ' <span class="edited">(edited)</span>' : '',
    '</header>',
    m.content ? `<div class="content">${renderText(m.content, names)}</div>` : '',
    ...m.embeds.map((e) => renderEmbed(e, names)),
    attachments ? `<ul class="attachments">${attachments}</ul>` : '',
    '</article>',
  ].join('');
}

/** The form's answers as the opener gave them (blank ones shown as such). */
function renderAnswers(answers: NonNullable<Transcript['ticket']['answers']>): string {
  if (answers.length === 0) return '';
  const rows = answers.map(
    (a) => `<dt>${escapeHtml(a.label)}</dt><dd>${a.value ? escapeHtml(a.value) : '<i>(no answer)</i>'}</dd>`,
  );
  return `<dl class="answers">${rows.join('')}</dl>`;
}

const style = `body{font:14px/1.45 system-ui,sans-serif;margin:0;background:#313338;color:#dbdee1}
main{max-width:60rem;margin:0 auto;padding:1rem}h1{font-size:1.3rem}.meta{color:#949ba4;overflow-wrap:anywhere}
.message{padding:.4rem 0;border-bottom:1px solid #3f4147}.author{font-weight:600;color:#f2f3f5}
.tag{font-size:.7rem;background:#5865f2;color:#fff;border-radius:3px;padding:0 .25rem}
time,.edited{color:#949ba4;font-size:.75rem}.content,.embed-text{white-space:pre-wrap;overflow-wrap:anywhere}
.mention{background:#3c4270;color:#c9cdfb;border-radius:3px;padding:0 2px}
.embed{border-left:4px solid;background:#2b2d31;margin:.3rem 0;padding:.4rem .6rem;border-radius:4px}
.answers{margin:.5rem 0 1rem;padding:.5rem .8rem;background:#2b2d31;border-radius:4px}
.answers dt{font-weight:600;color:#f2f3f5}.answers dd{margin:0 0 .4rem;white-space:pre-wrap;overflow-wrap:anywhere}
.embed-title{font-weight:600}.embed-footer,.embed-author{font-size:.75rem;color:#b5bac1}a{color:#00a8fc}`;

/**
 * The transcript as one standalone HTML page (no script, no external resource): every piece of
 * message text is escaped, links are http(s) only, and the page is served with a CSP that forbids
 * scripts, so a message holding `<script>` shows as text.
 */
export function renderTranscriptHtml(transcript: Transcript, digest: string | null): string {
  const t = transcript.ticket;
  const opener = transcript.names[`user:${t.openerId}`] ?? t.openerId;
  const sealed = transcript.sealedAt
    ? `Sealed ${escapeHtml(transcript.sealedAt)}${digest ? ` · sha256 ${escapeHtml(digest)}` : ''}`
    : 'Not closed: live transcript, not sealed';
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>Ticket #${t.number} — ${escapeHtml(t.subject)}</title><style>${style}</style></head><body><main>`,
    `<h1>Ticket #${t.number} — ${escapeHtml(t.subject)}</h1>`,
    `<p class="meta">Opened by ${escapeHtml(opener)} on ${escapeHtml(t.createdAt)}`,
    t.closedAt ? ` · closed ${escapeHtml(t.closedAt)}` : '',
    t.closeReason ? ` · reason: ${escapeHtml(t.closeReason)}` : '',
    t.categoryName ? ` · category: ${escapeHtml(t.categoryName)}` : '',
    ` · ${transcript.messages.length} messages<br>${sealed}</p>`,
    renderAnswers(t.answers ?? []),
    ...transcript.messages.map((m) => renderMessage(m, transcript.names)),
    '</main></body></html>',
  ].join('');
}
