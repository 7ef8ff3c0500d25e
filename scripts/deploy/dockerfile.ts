// A reader of Dockerfile and .dockerignore enough for the image test: stages, their instructions
// with flags, and whether a path of the build context is ignored. No Docker engine needed.

/** One instruction: `COPY --from=build /a ./b` → { op: 'COPY', flags: { from: 'build' }, args: ['/a', './b'] }. */
export interface Instruction {
  readonly op: string;
  readonly flags: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  /** The instruction's text after the op and flags, as written (continuations joined). */
  readonly text: string;
  /** CMD/ENTRYPOINT/RUN in exec form (a JSON array). */
  readonly exec?: readonly string[];
}

/** A build stage: `FROM <from> AS <name>`. */
export interface Stage {
  readonly name: string;
  readonly from: string;
  readonly instructions: readonly Instruction[];
}

/** Splits a Dockerfile into stages (an unnamed stage is named by its index). */
export function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (current === '' && (line.trimStart().startsWith('#') || line.trim() === '')) continue;
    if (line.trimStart().startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push((current + line).trim());
    current = '';
  }
  if (current.trim() !== '') logical.push(current.trim());

  const stages: Array<{ name: string; from: string; instructions: Instruction[] }> = [];
  for (const line of logical) {
    const [op = '', ...rest] = line.split(/\s+/);
    const upper = op.toUpperCase();
    let body = line.slice(op.length).trim();
    const flags: Record<string, string> = {};
    for (;;) {
      const flag = /^--([a-z-]+)(?:=(\S+))?\s*/.exec(body);
      if (flag === null || upper === 'RUN' || upper === 'CMD' || upper === 'ENTRYPOINT') break;
      flags[flag[1]!] = flag[2] ?? 'true';
      body = body.slice(flag[0].length);
    }
    if (upper === 'FROM') {
      const words = rest.filter((w) => !w.startsWith('--'));
      const as = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({
        from: words[0] ?? '',
        name: as === -1 ? String(stages.length) : (words[as + 1] ?? String(stages.length)),
        instructions: [],
      });
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) continue; // ARG before the first FROM
    let exec: string[] | undefined;
    if (body.startsWith('[')) {
      try {
        exec = JSON.parse(body) as string[];
      } catch {
        exec = undefined;
      }
    }
    stage.instructions.push({
      op: upper,
      flags,
      args: body.split(/\s+/).filter((a) => a !== ''),
      text: body,
      ...(exec ? { exec } : {}),
    });
  }
  return stages;
}

/** The value ENV sets for `name` in a stage, or undefined (`ENV A=1 B=2` and `ENV A 1` forms). */
export function envOf(stage: Stage, name: string): string | undefined {
  let value: string | undefined;
  for (const i of stage.instructions.filter((x) => x.op === 'ENV')) {
    if (!i.text.includes('=')) {
      if (i.args[0] === name) value = i.args.slice(1).join(' ');
      continue;
    }
    for (const pair of i.args) {
      const eq = pair.indexOf('=');
      if (pair.slice(0, eq) === name) value = pair.slice(eq + 1);
    }
  }
  return value;
}

/** A .dockerignore pattern as a regular expression over context-relative paths. */
function patternToRegExp(pattern: string): RegExp {
  const p = pattern.replace(/^\/+/, '').replace(/\/+$/, '');
  let source = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*' && p[i + 1] === '*') {
      source += p[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += p[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Whether `path` (relative to the context) is excluded by .dockerignore `text`: it or a parent matches. */
export function isDockerIgnored(text: string, path: string): boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) =>
      l.startsWith('!')
        ? { negate: true, re: patternToRegExp(l.slice(1)) }
        : { negate: false, re: patternToRegExp(l) },
    );
  const parts = path.replace(/^\.\//, '').replace(/\/+$/, '').split('/');
  let ignored = false;
  for (const rule of rules) {
    for (let n = 1; n <= parts.length; n++) {
      if (rule.re.test(parts.slice(0, n).join('/'))) ignored = !rule.negate;
    }
  }
  return ignored;
}
