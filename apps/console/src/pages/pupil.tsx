// One pupil: details, guardians, consents, whether processing is restricted (P18) and their
// tracking across measures and points (pupil-tracking.tsx). The address holds only the pupil's id.
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { PUPIL_FLAGS, type PupilView } from '@pt/contracts/pupils/pupil';
import type { GuardianView } from '@pt/contracts/pupils/guardians';
import type { ConsentView, PupilConsentsView } from '@pt/contracts/pupils/consents';
import type { RestrictionView } from '@pt/contracts/pupils/restriction';
import { api } from '../api/client';
import { describeProblem } from '../api/problem';
import { Loading } from '../components/layout';
import { usePageTitle } from '../components/page-title';
import { useSession } from '../session';
import { FLAG_LABELS, SEN_LABELS, pupilName, yearLabel } from './pupil-words';
import { PupilTracking } from './pupil-tracking';
import { QueryStatus } from '../components/list-status';

const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString('en-GB') : '—');

function Details({ pupil }: { pupil: PupilView }) {
  const rows: Array<[string, string]> = [
    ['UPN', pupil.upn],
    ['Legal name', [pupil.legalForename, pupil.middleNames, pupil.legalSurname].filter(Boolean).join(' ')],
    ['Preferred name', [pupil.preferredForename, pupil.preferredSurname].filter(Boolean).join(' ') || '—'],
    ['Date of birth', day(pupil.dateOfBirth)],
    ['Gender', { M: 'Male', F: 'Female', U: 'Unknown' }[pupil.gender]],
    ['Year group', yearLabel(pupil.yearGroup)],
    ['SEN status', SEN_LABELS[pupil.senStatus]],
    [
      'Attendance',
      pupil.attendance
        ? `${pupil.attendance.attendedSessions} of ${pupil.attendance.possibleSessions} sessions${
            pupil.attendance.percentage === null ? '' : ` (${pupil.attendance.percentage}%)`
          }`
        : 'Not recorded',
    ],
    [
      'Characteristics',
      PUPIL_FLAGS.filter((flag) => pupil[flag])
        .map((flag) => FLAG_LABELS[flag])
        .join(', ') || 'None',
    ],
    ['Entry date', day(pupil.entryDate)],
    ['Leaving date', day(pupil.leavingDate)],
  ];
  return (
    <section aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      <dl className="details">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Guardians({ pupilId }: { pupilId: string }) {
  const guardians = useQuery({
    queryKey: ['pupils', pupilId, 'guardians'],
    queryFn: ({ signal }) => api.get<{ items: GuardianView[] }>(`/api/v1/pupils/${pupilId}/guardians`, signal),
  });
  return (
    <section aria-labelledby="guardians-heading">
      <h2 id="guardians-heading">Guardians</h2>
      <QueryStatus query={guardians} loading="Loading guardians" />
      {guardians.data?.items.length === 0 && <p>No guardians recorded.</p>}
      {guardians.data && guardians.data.items.length > 0 && (
        <table>
          <caption className="visually-hidden">Guardians in contact order</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Relationship</th>
              <th scope="col">Parental responsibility</th>
              <th scope="col">Contact</th>
            </tr>
          </thead>
          <tbody>
            {[...guardians.data.items]
              .sort((a, b) => a.priority - b.priority)
              .map((g) => (
                <tr key={g.id}>
                  <th scope="row">{[g.title, g.forename, g.surname].filter(Boolean).join(' ')}</th>
                  <td>{g.relationship.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())}</td>
                  <td>{g.parentalResponsibility ? 'Yes' : 'No'}</td>
                  <td>{[g.telephone, g.email].filter(Boolean).join(', ') || '—'}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const CONSENT_NAMES = {
  'special-category': 'Special category data (SEN needs, health notes)',
  'photo-use': 'Use of photographs',
};

function consentInWords(consent: ConsentView | null): string {
  if (!consent) return 'Not given';
  const by = consent.givenBy.type === 'pupil' ? 'the pupil' : 'a guardian';
  return `Given by ${by} on ${day(consent.givenOn)}`;
}

function Consents({ pupilId }: { pupilId: string }) {
  const consents = useQuery({
    queryKey: ['pupils', pupilId, 'consents'],
    queryFn: ({ signal }) => api.get<PupilConsentsView>(`/api/v1/pupils/${pupilId}/consents`, signal),
  });
  return (
    <section aria-labelledby="consents-heading">
      <h2 id="consents-heading">Consents</h2>
      <QueryStatus query={consents} loading="Loading consents" />
      {consents.data && (
        <>
          <dl className="details">
            {(Object.keys(CONSENT_NAMES) as Array<keyof typeof CONSENT_NAMES>).map((kind) => (
              <div key={kind}>
                <dt>{CONSENT_NAMES[kind]}</dt>
                <dd>{consentInWords(consents.data.current[kind])}</dd>
              </div>
            ))}
          </dl>
          {consents.data.history.some((c) => c.withdrawal) && (
            <>
              <h3>Withdrawn consents</h3>
              <ul>
                {consents.data.history
                  .filter((c) => c.withdrawal)
                  .map((c) => (
                    <li key={c.id}>
                      {CONSENT_NAMES[c.kind]}: given {day(c.givenOn)}, withdrawn {day(c.withdrawal!.withdrawnOn)}
                    </li>
                  ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

function Restrictions({ pupilId, restricted }: { pupilId: string; restricted: boolean }) {
  const restrictions = useQuery({
    queryKey: ['pupils', pupilId, 'restrictions'],
    queryFn: ({ signal }) => api.get<{ items: RestrictionView[] }>(`/api/v1/pupils/${pupilId}/restrictions`, signal),
  });
  const current = restrictions.data?.items.find((r) => r.liftedAt === null);
  return (
    <section aria-labelledby="restriction-heading">
      <h2 id="restriction-heading">Restriction of processing</h2>
      {restricted ? (
        <div className="notice">
          <p>
            <strong>Processing of this pupil&apos;s data is restricted.</strong> The record is read-only and left out of
            analysis, statistics and exports until the restriction is lifted.
          </p>
          {current && (
            <p>
              {current.kind === 'objection' ? 'Objection' : 'Restriction'} requested by the {current.requestedBy}, since{' '}
              {day(current.startedAt)}.
            </p>
          )}
        </div>
      ) : (
        <p>Not restricted: the record can be changed and is included in analysis and exports.</p>
      )}
      <QueryStatus query={restrictions} />
      {restrictions.data && restrictions.data.items.some((r) => r.liftedAt) && (
        <>
          <h3>Earlier restrictions</h3>
          <ul>
            {restrictions.data.items
              .filter((r) => r.liftedAt)
              .map((r) => (
                <li key={r.id}>
                  {r.kind === 'objection' ? 'Objection' : 'Restriction'} from {day(r.startedAt)} to {day(r.liftedAt)}
                </li>
              ))}
          </ul>
        </>
      )}
    </section>
  );
}

export default function Pupil() {
  const { pupilId = '' } = useParams();
  const { permissions } = useSession();
  const pupil = useQuery({
    queryKey: ['pupils', pupilId],
    queryFn: ({ signal }) => api.get<PupilView>(`/api/v1/pupils/${encodeURIComponent(pupilId)}`, signal),
  });
  usePageTitle(pupil.data ? pupilName(pupil.data) : 'Pupil');
  if (pupil.isPending) return <Loading what="Loading the pupil" />;
  if (pupil.isError)
    return (
      <>
        <h1>Pupil</h1>
        <p role="alert">{describeProblem(pupil.error)}</p>
        <p>
          <Link to="/pupils">Back to pupils</Link>
        </p>
      </>
    );
  return (
    <>
      <p>
        <Link to="/pupils">Back to pupils</Link>
      </p>
      <h1>
        {pupilName(pupil.data)}
        {pupil.data.restricted && <span className="tag">Restricted</span>}
      </h1>
      <Details pupil={pupil.data} />
      <Guardians pupilId={pupil.data.id} />
      <Consents pupilId={pupil.data.id} />
      <Restrictions pupilId={pupil.data.id} restricted={pupil.data.restricted} />
      {permissions.has('assessments:read') && <PupilTracking pupilId={pupil.data.id} />}
    </>
  );
}
