import { readdirSync, readFileSync } from 'node:fs';

const ticksPerSecond = 100; // USER_HZ on Linux

/** Command name and CPU seconds (user + system) of process `pid`, or undefined once it is gone. */
function procStat(pid: number | string): { name: string; cpuSeconds: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited, or not Linux
  }
  const close = stat.lastIndexOf(')');
  // Fields after the command name; utime and stime are the 12th and 13th of them.
  const fields = stat.slice(close + 2).split(' ');
  return {
    name: stat.slice(stat.indexOf('(') + 1, close),
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond,
  };
}

/** CPU seconds used so far by every process whose command name is in `names`. */
export function processCpuSeconds(names: readonly string[]): Record<string, number> {
  const totals: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return totals; // not Linux: no breakdown
  }
  for (const pid of pids) {
    const stat = procStat(pid);
    if (stat !== undefined && stat.name in totals) totals[stat.name]! += stat.cpuSeconds;
  }
  return totals;
}

/** CPU seconds used so far by process `pid` (0 when it cannot be read). */
export function pidCpuSeconds(pid: number): number {
  return procStat(pid)?.cpuSeconds ?? 0;
}

/** Node's own CPU seconds. */
export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** CPU seconds used so far by this process, by every postgres process and by nats-server. */
export function stackCpuSeconds(): { self: number; postgres: number; nats: number } {
  const others = processCpuSeconds(['postgres', 'nats-server']);
  return { self: selfCpuSeconds(), postgres: others.postgres ?? 0, nats: others['nats-server'] ?? 0 };
}
