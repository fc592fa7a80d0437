import { HttpException, HttpStatus } from '@nestjs/common';
import { FastifyReply } from 'fastify';

/**
 * Optimistic concurrency over HTTP: a resource's version is its ETag, and a change names
 * the version it was made against in If-Match. A stale one is refused with 412 by the
 * service (it compares under a row lock), so two admins cannot overwrite each other.
 */
export function setETag(reply: FastifyReply, version: number | null): void {
  if (version !== null) void reply.header('ETag', `"${version}"`);
}

/**
 * The version an If-Match names: null for `*` or (where allowed) no header. A tag that
 * is not one of ours can match no version, so it is passed on as one that never exists
 * and answered 412 like any other stale tag.
 */
export function expectedVersion(ifMatch: string | undefined, required: boolean): number | null {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    if (!required) return null;
    // 428 Precondition Required (RFC 6585): a blind overwrite is refused, not guessed at.
    throw new HttpException(
      { code: 'version.if_match_required', message: 'Send If-Match with the ETag of the version you changed' },
      HttpStatus.PRECONDITION_REQUIRED,
    );
  }
  const value = ifMatch.trim();
  if (value === '*') return null;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(value);
  return match ? Number(match[1]) : -1;
}
