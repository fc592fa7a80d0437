// The current policy documents, readable before anyone signs in (GET /api/v1/policy-documents
// is public).
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { PolicyDocumentView } from '@pt/contracts/identity/policies';
import { api } from '../api/client';
import { describeProblem } from '../api/problem';
import { Loading } from '../components/layout';
import { usePageTitle } from '../components/page-title';
import { QueryStatus } from '../components/list-status';

export function usePolicyDocuments() {
  return useQuery({
    queryKey: ['policy-documents'],
    queryFn: ({ signal }) => api.get<{ items: PolicyDocumentView[] }>('/api/v1/policy-documents', signal),
    staleTime: 600_000,
  });
}

export function PolicyBody({ document }: { document: PolicyDocumentView }) {
  return (
    <div className="policy-body">
      {document.body.split(/\n{2,}/).map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </div>
  );
}

export function PolicyList() {
  usePageTitle('Policies and terms');
  const documents = usePolicyDocuments();
  return (
    <>
      <h1>Policies and terms</h1>
      <p>The current versions of the documents that school staff accept when they first sign in.</p>
      {documents.isPending && <Loading />}
      <QueryStatus query={documents} />
      {documents.data && documents.data.items.length === 0 && <p>No policy documents have been published yet.</p>}
      <ul>
        {documents.data?.items.map((document) => (
          <li key={document.id}>
            <Link to={`/policies/${document.id}`}>{document.title}</Link> (version {document.version}, published{' '}
            {new Date(document.publishedAt).toLocaleDateString('en-GB')})
          </li>
        ))}
      </ul>
    </>
  );
}

export function PolicyDocumentPage() {
  const { documentId } = useParams();
  const document = useQuery({
    queryKey: ['policy-documents', documentId],
    queryFn: ({ signal }) =>
      api.get<PolicyDocumentView>(`/api/v1/policy-documents/${encodeURIComponent(documentId ?? '')}`, signal),
  });
  usePageTitle(document.data?.title ?? 'Policy document');
  if (document.isPending) return <Loading />;
  if (document.isError)
    return (
      <>
        <h1>Policy document</h1>
        <p role="alert">{describeProblem(document.error)}</p>
      </>
    );
  return (
    <article>
      <h1>{document.data.title}</h1>
      <p className="meta">
        Version {document.data.version}, published {new Date(document.data.publishedAt).toLocaleDateString('en-GB')}
      </p>
      <PolicyBody document={document.data} />
      <p>
        <Link to="/policies">All policies and terms</Link>
      </p>
    </article>
  );
}
