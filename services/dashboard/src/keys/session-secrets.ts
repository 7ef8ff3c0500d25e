import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Keys derived from DASHBOARD_SESSION_SECRET, one per use, so no key serves two purposes. */
export interface SessionSecrets {
  /** Signs the login cookie (state, PKCE verifier, return path). */
  readonly cookieSecret: string;
  /** Encrypts a session's Discord tokens at rest. */
  readonly tokenBox: SecretBox;
  /** True when the secret was made at start (development). */
  readonly generated: boolean;
}

/** Authenticated encryption of small strings (AES-256-GCM; iv ‖ tag ‖ ciphertext). */
export interface SecretBox {
  seal(plaintext: string): Buffer;
  /** The plaintext, or throws when the box was not sealed with this key or was altered. */
  open(sealed: Uint8Array): string;
}

const derive = (secret: string, use: string) =>
  Buffer.from(hkdfSync('sha256', secret, 'guildwire-dashboard', use, 32));

function secretBox(key: Buffer): SecretBox {
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      const bytes = Buffer.from(sealed);
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** The session secrets from DASHBOARD_SESSION_SECRET, or from a random one when it is empty. */
export function sessionSecrets(secret: string): SessionSecrets {
  const generated = secret === '';
  const root = generated ? randomBytes(32).toString('base64url') : secret;
  return {
    cookieSecret: derive(root, 'login cookie').toString('base64url'),
    tokenBox: secretBox(derive(root, 'discord tokens')),
    generated,
  };
}
