import { isSettingsModuleName, roleAtLeast, settingsModules } from '@guildwire/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'wouter';
import { ApiError } from '../api/api-error.js';
import { unwrap } from '../api/clients.js';
import type { ModuleSettings } from '../api/types.js';
import { useApp } from '../app-context.js';
import { keys } from '../live/query-keys.js';
import { ErrorBox, Loading } from '../ui/error-box.js';
import { user } from '../ui/format.js';
import { useGuild } from '../ui/guild-layout.js';
import { showToast } from '../ui/toasts.js';
import { useChannels, useRoles } from './discord-pickers.js';
import { type FieldSchema, ObjectFields } from './schema-form.js';
import { SettingsHistory } from './settings-history.js';

const moduleNames = Object.keys(settingsModules) as (keyof typeof settingsModules)[];

/**
 * Settings of each config module: a form generated from the module's schema, Discord pickers from
 * the bot's lists, the server's field errors at their fields, and the history with rollback. Staff
 * read; admins write. A change made elsewhere arrives as `config.updated` and replaces the form's
 * base version (the form keeps what the person typed, and says the base moved).
 */
export default function SettingsPage() {
  const params = useParams<{ module?: string }>();
  const guild = useGuild();
  const module = params.module && isSettingsModuleName(params.module) ? params.module : 'tickets';
  return (
    <section className="settings">
      <h1>Settings</h1>
      <nav className="tabs" aria-label="Modules">
        {moduleNames.map((name) => (
          <Link
            key={name}
            href={`/g/${guild.id}/settings/${name}`}
            className={name === module ? 'active' : undefined}
          >
            {settingsModules[name].title}
          </Link>
        ))}
      </nav>
      <ModuleSettingsForm key={module} module={module} />
    </section>
  );
}

function ModuleSettingsForm({ module }: { module: keyof typeof settingsModules }) {
  const { api, session } = useApp();
  const guild = useGuild();
  const client = useQueryClient();
  const definition = settingsModules[module];
  const admin = roleAtLeast(guild.role, 'admin');
  const channels = useChannels(guild.id);
  const roles = useRoles(guild.id);
  const query = useQuery({
    queryKey: keys.settings(guild.id, module),
    queryFn: async () =>
      unwrap(
        await api.config.GET('/v1/guilds/{guildId}/settings/{module}', {
          params: { path: { guildId: guild.id, module } },
        }),
      ),
  });
  const [draft, setDraft] = useState<Record<string, unknown> | undefined>();
  const [baseVersion, setBaseVersion] = useState<number | undefined>();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [formError, setFormError] = useState<unknown>();
  // The form starts from the fetched settings, and again after a save or a rollback.
  useEffect(() => {
    if (query.data && draft === undefined) {
      setDraft(structuredClone(query.data.settings ?? {}));
      setBaseVersion(query.data.version);
    }
  }, [query.data, draft]);

  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.config.PUT('/v1/guilds/{guildId}/settings/{module}', {
          params: {
            path: { guildId: guild.id, module },
            query: reason.trim() === '' ? {} : { reason: reason.trim() },
            header: { 'if-match': `"${baseVersion}"` },
          },
          body: draft ?? {},
        }),
      ),
    onMutate: () => {
      setErrors(new Map());
      setFormError(undefined);
    },
    onSuccess: (reply) => {
      const settings = reply.settings as ModuleSettings;
      client.setQueryData<ModuleSettings>(keys.settings(guild.id, module), (current) =>
        current && current.version >= settings.version ? current : settings,
      );
      void client.invalidateQueries({ queryKey: keys.settingsHistory(guild.id, module) });
      setDraft(structuredClone(settings.settings ?? {}));
      setBaseVersion(settings.version);
      setReason('');
      showToast(`Saved: ${definition.title} version ${settings.version}`, 'success');
    },
    onError: (error) => {
      if (error instanceof ApiError && error.fieldErrors.length > 0)
        setErrors(new Map(error.fieldErrors.map((f) => [f.field, f.message])));
      setFormError(error);
    },
  });

  const ctx = useMemo(
    () => ({ guildId: guild.id, channels: channels.data, roles: roles.data, errors, readOnly: !admin }),
    [guild.id, channels.data, roles.data, errors, admin],
  );
  if (query.isPending || draft === undefined)
    return query.isError ? (
      <ErrorBox error={query.error} onRetry={() => void query.refetch()} />
    ) : (
      <Loading what="the settings" />
    );
  const current = query.data;
  const moved = current !== undefined && baseVersion !== undefined && current.version !== baseVersion;
  return (
    <div className="grid-2">
      <form
        className="form card"
        noValidate
        data-testid="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <p className="hint">
          {definition.description} Version {baseVersion}
          {current?.updatedBy ? `, last changed by ${user(current.updatedBy, session.current.user.id)}` : ''}.
        </p>
        {channels.isError || roles.isError ? (
          <ErrorBox
            error={channels.error ?? roles.error}
            onRetry={() => {
              void channels.refetch();
              void roles.refetch();
            }}
          />
        ) : null}
        {moved ? (
          <div className="conflict" role="alert" data-testid="conflict">
            Changed by someone else (now version {current.version}) — reload.{' '}
            <button
              type="button"
              onClick={() => {
                setDraft(structuredClone(current.settings ?? {}));
                setBaseVersion(current.version);
                setErrors(new Map());
              }}
            >
              Reload
            </button>
          </div>
        ) : null}
        <ObjectFields
          schema={definition.schema as FieldSchema}
          value={draft}
          pointer=""
          onChange={setDraft}
          ctx={ctx}
        />
        {formError && !(formError instanceof ApiError && formError.fieldErrors.length > 0) ? (
          <ErrorBox error={formError} />
        ) : null}
        {formError instanceof ApiError && formError.fieldErrors.length > 0 ? (
          <p className="field-error" role="alert">
            Some fields need a change (marked above).
          </p>
        ) : null}
        {admin ? (
          <div className="actions">
            <input
              aria-label="Reason for the change"
              placeholder="reason (optional)"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <button type="submit" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save'}
            </button>
          </div>
        ) : (
          <p className="muted">Only admins change settings.</p>
        )}
      </form>
      <SettingsHistory
        module={module}
        currentVersion={current?.version ?? 0}
        canRollback={admin}
        onRolledBack={(settings) => {
          setDraft(structuredClone(settings.settings ?? {}));
          setBaseVersion(settings.version);
        }}
      />
    </div>
  );
}
