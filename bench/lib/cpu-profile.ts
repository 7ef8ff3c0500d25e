/**
 * With BENCH_PROFILE_DIR set, a server process records a CPU profile (`--cpu-prof` is not allowed
 * in NODE_OPTIONS) from start for BENCH_PROFILE_MS and writes `<label>-<pid>.cpuprofile` there
 * (made if missing). The window must end before the bench stops the process: a one-step run
 * (BENCH_TARGETS=150000 BENCH_ONLY_1K=1 BENCH_SKIP_PEERS=1) needs BENCH_PROFILE_MS ≈ 6500.
 */
export async function profileIfAsked(label: string) {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (dir === undefined || dir === '') return;
  const { Session } = await import('node:inspector/promises');
  const { mkdir, writeFile } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  setTimeout(
    async () => {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(`${dir}/${label}-${process.pid}.cpuprofile`, JSON.stringify(profile));
    },
    Number(process.env.BENCH_PROFILE_MS ?? 30_000),
  ).unref();
}
