import type {
  ApiChannel,
  ApiCommand,
  ApiMessage,
  ApiRole,
  ApiUser,
  InteractionRecord,
  MemberRecord,
  ReactionRecord,
  VoiceStateRecord,
} from './types.js';

/** A guild as the fake keeps it: its own fields plus roles and members by id. */
export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  roles: Map<string, ApiRole>;
  members: Map<string, MemberRecord>;
}

/** A REST request the bot made, with the status it got. */
export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  /** When the request arrived (ms since the epoch, fractional): what a rate limit counts. */
  receivedAt: number;
  /** When it was answered. */
  at: number;
}

/** The whole in-memory state of one fake Discord server. */
export interface Store {
  users: Map<string, ApiUser>;
  guilds: Map<string, GuildRecord>;
  /** Guild channels and threads by id. */
  channels: Map<string, ApiChannel>;
  /** Thread member user ids by thread id. */
  threadMembers: Map<string, Set<string>>;
  /** Messages by id, in creation order. */
  messages: Map<string, ApiMessage>;
  /** Reactions by message id. */
  reactions: Map<string, ReactionRecord[]>;
  globalCommands: Map<string, ApiCommand>;
  guildCommands: Map<string, Map<string, ApiCommand>>;
  interactions: Map<string, InteractionRecord>;
  /** Connected members' voice states, by guild id then user id (absent = not connected). */
  voiceStates: Map<string, Map<string, VoiceStateRecord>>;
  /** Every REST request the bot made, oldest first. */
  requests: RequestRecord[];
}

/** Creates an empty store. */
export function createStore(): Store {
  return {
    users: new Map(),
    guilds: new Map(),
    channels: new Map(),
    threadMembers: new Map(),
    messages: new Map(),
    reactions: new Map(),
    globalCommands: new Map(),
    guildCommands: new Map(),
    interactions: new Map(),
    voiceStates: new Map(),
    requests: [],
  };
}
