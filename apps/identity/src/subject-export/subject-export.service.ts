import { Injectable } from '@nestjs/common';
import { isUuid, SubjectExportRequest, SubjectExportSection } from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, SchoolContext } from '@pt/platform';
import { SubjectExportRepository } from './subject-export.repository';

/**
 * Identity's part of a subject-access or portability bundle (P21). For a staff member of
 * the school in ctx: their profile, roles, class-group limits, marketing preference,
 * sessions (sign-in history with address and browser), policy acceptances, outstanding
 * emailed links (purpose and expiry, never the secret), sign-in failures on record, and
 * what they did that identity keeps under their id (access reviews, support grants).
 * Secrets (password hash, token hashes) are never exported. Identity holds nothing about
 * pupils or parents: for them it answers found:false.
 */
@Injectable()
export class SubjectExportService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async export(ctx: SchoolContext, request: SubjectExportRequest): Promise<SubjectExportSection> {
    const subject = request.subject;
    if (!subject || !isUuid(subject.id)) {
      throw BusException.validation([{ field: 'subject.id', message: 'must be a UUID' }]);
    }
    const empty: SubjectExportSection = { service: 'identity', found: false, records: {}, files: [] };
    if (subject.type !== 'staff') return empty;
    return this.unitOfWork.forContext(ctx, async (em) => {
      const held = new SubjectExportRepository(em);
      const user = await held.staffUser(subject.id);
      if (!user) return empty;
      // One after another: the queries share the transaction's connection.
      const sessions = await held.sessions(user.id);
      const acceptances = await held.policyAcceptances(user.id);
      const links = await held.pendingLinks(user.id);
      const failures = await held.signInFailures(user.id);
      const reviews = await held.accessReviewsRecordedBy(user.id);
      const grants = await held.supportGrantsGivenBy(user.id);
      return {
        service: 'identity',
        found: true,
        records: {
          profile: [
            {
              id: user.id,
              title: user.title,
              firstName: user.firstName,
              lastName: user.lastName,
              username: user.username,
              email: user.email,
              jobTitle: user.jobTitle,
              telephone: user.telephone,
              teacherReferenceNumber: user.teacherReferenceNumber,
              status: user.status,
              createdAt: user.createdAt.toISOString(),
              lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
            },
          ],
          roles: [{ roles: user.roles, classGroupIds: user.classGroupIds }],
          marketingPreference: [
            { optIn: user.marketingOptIn, changedAt: user.marketingOptInChangedAt?.toISOString() ?? null },
          ],
          sessions: sessions.map((s) => ({
            id: s.id,
            signedInAt: s.createdAt.toISOString(),
            lastSeenAt: s.lastSeenAt.toISOString(),
            expiresAt: s.expiresAt.toISOString(),
            endedAt: s.endedAt?.toISOString() ?? null,
            endReason: s.endReason,
            ip: s.ip,
            userAgent: s.userAgent,
          })),
          policyAcceptances: acceptances.map((a) => ({
            documentId: a.documentId,
            kind: a.kind,
            version: a.version,
            acceptedAt: a.acceptedAt.toISOString(),
            ip: a.ip,
          })),
          emailedLinks: links.map((t) => ({
            purpose: t.purpose,
            createdAt: t.createdAt.toISOString(),
            expiresAt: t.expiresAt.toISOString(),
          })),
          signInFailures: failures
            ? [
                {
                  failures: failures.failures,
                  lastFailureAt: failures.lastFailureAt.toISOString(),
                  lockedUntil: failures.lockedUntil?.toISOString() ?? null,
                },
              ]
            : [],
          accessReviewsRecorded: reviews.map((r) => ({ id: r.id, reviewedAt: r.reviewedAt.toISOString() })),
          supportGrantsGiven: grants.map((g) => ({
            id: g.id,
            permissions: g.permissions,
            startsAt: g.startsAt.toISOString(),
            expiresAt: g.expiresAt.toISOString(),
            revokedAt: g.revokedAt?.toISOString() ?? null,
          })),
        },
        files: [],
      };
    });
  }
}
