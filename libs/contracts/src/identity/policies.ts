import { defineBroadcast } from '../broadcast';
import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/** The documents every user must accept at first sign-in and after each new version (P7). */
export const POLICY_KINDS = ['data-processing-terms', 'privacy-policy', 'cookie-policy'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export interface PolicyDocumentSummary {
  id: string;
  kind: PolicyKind;
  version: string;
}

export interface PolicyDocumentView extends PolicyDocumentSummary {
  title: string;
  body: string;
  publishedAt: string;
}

export interface PublishPolicyRequest {
  kind: PolicyKind;
  version: string;
  title: string;
  body: string;
}

export interface PolicyAcceptanceView {
  documentId: string;
  kind: PolicyKind;
  version: string;
  acceptedAt: string;
}

export const PUBLISH_POLICY_DOCUMENT = definePattern<PublishPolicyRequest, PolicyDocumentView>(
  'identity.policy-document.publish',
);
export const LIST_CURRENT_POLICY_DOCUMENTS = definePattern<Record<string, never>, { items: PolicyDocumentView[] }>(
  'identity.policy-document.list-current',
);
export const GET_POLICY_DOCUMENT = definePattern<{ documentId: string }, PolicyDocumentView>(
  'identity.policy-document.get',
);
/** The current documents the acting user has not accepted yet. */
export const PENDING_POLICY_DOCUMENTS = definePattern<Record<string, never>, { items: PolicyDocumentSummary[] }>(
  'identity.policy-document.list-pending',
);
export interface AcceptPolicyDocumentsRequest {
  documentIds: string[];
}

export const ACCEPT_POLICY_DOCUMENTS = definePattern<AcceptPolicyDocumentsRequest, { items: PolicyAcceptanceView[] }>(
  'identity.policy-acceptance.create',
);

/**
 * Broadcast to every gateway replica when what a user must accept changes: for one user
 * after they accept, for everyone when a new version is published.
 */
export interface PolicyStatusChanged {
  /** Absent: every user. */
  userId?: string;
}
export const POLICY_STATUS_CHANGED_BROADCAST = defineBroadcast<PolicyStatusChanged>('identity.policy-status.changed');
export const POLICY_STATUS_CHANGED_SUBJECT = POLICY_STATUS_CHANGED_BROADCAST.subject;

export const POLICY_DOCUMENT_PUBLISHED = defineEvent<PolicyDocumentSummary>('evt.identity.policy-document.published');
export const POLICY_DOCUMENTS_ACCEPTED = defineEvent<{ userId: string; documentIds: string[] }>(
  'evt.identity.policy-acceptance.created',
);
