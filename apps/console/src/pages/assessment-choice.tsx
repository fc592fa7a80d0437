// The framework, measure and points the analysis and parent-report pages look at: the school's
// frameworks newest year first, the chosen one's measures and points. Kept in the page's
// state (never the address), as the results grid keeps its own.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { FrameworkSummary, FrameworkView } from '@pt/contracts/assessment/frameworks';
import type { ClassGroupView } from '@pt/contracts/pupils/class-groups';
import { api } from '../api/client';

export const pointDay = (iso: string) => new Date(iso).toLocaleDateString('en-GB');

export function useFrameworkChoice() {
  const [chosen, setChosen] = useState('');
  const frameworks = useQuery({
    queryKey: ['assessment', 'frameworks'],
    queryFn: ({ signal }) => api.get<FrameworkSummary[]>('/api/v1/assessment/frameworks', signal),
    staleTime: 300_000,
  });
  const newestFirst = [...(frameworks.data ?? [])].sort((a, b) => b.academicYear.localeCompare(a.academicYear));
  const frameworkId = chosen || newestFirst[0]?.id || '';
  const framework = useQuery({
    queryKey: ['assessment', 'frameworks', frameworkId],
    queryFn: ({ signal }) => api.get<FrameworkView>(`/api/v1/assessment/frameworks/${frameworkId}`, signal),
    enabled: !!frameworkId,
  });
  return { frameworks, newestFirst, frameworkId, choose: setChosen, framework };
}

export function useClassGroups() {
  return useQuery({
    queryKey: ['class-groups'],
    queryFn: ({ signal }) => api.get<{ items: ClassGroupView[] }>('/api/v1/class-groups', signal),
    staleTime: 300_000,
  });
}

export function FrameworkSelect({
  id,
  newestFirst,
  value,
  onChange,
}: {
  id: string;
  newestFirst: FrameworkSummary[];
  value: string;
  onChange: (frameworkId: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>Framework</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {newestFirst.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name} ({f.academicYear})
          </option>
        ))}
      </select>
    </div>
  );
}

export function PointSelect({
  id,
  label,
  points,
  value,
  onChange,
  none,
}: {
  id: string;
  label: string;
  points: FrameworkView['points'];
  value: string;
  onChange: (pointId: string) => void;
  /** The words of an empty choice, when one is allowed. */
  none?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {none !== undefined && <option value="">{none}</option>}
        {points.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}, {pointDay(p.date)}
          </option>
        ))}
      </select>
    </div>
  );
}
