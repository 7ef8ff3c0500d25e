import type { ApiUser } from '../state/types.js';
import type { AuthorizationRequest } from './oauth-store.js';

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => entities[c]!);

const hidden = (name: string, value: string | undefined) =>
  value === undefined ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;

/** The authorization request as the hidden fields of the consent form (posted back as they were). */
function requestFields(request: AuthorizationRequest): string {
  return [
    hidden('response_type', 'code'),
    hidden('client_id', request.clientId),
    hidden('redirect_uri', request.redirectUri),
    hidden('scope', request.scopes.join(' ')),
    hidden('state', request.state),
    hidden('code_challenge', request.codeChallenge),
    hidden('code_challenge_method', request.codeChallengeMethod),
  ].join('\n      ');
}

/**
 * Discord's consent screen, reduced to what a test or a demo needs: who signs in (the fake has no
 * passwords, so the person picks one of its users), the scopes asked for, Authorize and Cancel. A
 * test submits it as a plain form POST: the hidden fields, `user_id` and `action`.
 */
export function consentPage(
  appName: string,
  request: AuthorizationRequest,
  users: readonly ApiUser[],
): string {
  const options = users
    .map(
      (user, i) =>
        `<label><input type="radio" name="user_id" value="${user.id}"${i === 0 ? ' checked' : ''}> ${escapeHtml(
          user.global_name ?? user.username,
        )} <small>(${user.id})</small></label>`,
    )
    .join('<br>\n      ');
  const scopes = request.scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Authorize ${escapeHtml(appName)} – fake Discord</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}
button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem}</style></head>
<body>
  <h1>${escapeHtml(appName)} wants to access your account</h1>
  <p>This is the local <strong>fake Discord</strong>: pick the user to sign in as.</p>
  <form method="post" action="/oauth2/authorize">
      ${requestFields(request)}
      ${options}
      <p>It will be able to:</p><ul>${scopes}</ul>
      <button type="submit" name="action" value="authorize" id="authorize">Authorize</button>
      <button type="submit" name="action" value="cancel" id="cancel">Cancel</button>
  </form>
</body>
</html>`;
}

/** The page shown when the request cannot even be sent back to the client (unknown app, bad redirect). */
export function errorPage(message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Invalid OAuth2 request – fake Discord</title></head>
<body><h1>Invalid OAuth2 request</h1><p id="error">${escapeHtml(message)}</p></body></html>`;
}
