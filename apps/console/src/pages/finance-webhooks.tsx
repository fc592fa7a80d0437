// Webhook endpoints to finance systems: registered with the events they want (their signing
// secret shown once), each with its delivery log, and a message sent again on request.
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  WEBHOOK_EVENT_TYPES,
  type WebhookAttemptPage,
  type WebhookEndpointView,
  type WebhookEndpointWithSecret,
  type WebhookEventType,
  type WebhookReplayReply,
} from '@pt/contracts/billing/webhooks';
import { api, query } from '../api/client';
import { describeProblem } from '../api/problem';
import { CheckboxGroupField, FormError, TextField } from '../components/form-fields';
import { applyProblem, summaryError } from '../components/form-problems';
import { momentInWords } from '../components/date-words';
import { usePageTitle } from '../components/page-title';
import { SecretOnce } from '../components/secret-once';
import { formatDay } from './finance-figures';
import { QueryStatus } from '../components/list-status';

const KEYS = ['finance', 'webhooks'] as const;
const PATH = '/api/v1/platform/billing/webhook-endpoints';

const EVENT_WORDS: Record<WebhookEventType, string> = {
  'invoice.issued': 'An invoice is issued',
  'payment.recorded': 'A payment is recorded',
  'subscription.expired': 'A subscription ends (grace begins)',
  'subscription.renewed': 'A subscription is renewed',
  'subscription.grace_access_charged': 'An access in grace is charged',
  'school.purge_scheduled': 'A school’s purge is scheduled',
  'school.purged': 'A school is purged',
};

const moment = (iso: string) => momentInWords(iso, { seconds: true });

interface EndpointForm {
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
}

function CreateEndpoint({ onCreated }: { onCreated: (endpoint: WebhookEndpointWithSecret) => void }) {
  const [failure, setFailure] = useState<{ error: unknown; other: string[] } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<EndpointForm>({ defaultValues: { url: '', description: '', eventTypes: [] } });
  const submit = handleSubmit(async (form) => {
    setFailure(null);
    try {
      const created = await api.post<WebhookEndpointWithSecret>(PATH, {
        url: form.url.trim(),
        ...(form.description.trim() ? { description: form.description.trim() } : {}),
        eventTypes: form.eventTypes,
      });
      reset();
      onCreated(created);
    } catch (error) {
      const other = applyProblem(error, setError, {
        url: 'Address',
        description: 'Description',
        eventTypes: 'Events',
      });
      setFailure({ error: summaryError(error, other), other });
    }
  });
  return (
    <form onSubmit={submit} noValidate aria-labelledby="create-endpoint-heading">
      <h2 id="create-endpoint-heading">Add an endpoint</h2>
      <FormError error={failure?.error} messages={failure?.other} />
      <TextField
        label="Address"
        type="url"
        hint="The https address the finance system receives webhooks at."
        error={errors.url?.message}
        autoComplete="off"
        {...register('url', { validate: (v) => v.trim() !== '' || 'Enter the endpoint’s address.' })}
      />
      <TextField label="Description" error={errors.description?.message} maxLength={200} {...register('description')} />
      <CheckboxGroupField
        legend="Events"
        idPrefix="event"
        error={errors.eventTypes?.message}
        choices={WEBHOOK_EVENT_TYPES.map((type) => ({
          value: type,
          label: (
            <>
              {EVENT_WORDS[type]} (<code>{type}</code>)
            </>
          ),
        }))}
        registration={register('eventTypes', { validate: (v) => v.length > 0 || 'Choose at least one event.' })}
      />
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Adding the endpoint…' : 'Add endpoint'}
      </button>
    </form>
  );
}

function ReplayButton({ endpointId, messageId }: { endpointId: string; messageId: string }) {
  const queryClient = useQueryClient();
  const replay = useMutation({
    mutationFn: () => api.post<WebhookReplayReply>(`${PATH}/${endpointId}/messages/${messageId}/replay`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...KEYS, endpointId, 'attempts'] }),
  });
  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={() => replay.mutate()}
        disabled={replay.isPending}
        aria-label={`Replay message ${messageId}`}
      >
        Replay
      </button>
      <span role="status">
        {replay.isSuccess ? (replay.data.queued > 0 ? ' Queued again.' : ' Nothing to send again.') : ''}
      </span>
      {replay.isError && (
        <span className="error-message" role="alert">
          {describeProblem(replay.error)}
        </span>
      )}
    </>
  );
}

