/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Why an operation failed; stable, for programs to branch on. */
export type ErrorCode =
  /** The list, or that Marketo list, is already mirrored in this workspace; nothing was created in Marketo. */
  | 'ALREADY_MIRRORED'
  /** The audience already syncs into this list. */
  | 'ALREADY_SYNCING'
  /** The Experience Cloud integration has cookie sync turned off. */
  | 'COOKIE_SYNC_DISABLED'
  /** The token lacks the scope this needs (read, write or admin). */
  | 'FORBIDDEN'
  /** The workspace is HIPAA-ready: it cannot use the Experience Cloud integration. */
  | 'HIPAA_RESTRICTED'
  /** The IMS organization is not the one the workspace's integration maps. */
  | 'IMS_ORG_MISMATCH'
  /** The Experience Cloud integration is not configured yet. */
  | 'INTEGRATION_NOT_CONFIGURED'
  /** The list is already the target of another sync job. */
  | 'LIST_ALREADY_SYNCED'
  /** Marketo's identity service refused the client id and secret; nothing was stored. */
  | 'MARKETO_AUTH_FAILED'
  /** No Marketo static list has this id. */
  | 'MARKETO_LIST_NOT_FOUND'
  /** The workspace has no Marketo connection: connectMarketo first. */
  | 'MARKETO_NOT_CONNECTED'
  /** Marketo did not answer within 10 s, or its address is refused by the outbound rules; nothing was stored. */
  | 'MARKETO_UNREACHABLE'
  /** Something of the same kind in the workspace already has this name. */
  | 'NAME_TAKEN'
  /** Nothing with this id exists in your workspace. */
  | 'NOT_FOUND'
  /** The subscriber did not keep up with its events; it may resubscribe from its last sequence. */
  | 'SLOW_CONSUMER'
  /** The token has the most live connections (WebSockets and SSE streams) a process allows. */
  | 'TOO_MANY_CONNECTIONS'
  /** The WebSocket carries the most operations it may carry at once. */
  | 'TOO_MANY_SUBSCRIPTIONS'
  /** The input is not valid; `fieldErrors` names each field and why. */
  | 'VALIDATION';

/** Why an ECID does or does not bring a lead into a sync of the audience. */
export type MatchReason =
  /** In the audience and cookie-synced, but no cookie is associated with a lead yet. */
  | 'ANONYMOUS_COOKIE'
  /** In the audience, cookie-synced, and a cookie is associated with a known lead. */
  | 'MATCHED'
  /** The ECID is not a member of the audience. */
  | 'NOT_IN_AUDIENCE'
  /** In the audience, but no Munchkin cookie is synced with it. */
  | 'NO_COOKIE_SYNC';

/** The audience to sync and its list: exactly one of listId and newListName. */
export type StartAudienceSyncInput = {
  /** The audience to sync. */
  audienceId: string;
  /** An existing list; or give newListName. */
  listId?: string | null | undefined;
  /** Creates a list of this name. */
  newListName?: string | null | undefined;
};

/** Whether a sync job runs. */
export type SyncJobStatus =
  /** The job runs on every trigger; its list follows the audience. */
  | 'ACTIVE'
  /** The job does not run until resumed. */
  | 'PAUSED';

/** The step a sync run is at. */
export type SyncPhase =
  /** The run succeeded. */
  | 'COMPLETED'
  /** The run failed or was cancelled. */
  | 'FAILED'
  /** Loading what the run covers: the audience, or the changes since the last run. */
  | 'LOADING_AUDIENCE'
  /** Not started yet. */
  | 'QUEUED'
  /** Following ECIDs through cookie syncs to known leads. */
  | 'RESOLVING_IDENTITIES'
  /** Applying the list's changes in one transaction. */
  | 'WRITING_MEMBERSHIPS';

