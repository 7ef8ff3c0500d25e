import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { ApiError } from '../api/api-error.js';
import { unwrap } from '../api/clients.js';
import type { GiveawayInput } from '../api/types.js';
import { useApp } from '../app-context.js';
import { useChannels, useRoles } from '../settings/discord-pickers.js';
import { ErrorBox } from '../ui/error-box.js';
import { useGuild } from '../ui/guild-layout.js';
import { daysToMs } from './giveaway-queries.js';

interface Bonus {
  roleId: string;
  entries: number;
}

const inAnHour = () => {
  const d = new Date(Date.now() + 3_600_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** Creates a giveaway: prize, winners, channel, end, requirements and bonus entries per role. */
export function GiveawayForm({ onDone }: { onDone: () => void }) {
  const { api } = useApp();
  const guild = useGuild();
  const [, navigate] = useLocation();
  const channels = useChannels(guild.id);
  const roles = useRoles(guild.id);
  const roleChoices = (roles.data ?? []).filter((r) => r.id !== guild.id && !r.managed);
  const [prize, setPrize] = useState('');
  const [description, setDescription] = useState('');
  const [winnerCount, setWinnerCount] = useState(1);
  const [channelId, setChannelId] = useState('');
  const [endsAt, setEndsAt] = useState(inAnHour);
  const [requiredRoleIds, setRequired] = useState<string[]>([]);
  const [mode, setMode] = useState<'any' | 'all'>('any');
  const [excludedRoleIds, setExcluded] = useState<string[]>([]);
  const [accountDays, setAccountDays] = useState(0);
  const [memberDays, setMemberDays] = useState(0);
  const [bonus, setBonus] = useState<Bonus[]>([]);
  const create = useMutation({
    mutationFn: async () => {
      const body: GiveawayInput = {
        prize,
        winnerCount,
        endsAt: new Date(endsAt).toISOString(),
        ...(description === '' ? {} : { description }),
        ...(channelId === '' ? {} : { channelId }),
        requirements: {
          requiredRoleIds,
          requiredRolesMode: mode,
          excludedRoleIds,
          minAccountAgeMs: daysToMs(accountDays),
          minMemberAgeMs: daysToMs(memberDays),
        },
        bonusEntries: bonus.filter((b) => b.roleId !== ''),
      };
      return unwrap(
        await api.giveaways.POST('/v1/guilds/{guildId}/giveaways', {
          params: { path: { guildId: guild.id } },
          body,
        }),
      );
    },
    onSuccess: (reply) => {
      onDone();
      if (reply.giveaway) navigate(`/g/${guild.id}/giveaways/${reply.giveaway.id}`);
    },
  });
  const errors =
    create.error instanceof ApiError
      ? new Map(create.error.fieldErrors.map((f) => [f.field, f.message]))
      : new Map<string, string>();
  const err = (pointer: string) =>
    errors.has(pointer) ? <span className="field-error">{errors.get(pointer)}</span> : null;
  const multi = (value: string[], set: (v: string[]) => void, label: string) => (
    <select
      multiple
      aria-label={label}
      value={value}
      onChange={(e) => set([...e.target.selectedOptions].map((o) => o.value))}
    >
      {roleChoices.map((r) => (
        <option key={r.id} value={r.id}>
          @{r.name}
        </option>
      ))}
    </select>
  );
  return (
    <form
      className="form card"
      data-testid="giveaway-form"
      data-state={create.status}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <h2>New giveaway</h2>
      <label>
        Prize
        <input name="prize" value={prize} onChange={(e) => setPrize(e.target.value)} />
        {err('/prize')}
      </label>
      <label>
        Description
        <textarea name="description" value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <label>
        Winners
        <input
          name="winnerCount"
          type="number"
          value={winnerCount}
          onChange={(e) => setWinnerCount(Number(e.target.value))}
        />
        {err('/winnerCount')}
      </label>
      <label>
        Channel
        <select name="channelId" value={channelId} onChange={(e) => setChannelId(e.target.value)}>
          <option value="">— the guild's default —</option>
          {(channels.data ?? [])
            .filter((c) => c.type === 0 || c.type === 5)
            .map((c) => (
              <option key={c.id} value={c.id}>
                #{c.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        Ends
        <input
          name="endsAt"
          type="datetime-local"
          value={endsAt}
          onChange={(e) => setEndsAt(e.target.value)}
        />
        {err('/endsAt')}
      </label>
      <fieldset className="group">
        <legend>Requirements</legend>
        <div className="field">Required roles {multi(requiredRoleIds, setRequired, 'Required roles')}</div>
        <label>
          Required roles mode
          <select value={mode} onChange={(e) => setMode(e.target.value as 'any' | 'all')}>
            <option value="any">any of them</option>
            <option value="all">all of them</option>
          </select>
        </label>
        <div className="field">Excluded roles {multi(excludedRoleIds, setExcluded, 'Excluded roles')}</div>
        <label>
          Account at least (days old)
          <input
            type="number"
            min={0}
            value={accountDays}
            onChange={(e) => setAccountDays(Number(e.target.value))}
          />
        </label>
        <label>
          Member for at least (days)
          <input
            type="number"
            min={0}
            value={memberDays}
            onChange={(e) => setMemberDays(Number(e.target.value))}
          />
        </label>
      </fieldset>
      <fieldset className="group">
        <legend>Bonus entries</legend>
        {bonus.map((b, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
          <div className="inline" key={i}>
            <select
              aria-label="Bonus role"
              value={b.roleId}
              onChange={(e) =>
                setBonus(bonus.map((x, j) => (j === i ? { ...x, roleId: e.target.value } : x)))
              }
            >
              <option value="">— role —</option>
              {roleChoices.map((r) => (
                <option key={r.id} value={r.id}>
                  @{r.name}
                </option>
              ))}
            </select>
            <input
              aria-label="Extra entries"
              type="number"
              min={1}
              value={b.entries}
              onChange={(e) =>
                setBonus(bonus.map((x, j) => (j === i ? { ...x, entries: Number(e.target.value) } : x)))
              }
            />
            <button type="button" className="link" onClick={() => setBonus(bonus.filter((_, j) => j !== i))}>
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => setBonus([...bonus, { roleId: '', entries: 1 }])}
        >
          Add a bonus
        </button>
        {err('/bonusEntries')}
      </fieldset>
      {create.isError ? <ErrorBox error={create.error} /> : null}
      <div className="actions">
        <button type="submit" disabled={create.isPending || prize.trim() === ''}>
          Start giveaway
        </button>
        <button type="button" className="link" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
