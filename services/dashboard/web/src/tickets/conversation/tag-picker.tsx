import { roleAtLeast } from '@guildwire/contracts';
import { useTags } from '../../tags/use-tags.js';
import { useGuild } from '../../ui/guild-layout.js';

/**
 * "Insert a tag": staff pick one of the guild's canned replies and its content goes into the reply
 * box, to send as is or edit first (it is sent as an ordinary reply). Members see nothing: the tags
 * are staff's.
 */
export function TagPicker({ onPick }: { onPick: (content: string) => void }) {
  const guild = useGuild();
  const staff = roleAtLeast(guild.role, 'staff');
  const tags = useTags(guild.id, staff);
  if (!staff || !tags.data || tags.data.length === 0) return null;
  return (
    <label className="tag-picker">
      Insert a tag
      <select
        name="tag"
        data-testid="tag-picker"
        value=""
        onChange={(e) => {
          const tag = tags.data.find((t) => t.id === e.target.value);
          if (tag) onPick(tag.content);
        }}
      >
        <option value="">— choose —</option>
        {tags.data.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </label>
  );
}
