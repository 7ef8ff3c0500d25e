import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../api/clients.js';
import type { ModuleSettings } from '../api/types.js';
import { useApp } from '../app-context.js';
import { keys } from '../live/query-keys.js';
import { ErrorBox, Loading } from '../ui/error-box.js';
import { dateTime, user } from '../ui/format.js';
import { useGuild } from '../ui/guild-layout.js';
import { showToast } from '../ui/toasts.js';

const show = (value: unknown) => (value === null || value === undefined ? '∅' : JSON.stringify(value));

/** Who changed what and when, each version's field diff, and a rollback to any earlier version. */
export function SettingsHistory({
  module,
  currentVersion,
  canRollback,
  onRolledBack,
}: {
  module: string;
  currentVersion: number;
  canRollback: boolean;
  onRolledBack: (settings: ModuleSettings) => void;
}) {
  const { api, session } = useApp();
  const guild = useGuild();
  const client = useQueryClient();
  const history = useQuery({
    queryKey: keys.settingsHistory(guild.id, module),
    queryFn: async () =>
      unwrap(
        await api.config.GET('/v1/guilds/{guildId}/settings/{module}/history', {
          params: { path: { guildId: guild.id, module }, query: { limit: 20 } },
        }),
      ),
  });
  const rollback = useMutation({
    mutationFn: async (toVersion: number) =>
      unwrap(
        await api.config.POST('/v1/guilds/{guildId}/settings/{module}/rollback', {
          params: { path: { guildId: guild.id, module }, header: { 'if-match': `"${currentVersion}"` } },
          body: { toVersion, reason: `rollback to version ${toVersion} from the dashboard` },
        }),
      ),
    onSuccess: (reply) => {
      const settings = reply.settings as ModuleSettings;
      client.setQueryData(keys.settings(guild.id, module), settings);
      void client.invalidateQueries({ queryKey: keys.settingsHistory(guild.id, module) });
      onRolledBack(settings);
      showToast(`Rolled back: now version ${settings.version}`, 'success');
    },
    onError: (error) => showToast(error.message, 'error'),
  });
  return (
    <aside className="history-panel" aria-label="History" data-testid="settings-history">
      <h2>History</h2>
      {history.isPending ? <Loading what="the history" /> : null}
      {history.isError ? <ErrorBox error={history.error} onRetry={() => void history.refetch()} /> : null}
      {history.data?.versions.length === 0 ? (
        <p className="muted">Never changed: every field has its default.</p>
      ) : null}
      <ol className="versions">
        {history.data?.versions.map((v) => {
          const version = v.settings?.version ?? 0;
          return (
            <li key={version} className="card" data-version={version}>
              <strong>Version {version}</strong> <span className="muted">{v.kind}</span>
              <div className="when">
                {dateTime(v.settings?.updatedAt)} by {user(v.settings?.updatedBy, session.current.user.id)}
                {v.reason ? ` — ${v.reason}` : ''}
              </div>
              <ul className="diff">
                {v.changes.map((c) => (
                  <li key={c.path}>
                    {c.path}: <span className="before">{show(c.before)}</span> →{' '}
                    <span className="after">{show(c.after)}</span>
                  </li>
                ))}
              </ul>
              {canRollback && version !== currentVersion ? (
                <button
                  type="button"
                  className="secondary"
                  disabled={rollback.isPending}
                  onClick={() => rollback.mutate(version)}
                >
                  Roll back to this version
                </button>
              ) : null}
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
