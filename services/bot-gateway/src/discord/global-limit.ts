import { DefaultRestOptions, type RESTOptions } from '@discordjs/rest';
import pThrottle from 'p-throttle';

/** Discord's global limit per bot token (https://discord.com/developers/docs/topics/rate-limits#global-rate-limit). */
export const globalRequestsPerSecond = 50;

/**
 * @discordjs/rest's own global limiter counts fixed one-second windows from the first request of
 * each: a burst at the end of one window and another at the start of the next put up to twice the
 * limit into one second. This one is a sliding window (p-throttle's strict mode) over every attempt
 * this replica sends, retries included; its window is `marginMs` longer than a second so that
 * requests arriving a little late at Discord still fit.
 *
 * Interaction answers (`/interactions/:id/:token/callback`) and token webhooks (an interaction's
 * follow-ups and edits, `/webhooks/:id/:token…`) are not bound to the global limit (Discord's rate
 * limit documentation; @discordjs/rest sends callbacks outside it too) and pass at once: a burst of
 * 200 button presses must be answered within 3 s, not queued behind 50 per second.
 */
export function throttledRequests(
  perSecond = globalRequestsPerSecond,
  marginMs = 100,
): RESTOptions['makeRequest'] {
  const throttle = pThrottle({ limit: perSecond, interval: 1000 + marginMs, strict: true });
  const throttled = throttle((...args: Parameters<RESTOptions['makeRequest']>) =>
    DefaultRestOptions.makeRequest(...args),
  );
  return (url, init) =>
    outsideGlobalLimit(url) ? DefaultRestOptions.makeRequest(url, init) : throttled(url, init);
}

const interactionCallback = /\/interactions\/\d+\/[^/]+\/callback(?:\?|$)/;
const tokenWebhook = /\/webhooks\/\d+\/[^/?]+/;

/** Requests Discord does not count against the bot's global limit. */
export function outsideGlobalLimit(url: string): boolean {
  return interactionCallback.test(url) || tokenWebhook.test(url);
}
