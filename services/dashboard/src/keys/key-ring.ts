import { ConfigError, generateSigningKey, parseSigningKey, type SigningKey } from '@guildwire/service-kit';

/** The keys of the dashboard: the current one signs, every one is published in the JWKS. */
export interface KeyRing {
  readonly current: SigningKey;
  /** Current first, then the previous key during a rotation. */
  readonly published: readonly SigningKey[];
  /** True when the current key was made at start (development: tokens die with the process). */
  readonly generated: boolean;
}

function parse(variable: string, text: string): SigningKey {
  try {
    return parseSigningKey(text);
  } catch (err) {
    throw new ConfigError(`${variable}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Loads DASHBOARD_SIGNING_KEY and DASHBOARD_PREVIOUS_SIGNING_KEY (PEM or JWK). Without a signing key
 * one is generated: fine for one development process, wrong for replicas (each would sign with its
 * own key and publish only that one).
 */
export function loadKeyRing(config: {
  readonly DASHBOARD_SIGNING_KEY: string;
  readonly DASHBOARD_PREVIOUS_SIGNING_KEY: string;
}): KeyRing {
  const generated = config.DASHBOARD_SIGNING_KEY.trim() === '';
  const current = generated
    ? generateSigningKey()
    : parse('DASHBOARD_SIGNING_KEY', config.DASHBOARD_SIGNING_KEY);
  const previous =
    config.DASHBOARD_PREVIOUS_SIGNING_KEY.trim() === ''
      ? undefined
      : parse('DASHBOARD_PREVIOUS_SIGNING_KEY', config.DASHBOARD_PREVIOUS_SIGNING_KEY);
  if (previous !== undefined && previous.kid === current.kid)
    throw new ConfigError('DASHBOARD_PREVIOUS_SIGNING_KEY has the same kid as DASHBOARD_SIGNING_KEY');
  return Object.freeze({
    current,
    published: Object.freeze(previous === undefined ? [current] : [current, previous]),
    generated,
  });
}
