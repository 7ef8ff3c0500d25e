import { x } from '@guildwire/contracts';
export const y: number = x + 1;