/** Where a sync run stands. */
export type SyncRunStatus =
  /** Ended without running, because the sync job was paused. */
  | 'CANCELLED'
  /** It failed; the list is as it was before the run (see error). */
  | 'FAILED'
  /** Waiting for a worker. */
  | 'QUEUED'
  /** A worker is executing it. */
  | 'RUNNING'
  /** Done; the list mirrors the matched leads and stats are set. */
  | 'SUCCEEDED';

/** What started a sync run. */
export type SyncTrigger =
  /** A change that can alter the result: audience members, cookie syncs, associations or leads (within SYNC_DEBOUNCE_MS). */
  | 'INCREMENTAL'
  /** The sync was just created (startAudienceSync). */
  | 'INITIAL'
  /** runSyncJobNow (or resumeSyncJob). */
  | 'MANUAL'
  /** The periodic full reconcile (every SYNC_RECONCILE_INTERVAL_MS). */
  | 'SCHEDULED';

export type WorkspaceNameQueryVariables = Exact<{ [key: string]: never; }>;


export type WorkspaceNameQuery = { workspace: { id: string, name: string } };

export type FolderFieldsFragment = { id: string, path: string };

export type FolderTreeQueryVariables = Exact<{ [key: string]: never; }>;


export type FolderTreeQuery = { audienceFolders: Array<{ id: string, path: string, children: Array<{ id: string, path: string, children: Array<{ id: string, path: string, children: Array<{ id: string, path: string, children: Array<{ id: string, path: string, children: Array<{ id: string }> }> }> }> }> }> };

export type FolderChildrenQueryVariables = Exact<{
  parentId: string;
}>;


export type FolderChildrenQuery = { audienceFolders: Array<{ id: string, path: string, children: Array<{ id: string }> }> };

export type FolderAudiencesQueryVariables = Exact<{
  folderId: string;
  after?: string | null | undefined;
}>;


export type FolderAudiencesQuery = { audiences: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string } }> } };

export type ListChoicesQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ListChoicesQuery = { lists: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, syncJob: { id: string } | null } }> } };

type WebErrorFields_AlreadyMirroredError_Fragment = { code: ErrorCode, message: string };

type WebErrorFields_AlreadySyncingError_Fragment = { code: ErrorCode, message: string };

type WebErrorFields_CookieSyncDisabledError_Fragment = { code: ErrorCode, message: string };

type WebErrorFields_ForbiddenError_Fragment = { code: ErrorCode, message: string };

type WebErrorFields_HipaaRestrictedError_Fragment = { code: ErrorCode, message: string };

type WebErrorFields_ImsOrgMismatchError_Fragment = { code: ErrorCode, message: string };

type WebErrorFields_IntegrationNotConfiguredError_Fragment = { code: ErrorCode, message: string };

type WebErrorFields_ListAlreadySyncedError_Fragment = { code: ErrorCode, message: string };

type WebErrorFields_MarketoAuthFailedError_Fragment = { code: ErrorCode, message: string };

type WebErrorFields_MarketoListNotFoundError_Fragment = { code: ErrorCode, message: string };

type WebErrorFields_MarketoNotConnectedError_Fragment = { code: ErrorCode, message: string };

type WebErrorFields_MarketoUnreachableError_Fragment = { code: ErrorCode, message: string };

type WebErrorFields_NameTakenError_Fragment = { code: ErrorCode, message: string };

type WebErrorFields_NotFoundError_Fragment = { code: ErrorCode, message: string };

type WebErrorFields_ValidationError_Fragment = { code: ErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> };

export type WebErrorFieldsFragment =
  | WebErrorFields_AlreadyMirroredError_Fragment
  | WebErrorFields_AlreadySyncingError_Fragment
  | WebErrorFields_CookieSyncDisabledError_Fragment
  | WebErrorFields_ForbiddenError_Fragment
  | WebErrorFields_HipaaRestrictedError_Fragment
  | WebErrorFields_ImsOrgMismatchError_Fragment
  | WebErrorFields_IntegrationNotConfiguredError_Fragment
  | WebErrorFields_ListAlreadySyncedError_Fragment
  | WebErrorFields_MarketoAuthFailedError_Fragment
  | WebErrorFields_MarketoListNotFoundError_Fragment
  | WebErrorFields_MarketoNotConnectedError_Fragment
  | WebErrorFields_MarketoUnreachableError_Fragment
  | WebErrorFields_NameTakenError_Fragment
  | WebErrorFields_NotFoundError_Fragment
  | WebErrorFields_ValidationError_Fragment
