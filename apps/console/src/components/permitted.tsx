// A page for people whose permissions allow it; anyone else is told so in words, under the
// page's own heading, instead of meeting the API's refusals one request at a time. The API
// stays the judge of every request: this only spares a request that would be refused.
import type { ReactNode } from 'react';
import type { Permission } from '@pt/contracts/identity/permissions';
import { useSession } from '../session';
import { usePageTitle } from './page-title';

function NotPermitted({ title, what }: { title: string; what: string }) {
  usePageTitle(title);
  return (
    <>
      <h1>{title}</h1>
      <p role="alert">
        You do not have permission to {what}. If you need to, ask your school’s administrator to give you a role that
        allows it.
      </p>
    </>
  );
}

/** Shows `children` when the signed-in person holds any of `needs`; otherwise says they may not. */
export function Permitted({
  needs,
  title,
  what,
  children,
}: {
  needs: Permission[];
  /** The page's heading, kept when refusing so the page still names itself. */
  title: string;
  /** What the page does, to finish "You do not have permission to …". */
  what: string;
  children: ReactNode;
}) {
  const { permissions } = useSession();
  if (!needs.some((permission) => permissions.has(permission))) return <NotPermitted title={title} what={what} />;
  return <>{children}</>;
}
