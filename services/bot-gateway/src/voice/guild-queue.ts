/**
 * Runs tasks one after another per guild, in the order they were queued: voice states of one guild
 * are applied in dispatch order, and a panel button never interleaves with them. Guilds run in
 * parallel.
 */
export interface GuildQueue {
  run<T>(guildId: string, task: () => Promise<T>): Promise<T>;
  /** Settles when every queued task has. */
  drain(): Promise<void>;
}

/** Creates a per-guild queue. */
export function createGuildQueue(): GuildQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(guildId, task) {
      const previous = tails.get(guildId) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.catch(() => undefined);
      tails.set(guildId, tail);
      void tail.then(() => {
        if (tails.get(guildId) === tail) tails.delete(guildId);
      });
      return result;
    },
    async drain() {
      while (tails.size > 0) await Promise.allSettled([...tails.values()]);
    },
  };
}