;

export type WebStartAudienceSyncMutationVariables = Exact<{
  input: StartAudienceSyncInput;
}>;


export type WebStartAudienceSyncMutation = { startAudienceSync:
    | { __typename: 'AlreadySyncingError', code: ErrorCode, message: string }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'HipaaRestrictedError', code: ErrorCode, message: string }
    | { __typename: 'IntegrationNotConfiguredError', code: ErrorCode, message: string }
    | { __typename: 'ListAlreadySyncedError', code: ErrorCode, message: string }
    | { __typename: 'NameTakenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'StartAudienceSyncSuccess', syncJob: { id: string, audience: { name: string }, list: { name: string } } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type WebStatsFieldsFragment = { audienceSize: number, ecidsWithCookie: number, ecidsWithLead: number, ecidsWithoutCookie: number, ecidsAnonymousOnly: number, matchedLeads: number, listSize: number, added: number, removed: number };

export type WebRunFieldsFragment = { id: string, trigger: SyncTrigger, status: SyncRunStatus, phase: SyncPhase, startedAt: string | null, finishedAt: string | null, error: string | null, stats: { audienceSize: number, ecidsWithCookie: number, ecidsWithLead: number, ecidsWithoutCookie: number, ecidsAnonymousOnly: number, matchedLeads: number, listSize: number, added: number, removed: number } | null };

export type WebProgressFieldsFragment = { sequence: number, status: SyncRunStatus, phase: SyncPhase, processed: number, total: number, percent: number };

export type WebJobFieldsFragment = { id: string, status: SyncJobStatus, createdAt: string, nextRunAt: string | null, audience: { id: string, name: string, folder: { path: string } }, list: { id: string, name: string }, progress: { sequence: number, status: SyncRunStatus, phase: SyncPhase, processed: number, total: number, percent: number } | null, runs: { totalCount: number, edges: Array<{ node: { id: string, trigger: SyncTrigger, status: SyncRunStatus, phase: SyncPhase, startedAt: string | null, finishedAt: string | null, error: string | null, stats: { audienceSize: number, ecidsWithCookie: number, ecidsWithLead: number, ecidsWithoutCookie: number, ecidsAnonymousOnly: number, matchedLeads: number, listSize: number, added: number, removed: number } | null } }> } };

export type WebSyncJobsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type WebSyncJobsQuery = { syncJobs: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, status: SyncJobStatus, createdAt: string, nextRunAt: string | null, audience: { id: string, name: string, folder: { path: string } }, list: { id: string, name: string }, progress: { sequence: number, status: SyncRunStatus, phase: SyncPhase, processed: number, total: number, percent: number } | null, runs: { totalCount: number, edges: Array<{ node: { id: string, trigger: SyncTrigger, status: SyncRunStatus, phase: SyncPhase, startedAt: string | null, finishedAt: string | null, error: string | null, stats: { audienceSize: number, ecidsWithCookie: number, ecidsWithLead: number, ecidsWithoutCookie: number, ecidsAnonymousOnly: number, matchedLeads: number, listSize: number, added: number, removed: number } | null } }> } } }> } };

export type WebJobRunsQueryVariables = Exact<{
  id: string;
  after?: string | null | undefined;
}>;


