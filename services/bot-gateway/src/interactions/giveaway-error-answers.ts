import { CommandRejectedError } from '@guildwire/bus';
import { RequiredRolesMode, type Requirements } from '@guildwire/contracts';
import { formatDuration } from './durations.js';
import { commonErrorAnswer, detail, otherRejectionAnswer, somethingWentWrong } from './error-answers.js';
import type { Answer } from './responder.js';

const roles = (ids: readonly string[], join: 'or' | 'and') => {
  const mentions = ids.map((id) => `<@&${id}>`);
  return mentions.length <= 1
    ? (mentions[0] ?? 'a role')
    : `${mentions.slice(0, -1).join(', ')} ${join} ${mentions.at(-1)}`;
};

/**
 * Why a member may not enter, in their words. The giveaway service names the requirement
 * (`details.requirement`); the giveaway's requirements, when the bot knows them, say which roles
 * or how old.
 */
export function requirementSentence(requirement: unknown, r: Requirements | undefined): string {
  switch (requirement) {
    case 'required_roles':
      if (!r?.requiredRoleIds.length) return 'You do not have a role this giveaway requires.';
      return r.requiredRolesMode === RequiredRolesMode.ALL
        ? `To enter you need all of these roles: ${roles(r.requiredRoleIds, 'and')}.`
        : `To enter you need the role ${roles(r.requiredRoleIds, 'or')}.`;
    case 'excluded_roles':
      return r?.excludedRoleIds.length
        ? `Members with ${roles(r.excludedRoleIds, 'or')} cannot enter this giveaway.`
        : 'One of your roles cannot enter this giveaway.';
    case 'min_account_age':
      return r?.minAccountAgeMs
        ? `Your Discord account is too new to enter: it must be at least ${formatDuration(Number(r.minAccountAgeMs))} old.`
        : 'Your Discord account is too new to enter this giveaway.';
    case 'min_member_age':
      return r?.minMemberAgeMs
        ? `You joined this server too recently to enter: you must have been a member for at least ${formatDuration(Number(r.minMemberAgeMs))}.`
        : 'You joined this server too recently to enter this giveaway.';
    default:
      return 'You do not meet the requirements of this giveaway.';
  }
}

const statusSentence: Record<string, string> = {
  scheduled: 'This giveaway has not started yet.',
  paused: 'This giveaway is paused: entries are closed for now.',
  running: 'This giveaway has ended.', // running, but its end time has passed: the draw is under way
  ended: 'This giveaway has ended.',
  cancelled: 'This giveaway was cancelled.',
};

/**
 * What the member or manager reads when a giveaway action fails: a sentence, never "This
 * interaction failed". `requirements` (the giveaway's, when known) details a refused entry.
 */
export function giveawayErrorAnswer(err: unknown, requirements?: Requirements): Answer {
  const common = commonErrorAnswer(err, 'giveaway');
  if (common) return common;
  if (!(err instanceof CommandRejectedError)) return somethingWentWrong;
  switch (err.code) {
    case 'GIVEAWAY_ERR_NOT_ELIGIBLE':
      return { content: requirementSentence(detail(err, 'requirement'), requirements) };
    case 'GIVEAWAY_ERR_NOT_OPEN':
      return {
        content: statusSentence[String(detail(err, 'status'))] ?? 'This giveaway is not open for entries.',
      };
    case 'GIVEAWAY_ERR_WRONG_STATUS': {
      const status = String(detail(err, 'status') ?? 'in another state');
      return { content: `That is not possible: this giveaway is ${status}.` };
    }
    case 'GIVEAWAY_ERR_NOT_FOUND':
      return { content: 'This giveaway no longer exists.' };
    case 'GIVEAWAY_ERR_FORBIDDEN':
    case 'GW_ERR_FORBIDDEN':
      return { content: 'Only giveaway managers (admins or the manager roles) can do that.' };
    case 'GIVEAWAY_ERR_RUNNING_LIMIT': {
      const limit = detail(err, 'limit');
      return {
        content: `This server already runs the most giveaways allowed at once${typeof limit === 'number' ? ` (${limit})` : ''}. End or cancel one first.`,
      };
    }
    case 'GIVEAWAY_ERR_NO_ENTRANTS_LEFT':
      return { content: 'Nobody is left to draw: every entrant has already won.' };
    case 'GIVEAWAY_ERR_BEACON_UNAVAILABLE':
      return {
        content: "The draw's public randomness is not out yet; the giveaway ends by itself as soon as it is.",
      };
    default:
      return otherRejectionAnswer(err);
  }
}
