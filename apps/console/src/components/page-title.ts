import { useEffect } from 'react';

/** Each page names itself in the tab and for screen readers announcing the new page. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Pupil tracking console`;
  }, [title]);
}
