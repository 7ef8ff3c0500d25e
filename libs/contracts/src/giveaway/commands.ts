import {
  CreateGiveawayRequestSchema,
  EditGiveawayRequestSchema,
  EnterGiveawayRequestSchema,
  EntrantsPageReplySchema,
  EntryReplySchema,
  GetGiveawayRequestSchema,
  GiveawayActionRequestSchema,
  GiveawayDetailsReplySchema,
  GiveawayPageReplySchema,
  GiveawayReplySchema,
  GiveawayStatsReplySchema,
  GiveawayStatsRequestSchema,
  LeaveGiveawayRequestSchema,
  ListEntrantsRequestSchema,
  ListGiveawaysRequestSchema,
  RerollGiveawayRequestSchema,
  SetGiveawayMessageRequestSchema,
} from '../gen/guildwire/giveaway/v1/commands_pb.js';
import { defineCommand } from '../registry/define-command.js';

const action = (verb: string) =>
  defineCommand('giveaway', verb, GiveawayActionRequestSchema, GiveawayReplySchema);

/** Commands served by the giveaway service on `cmd.giveaway.*`. */
export const giveawayCommands = {
  create: defineCommand('giveaway', 'create', CreateGiveawayRequestSchema, GiveawayReplySchema),
  edit: defineCommand('giveaway', 'edit', EditGiveawayRequestSchema, GiveawayReplySchema),
  pause: action('pause'),
  resume: action('resume'),
  end: action('end'),
  cancel: action('cancel'),
  reroll: defineCommand('giveaway', 'reroll', RerollGiveawayRequestSchema, GiveawayReplySchema),
  setMessage: defineCommand('giveaway', 'set_message', SetGiveawayMessageRequestSchema, GiveawayReplySchema),
  enter: defineCommand('giveaway', 'enter', EnterGiveawayRequestSchema, EntryReplySchema),
  leave: defineCommand('giveaway', 'leave', LeaveGiveawayRequestSchema, EntryReplySchema),
  get: defineCommand('giveaway', 'get', GetGiveawayRequestSchema, GiveawayDetailsReplySchema),
  list: defineCommand('giveaway', 'list', ListGiveawaysRequestSchema, GiveawayPageReplySchema),
  entrants: defineCommand('giveaway', 'entrants', ListEntrantsRequestSchema, EntrantsPageReplySchema),
  stats: defineCommand('giveaway', 'stats', GiveawayStatsRequestSchema, GiveawayStatsReplySchema),
} as const;
