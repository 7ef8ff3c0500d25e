import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIModalInteractionResponseCallbackData,
  ButtonStyle,
  ComponentType,
  type RESTPostAPIChannelMessageJSONBody,
  TextInputStyle,
} from '@discordjs/core';
import { maxNameLength } from './room-spec.js';

/**
 * The voice panel's buttons and modals. Their custom ids carry no channel: the channel is the one
 * the presser is in, so one panel serves every temporary channel of the guild.
 */
export const voiceActions = [
  'voice-lock',
  'voice-unlock',
  'voice-hide',
  'voice-show',
  'voice-limit', // button → the limit modal
  'voice-rename', // button → the rename modal
  'voice-claim',
  'voice-limit-set', // limit modal submit
  'voice-rename-set', // rename modal submit
] as const;

/** One of the voice panel's actions. */
export type VoiceAction = (typeof voiceActions)[number];

/** The custom id of a voice panel action: `gw:voice-<action>`. */
export const voiceCustomId = (action: VoiceAction) => `gw:${action}`;

/** The action of a voice panel custom id; undefined for anything else. */
export function parseVoiceCustomId(raw: string): VoiceAction | undefined {
  const action = raw.startsWith('gw:') ? raw.slice(3) : '';
  return (voiceActions as readonly string[]).includes(action) ? (action as VoiceAction) : undefined;
}

/** Most members a voice channel's limit may be (Discord: 0–99, 0 = no limit). */
export const maxUserLimit = 99;

type ActionStyle = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success;

const button = (action: VoiceAction, label: string, style: ActionStyle): APIButtonComponent => ({
  type: ComponentType.Button,
  custom_id: voiceCustomId(action),
  label,
  style,
});

/** The panel message: what the buttons do, and the buttons (two rows; Discord allows five per row). */
export function voicePanelMessage(lobbyChannelId: string): RESTPostAPIChannelMessageJSONBody {
  const rows: APIActionRowComponent<APIButtonComponent>[] = [
    {
      type: ComponentType.ActionRow,
      components: [
        button('voice-lock', 'Lock', ButtonStyle.Secondary),
        button('voice-unlock', 'Unlock', ButtonStyle.Secondary),
        button('voice-hide', 'Hide', ButtonStyle.Secondary),
        button('voice-show', 'Show', ButtonStyle.Secondary),
      ],
    },
    {
      type: ComponentType.ActionRow,
      components: [
        button('voice-limit', 'Set limit', ButtonStyle.Primary),
        button('voice-rename', 'Rename', ButtonStyle.Primary),
        button('voice-claim', 'Claim', ButtonStyle.Success),
      ],
    },
  ];
  return {
    embeds: [
      {
        title: 'Your voice channel',
        description: [
          `Join <#${lobbyChannelId}> to get a voice channel of your own; it goes away when everyone has left.`,
          'While you are in it, these buttons manage it:',
          '**Lock / Unlock** — whether others can join',
          '**Hide / Show** — whether others can see it',
          `**Set limit** — most members (0 to ${maxUserLimit}, 0 = no limit)`,
          '**Rename** — its name',
          '**Claim** — take over a channel whose owner has left',
        ].join('\n'),
        color: 0x5865f2,
      },
    ],
    components: rows,
  };
}

/** The modal of "Set limit". */
export function limitModal(current: number): APIModalInteractionResponseCallbackData {
  return {
    custom_id: voiceCustomId('voice-limit-set'),
    title: 'Member limit',
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: 'limit',
            label: `Most members (0 to ${maxUserLimit}, 0 = no limit)`,
            style: TextInputStyle.Short,
            min_length: 1,
            max_length: 2,
            required: true,
            value: String(current),
          },
        ],
      },
    ],
  };
}

/** The modal of "Rename". */
export function renameModal(current: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: voiceCustomId('voice-rename-set'),
    title: 'Rename the channel',
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: 'name',
            label: 'Name',
            style: TextInputStyle.Short,
            min_length: 1,
            max_length: maxNameLength,
            required: true,
            ...(current === '' ? {} : { value: current.slice(0, maxNameLength) }),
          },
        ],
      },
    ],
  };
}