export type WebJobRunsQuery = { syncJob: { id: string, runs: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, trigger: SyncTrigger, status: SyncRunStatus, phase: SyncPhase, startedAt: string | null, finishedAt: string | null, error: string | null, stats: { audienceSize: number, ecidsWithCookie: number, ecidsWithLead: number, ecidsWithoutCookie: number, ecidsAnonymousOnly: number, matchedLeads: number, listSize: number, added: number, removed: number } | null } }> } } | null };

export type WebPauseSyncJobMutationVariables = Exact<{
  id: string;
}>;


export type WebPauseSyncJobMutation = { pauseSyncJob:
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'PauseSyncJobSuccess' }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type WebResumeSyncJobMutationVariables = Exact<{
  id: string;
}>;


export type WebResumeSyncJobMutation = { resumeSyncJob:
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ResumeSyncJobSuccess' }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type WebRunSyncJobNowMutationVariables = Exact<{
  id: string;
}>;


export type WebRunSyncJobNowMutation = { runSyncJobNow:
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'RunSyncJobNowSuccess' }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type WebExplainMatchQueryVariables = Exact<{
  audienceId: string;
  ecid: string;
}>;


export type WebExplainMatchQuery = { audience: { explainMatch: { ecid: string, inAudience: boolean, reason: MatchReason, cookieIds: Array<string>, leads: Array<{ id: string, email: string, lists: { edges: Array<{ node: { id: string } }> } }> } } | null };

export type WebSyncProgressSubscriptionVariables = Exact<{
  syncJobId: string;
  afterSequence?: number | null | undefined;
}>;


export type WebSyncProgressSubscription = { syncProgress: { sequence: number, status: SyncRunStatus, phase: SyncPhase, processed: number, total: number, percent: number } };

export type WebSyncJobChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type WebSyncJobChangedSubscription = { syncJobChanged: { id: string, status: SyncJobStatus, deletedAt: string | null } };