function DeliveryLog({ endpoint }: { endpoint: WebhookEndpointView }) {
  const attempts = useInfiniteQuery({
    queryKey: [...KEYS, endpoint.id, 'attempts'],
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: WebhookAttemptPage) => page.nextCursor ?? undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<WebhookAttemptPage>(`${PATH}/${endpoint.id}/attempts${query({ limit: 50, cursor: pageParam })}`, signal),
    refetchInterval: 15_000,
  });
  const rows = attempts.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="delivery-log-heading">
      <h2 id="delivery-log-heading">Delivery log: {endpoint.description || endpoint.url}</h2>
      <QueryStatus query={attempts} loading="Loading the delivery log" />
      {attempts.isSuccess && rows.length === 0 && <p>Nothing has been sent to this endpoint yet.</p>}
      {rows.length > 0 && (
        <table>
          <caption className="visually-hidden">Delivery attempts, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Message</th>
              <th scope="col">Outcome</th>
              <th scope="col">Answer</th>
              <th scope="col">Time taken</th>
              <th scope="col">Replay</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((attempt) => (
              <tr key={attempt.id}>
                <th scope="row">{moment(attempt.attemptedAt)}</th>
                <td>
                  <code>{attempt.eventType}</code>
                </td>
                <td>
                  <code>{attempt.messageId}</code>
                </td>
                <td>
                  <span className={`tag outcome-${attempt.outcome}`}>
                    {attempt.outcome === 'succeeded' ? 'Delivered' : 'Failed'}
                  </span>
                </td>
                <td>
                  {attempt.responseStatus !== null
                    ? `HTTP ${attempt.responseStatus}`
                    : (attempt.error ?? 'No answer').replaceAll('_', ' ')}
                </td>
                <td>{attempt.latencyMs} ms</td>
                <td>
                  <ReplayButton endpointId={endpoint.id} messageId={attempt.messageId} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {attempts.hasNextPage && (
        <button type="button" onClick={() => void attempts.fetchNextPage()} disabled={attempts.isFetchingNextPage}>
          {attempts.isFetchingNextPage ? 'Loading more attempts…' : 'Show more attempts'}
        </button>
      )}
    </section>
  );
}

export function FinanceWebhooks() {
  usePageTitle('Webhooks');
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<WebhookEndpointWithSecret | null>(null);
  const [shownId, setShownId] = useState<string | null>(null);
  const endpoints = useQuery({
    queryKey: KEYS,
    queryFn: ({ signal }) => api.get<{ items: WebhookEndpointView[] }>(PATH, signal),
  });
  const shown = endpoints.data?.items.find((endpoint) => endpoint.id === shownId) ?? null;
  return (
    <>
      <h1>Webhooks</h1>
      <p>
        Finance systems are told of billing events by signed webhooks (Standard Webhooks); failed deliveries are retried
        for about three days.
      </p>
      {created && (
        <SecretOnce
          title={`The signing secret for ${created.url}`}
          secret={created.secret}
          onDone={() => setCreated(null)}
        />
      )}
      <QueryStatus query={endpoints} loading="Loading endpoints" />
      {endpoints.data?.items.length === 0 && <p>No endpoints yet.</p>}
      {!!endpoints.data?.items.length && (
        <table>
          <caption className="visually-hidden">Webhook endpoints</caption>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Description</th>
              <th scope="col">Events</th>
              <th scope="col">State</th>
              <th scope="col">Added</th>
              <th scope="col">Delivery log</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.data.items.map((endpoint) => (
              <tr key={endpoint.id}>
                <th scope="row">
                  <code>{endpoint.url}</code>
                </th>
                <td>{endpoint.description || '—'}</td>
                <td>{endpoint.eventTypes.join(', ')}</td>
                <td>
                  {endpoint.status === 'enabled'
                    ? endpoint.failingSince
                      ? `Enabled, failing since ${formatDay(endpoint.failingSince)}`
                      : 'Enabled'
                    : `Disabled${endpoint.disabledReason ? ` (${endpoint.disabledReason.replaceAll('_', ' ')})` : ''}`}
                </td>
                <td>{formatDay(endpoint.createdAt)}</td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    aria-pressed={shownId === endpoint.id}
                    aria-label={`Delivery log of ${endpoint.description || endpoint.url}`}
                    onClick={() => setShownId(shownId === endpoint.id ? null : endpoint.id)}
                  >
                    Delivery log
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown && <DeliveryLog endpoint={shown} />}
      <CreateEndpoint
        onCreated={(endpoint) => {
          setCreated(endpoint);
          void queryClient.invalidateQueries({ queryKey: KEYS });
        }}
      />
    </>
  );
}
