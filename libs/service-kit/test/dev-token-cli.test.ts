import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { createTokenVerifier, exportSigningKey, generateSigningKey } from '../src/index.js';
import { auth, secret } from './fixtures/service.js';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../bin/dev-token.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

t.test('dev-token cli – prints a token the services accept', async (t) => {
  const { stdout } = await run(
    tsx,
    [cli, '--sub', '123', '--guild', '4242=admin', '--guild', '99=member', '--ttl', '900'],
    {
      env: { PATH: process.env.PATH, JWT_SECRET: secret },
    },
  );
  const claims = await createTokenVerifier(auth)(stdout.trim());
  t.same(claims.guilds, { '4242': 'admin', '99': 'member' });
  t.equal(claims.sub, '123');
  t.equal(claims.exp - claims.iat, 900);
});

t.test('dev-token cli – a bad role or missing secret exits 2 with a message', async (t) => {
  await t.rejects(
    run(tsx, [cli, '--sub', '1', '--guild', '5=owner'], {
      env: { PATH: process.env.PATH, JWT_SECRET: secret },
    }),
    {
      code: 2,
      stderr: /role must be one of/,
    },
  );
  await t.rejects(run(tsx, [cli, '--sub', '1'], { env: { PATH: process.env.PATH } }), {
    code: 2,
    stderr: /JWT_SECRET is not set/,
  });
});

t.test(
  'dev-token cli – --key signs with a private key (PEM, or the launcher key file) that JWKS verifiers accept',
  async (t) => {
    const key = generateSigningKey();
    const dir = t.testdir({
      'key.pem': key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      'dashboard-keys.json': JSON.stringify({
        signingKey: exportSigningKey(key),
        sessionSecret: 'x'.repeat(43),
      }),
    });
    for (const file of ['key.pem', 'dashboard-keys.json']) {
      const { stdout } = await run(
        tsx,
        [cli, '--sub', '7', '--guild', '4242=staff', '--key', join(dir, file)],
        {
          env: { PATH: process.env.PATH },
        },
      );
      const [header] = stdout.trim().split('.');
      t.match(JSON.parse(Buffer.from(header!, 'base64url').toString()), { alg: 'EdDSA', kid: key.kid }, file);
    }
    await t.rejects(
      run(tsx, [cli, '--sub', '1', '--key', join(dir, 'missing.pem')], { env: { PATH: process.env.PATH } }),
      {
        code: 2,
        stderr: /--key .*missing\.pem/,
      },
    );
  },
);
