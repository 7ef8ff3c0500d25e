const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => entities[c]!);

const shell = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
code,pre{background:#f3f3f3;padding:.1rem .3rem}</style></head>
<body>${body}</body></html>`;

/** The page a failed sign-in shows: what happened and the way back in. */
export function errorPage(status: number, message: string): string {
  return shell(
    'Sign-in failed – Guildwire',
    `<h1>Sign-in failed</h1><p id="error" data-status="${status}">${escapeHtml(message)}</p>
<p><a href="/auth/login">Sign in with Discord again</a></p>`,
  );
}

/**
 * What `/` shows while the web app is not built: how to build it, and a sign-in that works
 * already (the page asks /auth/token and lists the guilds it grants).
 */
export function notBuiltPage(): string {
  return shell(
    'Guildwire dashboard',
    `<h1>Guildwire dashboard</h1>
<p>The web app is not built here. Build it and point <code>DASHBOARD_STATIC_DIR</code> at its
<code>dist/</code> folder (<code>npm start</code> does so when <code>services/dashboard/web/dist</code> exists).</p>
<p>Signing in works without it: <a id="login" href="/auth/login">Sign in with Discord</a> ·
<a href="#" id="logout">Sign out</a></p>
<pre id="session">Not signed in.</pre>
<script type="module">
const show = (text) => { document.getElementById('session').textContent = text; };
const res = await fetch('/auth/token', { method: 'POST' });
const body = await res.json().catch(() => ({}));
if (res.ok) show(\`Signed in as \${body.user.username} (\${body.user.id}).\\n\` +
  body.guilds.map((g) => \`\${g.role.padEnd(7)} \${g.name} (\${g.id})\`).join('\\n') +
  \`\\n\\nAccess token (expires \${body.expiresAt}):\\n\${body.accessToken}\`);
else if (res.status !== 401) show(body.error?.message ?? 'The session could not be read.');
document.getElementById('logout').onclick = async (e) => {
  e.preventDefault(); await fetch('/auth/logout', { method: 'POST' }); show('Signed out.');
};
</script>`,
  );
}