export const FolderFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FolderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AudienceFolder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<FolderFieldsFragment, unknown>;
export const WebErrorFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<WebErrorFieldsFragment, unknown>;
export const WebStatsFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebStatsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncStats"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audienceSize"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsWithCookie"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsWithLead"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsWithoutCookie"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsAnonymousOnly"}},{"kind":"Field","name":{"kind":"Name","value":"matchedLeads"}},{"kind":"Field","name":{"kind":"Name","value":"listSize"}},{"kind":"Field","name":{"kind":"Name","value":"added"}},{"kind":"Field","name":{"kind":"Name","value":"removed"}}]}}]} as unknown as DocumentNode<WebStatsFieldsFragment, unknown>;
export const WebProgressFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}}]} as unknown as DocumentNode<WebProgressFieldsFragment, unknown>;
export const WebRunFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audienceSize"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsWithCookie"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsWithLead"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsWithoutCookie"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsAnonymousOnly"}},{"kind":"Field","name":{"kind":"Name","value":"matchedLeads"}},{"kind":"Field","name":{"kind":"Name","value":"listSize"}},{"kind":"Field","name":{"kind":"Name","value":"added"}},{"kind":"Field","name":{"kind":"Name","value":"removed"}}]}}]}}]} as unknown as DocumentNode<WebRunFieldsFragment, unknown>;
export const WebJobFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebJobFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"audience"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"folder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"list"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebProgressFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebRunFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audienceSize"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsWithCookie"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsWithLead"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsWithoutCookie"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsAnonymousOnly"}},{"kind":"Field","name":{"kind":"Name","value":"matchedLeads"}},{"kind":"Field","name":{"kind":"Name","value":"listSize"}},{"kind":"Field","name":{"kind":"Name","value":"added"}},{"kind":"Field","name":{"kind":"Name","value":"removed"}}]}}]}}]} as unknown as DocumentNode<WebJobFieldsFragment, unknown>;
export const WorkspaceNameDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WorkspaceName"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"workspace"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<WorkspaceNameQuery, WorkspaceNameQueryVariables>;
export const FolderTreeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FolderTree"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audienceFolders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FolderFields"}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FolderFields"}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FolderFields"}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FolderFields"}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FolderFields"}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FolderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AudienceFolder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<FolderTreeQuery, FolderTreeQueryVariables>;
export const FolderChildrenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FolderChildren"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"parentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audienceFolders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"parentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"parentId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FolderFields"}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FolderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AudienceFolder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]} as unknown as DocumentNode<FolderChildrenQuery, FolderChildrenQueryVariables>;
export const FolderAudiencesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FolderAudiences"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"folderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audiences"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"folderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"folderId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"500"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FolderAudiencesQuery, FolderAudiencesQueryVariables>;
export const ListChoicesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ListChoices"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lists"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"500"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"syncJob"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ListChoicesQuery, ListChoicesQueryVariables>;
export const WebStartAudienceSyncDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebStartAudienceSync"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartAudienceSyncInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startAudienceSync"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebErrorFields"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StartAudienceSyncSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncJob"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"audience"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"list"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<WebStartAudienceSyncMutation, WebStartAudienceSyncMutationVariables>;
export const WebSyncJobsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebSyncJobs"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncJobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebJobFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audienceSize"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsWithCookie"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsWithLead"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsWithoutCookie"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsAnonymousOnly"}},{"kind":"Field","name":{"kind":"Name","value":"matchedLeads"}},{"kind":"Field","name":{"kind":"Name","value":"listSize"}},{"kind":"Field","name":{"kind":"Name","value":"added"}},{"kind":"Field","name":{"kind":"Name","value":"removed"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebJobFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"audience"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"folder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"list"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebProgressFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebRunFields"}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebSyncJobsQuery, WebSyncJobsQueryVariables>;
export const WebJobRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebJobRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebRunFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audienceSize"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsWithCookie"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsWithLead"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsWithoutCookie"}},{"kind":"Field","name":{"kind":"Name","value":"ecidsAnonymousOnly"}},{"kind":"Field","name":{"kind":"Name","value":"matchedLeads"}},{"kind":"Field","name":{"kind":"Name","value":"listSize"}},{"kind":"Field","name":{"kind":"Name","value":"added"}},{"kind":"Field","name":{"kind":"Name","value":"removed"}}]}}]}}]} as unknown as DocumentNode<WebJobRunsQuery, WebJobRunsQueryVariables>;
export const WebPauseSyncJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebPauseSyncJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pauseSyncJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<WebPauseSyncJobMutation, WebPauseSyncJobMutationVariables>;
export const WebResumeSyncJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebResumeSyncJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resumeSyncJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<WebResumeSyncJobMutation, WebResumeSyncJobMutationVariables>;
export const WebRunSyncJobNowDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebRunSyncJobNow"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runSyncJobNow"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebErrorFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fieldErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<WebRunSyncJobNowMutation, WebRunSyncJobNowMutationVariables>;
export const WebExplainMatchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebExplainMatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"audienceId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ecid"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"audience"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"audienceId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"explainMatch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ecid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ecid"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ecid"}},{"kind":"Field","name":{"kind":"Name","value":"inAudience"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"cookieIds"}},{"kind":"Field","name":{"kind":"Name","value":"leads"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"lists"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"500"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebExplainMatchQuery, WebExplainMatchQueryVariables>;
export const WebSyncProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebSyncProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"syncJobId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"afterSequence"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"syncJobId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"syncJobId"}}},{"kind":"Argument","name":{"kind":"Name","value":"afterSequence"},"value":{"kind":"Variable","name":{"kind":"Name","value":"afterSequence"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebProgressFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SyncProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}}]} as unknown as DocumentNode<WebSyncProgressSubscription, WebSyncProgressSubscriptionVariables>;
export const WebSyncJobChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebSyncJobChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncJobChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"deletedAt"}}]}}]}}]} as unknown as DocumentNode<WebSyncJobChangedSubscription, WebSyncJobChangedSubscriptionVariables>;