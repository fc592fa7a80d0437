// P7: before anything else, a new user (and everyone after a new version) reads and accepts
// the current documents of each kind /me says is pending.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Me } from '@pt/contracts/identity/me';
import { api } from '../api/client';
import { FormError } from '../components/form-fields';
import { Loading } from '../components/layout';
import { usePageTitle } from '../components/page-title';
import { ME_KEY, useSession } from '../session';
import { PolicyBody, usePolicyDocuments } from './policies';

export default function AcceptPolicies() {
  usePageTitle('Accept the policies');
  const { me } = useSession();
  const documents = usePolicyDocuments();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [agreed, setAgreed] = useState(false);
  const [unticked, setUnticked] = useState(false);
  const pending = (documents.data?.items ?? []).filter((d) => me?.pendingPolicyDocuments.includes(d.kind));
  const accept = useMutation({
    mutationFn: () => api.post('/api/v1/me/policy-acceptances', { documentIds: pending.map((d) => d.id) }),
    onSuccess: async () => {
      const fresh = await api.get<Me>('/api/v1/me');
      queryClient.setQueryData(ME_KEY, fresh);
      void navigate('/', { replace: true });
    },
  });
  if (me && me.pendingPolicyDocuments.length === 0) {
    return (
      <>
        <h1>Accept the policies</h1>
        <p>You have accepted the current policies. Nothing more to do here.</p>
      </>
    );
  }
  return (
    <>
      <h1>Accept the policies</h1>
      <p>
        Before you use the console, read the current versions of these documents. Your school&apos;s use of the platform
        is governed by them.
      </p>
      {documents.isPending && <Loading />}
      <FormError error={documents.error ?? accept.error ?? undefined} />
      {pending.map((document) => (
        <section key={document.id} className="policy" aria-labelledby={`policy-${document.id}`}>
          <h2 id={`policy-${document.id}`}>
            {document.title} (version {document.version})
          </h2>
          <PolicyBody document={document} />
        </section>
      ))}
      {pending.length > 0 && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!agreed) return setUnticked(true);
            accept.mutate();
          }}
          noValidate
        >
          <div className={unticked ? 'checkbox field-error' : 'checkbox'}>
            {unticked && (
              <p className="error-message" id="agree-error">
                Tick the box to say you have read and accept the documents.
              </p>
            )}
            <input
              type="checkbox"
              id="agree"
              checked={agreed}
              aria-invalid={unticked || undefined}
              aria-describedby={unticked ? 'agree-error' : undefined}
              onChange={(event) => {
                setAgreed(event.target.checked);
                setUnticked(false);
              }}
            />
            <label htmlFor="agree">I have read and accept these documents</label>
          </div>
          <button type="submit" disabled={accept.isPending}>
            Accept and continue
          </button>
        </form>
      )}
    </>
  );
}
