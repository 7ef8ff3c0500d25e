import { errorCodes } from '@guildwire/errors';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';

/** Optional headers of writes: If-Match (the version the client saw) and Idempotency-Key. */
export const WriteHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({ maxLength: 32, description: 'Version seen by the client, e.g. "3" (the ETag)' }),
  ),
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Makes retries safe: a repeated request gets the first answer',
    }),
  ),
});

const versionTag = /^(?:W\/)?"?([0-9]{1,9})"?$/;

/**
 * The version an If-Match header names (`"3"`, `W/"3"` or `3`); undefined without the header, 400
 * for anything else. With `required`, a missing header is 428: edits of several fields must not
 * silently overwrite a change the client has not seen.
 */
export function ifMatchVersion(
  headers: { readonly 'if-match'?: string | undefined },
  required = false,
): number | undefined {
  const raw = headers['if-match'];
  if (raw === undefined) {
    if (required) throw new errorCodes.GW_ERR_PRECONDITION_REQUIRED('current');
    return undefined;
  }
  const match = versionTag.exec(raw.trim());
  if (!match) {
    throw new errorCodes.GW_ERR_VALIDATION('headers: If-Match must name a version').withDetails([
      { field: '/headers/if-match', message: 'must be a version such as "3"' },
    ]);
  }
  return Number(match[1]);
}

/** Sets the ETag of a versioned answer (the aggregate's version). */
export function setVersionTag(reply: FastifyReply, version: number): void {
  reply.header('etag', `"${version}"`);
}

/** 412 with the current version in the details, unless the caller saw `current` (or named none). */
export function assertVersion(expected: number | undefined, current: number): void {
  if (expected !== undefined && expected !== current) {
    throw new errorCodes.GW_ERR_STALE_VERSION(expected, current).withDetails({ currentVersion: current });
  }
}
