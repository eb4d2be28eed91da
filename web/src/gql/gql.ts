/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query WorkspaceName {\n    workspace {\n      id\n      name\n    }\n  }\n": typeof types.WorkspaceNameDocument,
    "\n  fragment FolderFields on AudienceFolder {\n    id\n    path\n  }\n": typeof types.FolderFieldsFragmentDoc,
    "\n  query FolderTree {\n    audienceFolders {\n      ...FolderFields\n      children {\n        ...FolderFields\n        children {\n          ...FolderFields\n          children {\n            ...FolderFields\n            children {\n              ...FolderFields\n              children {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.FolderTreeDocument,
    "\n  query FolderChildren($parentId: ID!) {\n    audienceFolders(parentId: $parentId) {\n      ...FolderFields\n      children {\n        id\n      }\n    }\n  }\n": typeof types.FolderChildrenDocument,
    "\n  query FolderAudiences($folderId: ID!, $after: String) {\n    audiences(folderId: $folderId, first: 500, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.FolderAudiencesDocument,
    "\n  query ListChoices($after: String) {\n    lists(first: 500, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          syncJob {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.ListChoicesDocument,
    "\n  fragment WebErrorFields on Error {\n    code\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n  }\n": typeof types.WebErrorFieldsFragmentDoc,
    "\n  mutation WebStartAudienceSync($input: StartAudienceSyncInput!) {\n    startAudienceSync(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on StartAudienceSyncSuccess {\n        syncJob {\n          id\n          audience {\n            name\n          }\n          list {\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.WebStartAudienceSyncDocument,
    "\n  fragment WebStatsFields on SyncStats {\n    audienceSize\n    ecidsWithCookie\n    ecidsWithLead\n    ecidsWithoutCookie\n    ecidsAnonymousOnly\n    matchedLeads\n    listSize\n    added\n    removed\n  }\n": typeof types.WebStatsFieldsFragmentDoc,
    "\n  fragment WebRunFields on SyncRun {\n    id\n    trigger\n    status\n    phase\n    startedAt\n    finishedAt\n    error\n    stats {\n      audienceSize\n      ecidsWithCookie\n      ecidsWithLead\n      ecidsWithoutCookie\n      ecidsAnonymousOnly\n      matchedLeads\n      listSize\n      added\n      removed\n    }\n  }\n": typeof types.WebRunFieldsFragmentDoc,
    "\n  fragment WebProgressFields on SyncProgress {\n    sequence\n    status\n    phase\n    processed\n    total\n    percent\n  }\n": typeof types.WebProgressFieldsFragmentDoc,
    "\n  fragment WebJobFields on SyncJob {\n    id\n    status\n    createdAt\n    nextRunAt\n    audience {\n      id\n      name\n      folder {\n        path\n      }\n    }\n    list {\n      id\n      name\n    }\n    progress {\n      ...WebProgressFields\n    }\n    runs(first: 10) {\n      totalCount\n      edges {\n        node {\n          ...WebRunFields\n        }\n      }\n    }\n  }\n": typeof types.WebJobFieldsFragmentDoc,
    "\n  query WebSyncJobs($first: Int!, $after: String) {\n    syncJobs(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...WebJobFields\n        }\n      }\n    }\n  }\n": typeof types.WebSyncJobsDocument,
    "\n  query WebJobRuns($id: ID!, $after: String) {\n    syncJob(id: $id) {\n      id\n      runs(first: 50, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...WebRunFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.WebJobRunsDocument,
    "\n  mutation WebPauseSyncJob($id: ID!) {\n    pauseSyncJob(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n": typeof types.WebPauseSyncJobDocument,
    "\n  mutation WebResumeSyncJob($id: ID!) {\n    resumeSyncJob(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n": typeof types.WebResumeSyncJobDocument,
    "\n  mutation WebRunSyncJobNow($id: ID!) {\n    runSyncJobNow(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n": typeof types.WebRunSyncJobNowDocument,
    "\n  query WebExplainMatch($audienceId: ID!, $ecid: String!) {\n    audience(id: $audienceId) {\n      explainMatch(ecid: $ecid) {\n        ecid\n        inAudience\n        reason\n        cookieIds\n        leads {\n          id\n          email\n          lists(first: 500) {\n            edges {\n              node {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.WebExplainMatchDocument,
    "\n  subscription WebSyncProgress($syncJobId: ID!, $afterSequence: Int) {\n    syncProgress(syncJobId: $syncJobId, afterSequence: $afterSequence) {\n      ...WebProgressFields\n    }\n  }\n": typeof types.WebSyncProgressDocument,
    "\n  subscription WebSyncJobChanged {\n    syncJobChanged {\n      id\n      status\n      deletedAt\n    }\n  }\n": typeof types.WebSyncJobChangedDocument,
};
const documents: Documents = {
    "\n  query WorkspaceName {\n    workspace {\n      id\n      name\n    }\n  }\n": types.WorkspaceNameDocument,
    "\n  fragment FolderFields on AudienceFolder {\n    id\n    path\n  }\n": types.FolderFieldsFragmentDoc,
    "\n  query FolderTree {\n    audienceFolders {\n      ...FolderFields\n      children {\n        ...FolderFields\n        children {\n          ...FolderFields\n          children {\n            ...FolderFields\n            children {\n              ...FolderFields\n              children {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.FolderTreeDocument,
    "\n  query FolderChildren($parentId: ID!) {\n    audienceFolders(parentId: $parentId) {\n      ...FolderFields\n      children {\n        id\n      }\n    }\n  }\n": types.FolderChildrenDocument,
    "\n  query FolderAudiences($folderId: ID!, $after: String) {\n    audiences(folderId: $folderId, first: 500, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.FolderAudiencesDocument,
    "\n  query ListChoices($after: String) {\n    lists(first: 500, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          syncJob {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.ListChoicesDocument,
    "\n  fragment WebErrorFields on Error {\n    code\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n  }\n": types.WebErrorFieldsFragmentDoc,
    "\n  mutation WebStartAudienceSync($input: StartAudienceSyncInput!) {\n    startAudienceSync(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on StartAudienceSyncSuccess {\n        syncJob {\n          id\n          audience {\n            name\n          }\n          list {\n            name\n          }\n        }\n      }\n    }\n  }\n": types.WebStartAudienceSyncDocument,
    "\n  fragment WebStatsFields on SyncStats {\n    audienceSize\n    ecidsWithCookie\n    ecidsWithLead\n    ecidsWithoutCookie\n    ecidsAnonymousOnly\n    matchedLeads\n    listSize\n    added\n    removed\n  }\n": types.WebStatsFieldsFragmentDoc,
    "\n  fragment WebRunFields on SyncRun {\n    id\n    trigger\n    status\n    phase\n    startedAt\n    finishedAt\n    error\n    stats {\n      audienceSize\n      ecidsWithCookie\n      ecidsWithLead\n      ecidsWithoutCookie\n      ecidsAnonymousOnly\n      matchedLeads\n      listSize\n      added\n      removed\n    }\n  }\n": types.WebRunFieldsFragmentDoc,
    "\n  fragment WebProgressFields on SyncProgress {\n    sequence\n    status\n    phase\n    processed\n    total\n    percent\n  }\n": types.WebProgressFieldsFragmentDoc,
    "\n  fragment WebJobFields on SyncJob {\n    id\n    status\n    createdAt\n    nextRunAt\n    audience {\n      id\n      name\n      folder {\n        path\n      }\n    }\n    list {\n      id\n      name\n    }\n    progress {\n      ...WebProgressFields\n    }\n    runs(first: 10) {\n      totalCount\n      edges {\n        node {\n          ...WebRunFields\n        }\n      }\n    }\n  }\n": types.WebJobFieldsFragmentDoc,
    "\n  query WebSyncJobs($first: Int!, $after: String) {\n    syncJobs(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...WebJobFields\n        }\n      }\n    }\n  }\n": types.WebSyncJobsDocument,
    "\n  query WebJobRuns($id: ID!, $after: String) {\n    syncJob(id: $id) {\n      id\n      runs(first: 50, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...WebRunFields\n          }\n        }\n      }\n    }\n  }\n": types.WebJobRunsDocument,
    "\n  mutation WebPauseSyncJob($id: ID!) {\n    pauseSyncJob(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n": types.WebPauseSyncJobDocument,
    "\n  mutation WebResumeSyncJob($id: ID!) {\n    resumeSyncJob(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n": types.WebResumeSyncJobDocument,
    "\n  mutation WebRunSyncJobNow($id: ID!) {\n    runSyncJobNow(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n": types.WebRunSyncJobNowDocument,
    "\n  query WebExplainMatch($audienceId: ID!, $ecid: String!) {\n    audience(id: $audienceId) {\n      explainMatch(ecid: $ecid) {\n        ecid\n        inAudience\n        reason\n        cookieIds\n        leads {\n          id\n          email\n          lists(first: 500) {\n            edges {\n              node {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.WebExplainMatchDocument,
    "\n  subscription WebSyncProgress($syncJobId: ID!, $afterSequence: Int) {\n    syncProgress(syncJobId: $syncJobId, afterSequence: $afterSequence) {\n      ...WebProgressFields\n    }\n  }\n": types.WebSyncProgressDocument,
    "\n  subscription WebSyncJobChanged {\n    syncJobChanged {\n      id\n      status\n      deletedAt\n    }\n  }\n": types.WebSyncJobChangedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkspaceName {\n    workspace {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query WorkspaceName {\n    workspace {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FolderFields on AudienceFolder {\n    id\n    path\n  }\n"): (typeof documents)["\n  fragment FolderFields on AudienceFolder {\n    id\n    path\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FolderTree {\n    audienceFolders {\n      ...FolderFields\n      children {\n        ...FolderFields\n        children {\n          ...FolderFields\n          children {\n            ...FolderFields\n            children {\n              ...FolderFields\n              children {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query FolderTree {\n    audienceFolders {\n      ...FolderFields\n      children {\n        ...FolderFields\n        children {\n          ...FolderFields\n          children {\n            ...FolderFields\n            children {\n              ...FolderFields\n              children {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FolderChildren($parentId: ID!) {\n    audienceFolders(parentId: $parentId) {\n      ...FolderFields\n      children {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query FolderChildren($parentId: ID!) {\n    audienceFolders(parentId: $parentId) {\n      ...FolderFields\n      children {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FolderAudiences($folderId: ID!, $after: String) {\n    audiences(folderId: $folderId, first: 500, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query FolderAudiences($folderId: ID!, $after: String) {\n    audiences(folderId: $folderId, first: 500, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListChoices($after: String) {\n    lists(first: 500, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          syncJob {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListChoices($after: String) {\n    lists(first: 500, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          syncJob {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebErrorFields on Error {\n    code\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment WebErrorFields on Error {\n    code\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebStartAudienceSync($input: StartAudienceSyncInput!) {\n    startAudienceSync(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on StartAudienceSyncSuccess {\n        syncJob {\n          id\n          audience {\n            name\n          }\n          list {\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation WebStartAudienceSync($input: StartAudienceSyncInput!) {\n    startAudienceSync(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on StartAudienceSyncSuccess {\n        syncJob {\n          id\n          audience {\n            name\n          }\n          list {\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebStatsFields on SyncStats {\n    audienceSize\n    ecidsWithCookie\n    ecidsWithLead\n    ecidsWithoutCookie\n    ecidsAnonymousOnly\n    matchedLeads\n    listSize\n    added\n    removed\n  }\n"): (typeof documents)["\n  fragment WebStatsFields on SyncStats {\n    audienceSize\n    ecidsWithCookie\n    ecidsWithLead\n    ecidsWithoutCookie\n    ecidsAnonymousOnly\n    matchedLeads\n    listSize\n    added\n    removed\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebRunFields on SyncRun {\n    id\n    trigger\n    status\n    phase\n    startedAt\n    finishedAt\n    error\n    stats {\n      audienceSize\n      ecidsWithCookie\n      ecidsWithLead\n      ecidsWithoutCookie\n      ecidsAnonymousOnly\n      matchedLeads\n      listSize\n      added\n      removed\n    }\n  }\n"): (typeof documents)["\n  fragment WebRunFields on SyncRun {\n    id\n    trigger\n    status\n    phase\n    startedAt\n    finishedAt\n    error\n    stats {\n      audienceSize\n      ecidsWithCookie\n      ecidsWithLead\n      ecidsWithoutCookie\n      ecidsAnonymousOnly\n      matchedLeads\n      listSize\n      added\n      removed\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebProgressFields on SyncProgress {\n    sequence\n    status\n    phase\n    processed\n    total\n    percent\n  }\n"): (typeof documents)["\n  fragment WebProgressFields on SyncProgress {\n    sequence\n    status\n    phase\n    processed\n    total\n    percent\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebJobFields on SyncJob {\n    id\n    status\n    createdAt\n    nextRunAt\n    audience {\n      id\n      name\n      folder {\n        path\n      }\n    }\n    list {\n      id\n      name\n    }\n    progress {\n      ...WebProgressFields\n    }\n    runs(first: 10) {\n      totalCount\n      edges {\n        node {\n          ...WebRunFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment WebJobFields on SyncJob {\n    id\n    status\n    createdAt\n    nextRunAt\n    audience {\n      id\n      name\n      folder {\n        path\n      }\n    }\n    list {\n      id\n      name\n    }\n    progress {\n      ...WebProgressFields\n    }\n    runs(first: 10) {\n      totalCount\n      edges {\n        node {\n          ...WebRunFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebSyncJobs($first: Int!, $after: String) {\n    syncJobs(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...WebJobFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebSyncJobs($first: Int!, $after: String) {\n    syncJobs(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...WebJobFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebJobRuns($id: ID!, $after: String) {\n    syncJob(id: $id) {\n      id\n      runs(first: 50, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...WebRunFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebJobRuns($id: ID!, $after: String) {\n    syncJob(id: $id) {\n      id\n      runs(first: 50, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...WebRunFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebPauseSyncJob($id: ID!) {\n    pauseSyncJob(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation WebPauseSyncJob($id: ID!) {\n    pauseSyncJob(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebResumeSyncJob($id: ID!) {\n    resumeSyncJob(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation WebResumeSyncJob($id: ID!) {\n    resumeSyncJob(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebRunSyncJobNow($id: ID!) {\n    runSyncJobNow(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation WebRunSyncJobNow($id: ID!) {\n    runSyncJobNow(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebExplainMatch($audienceId: ID!, $ecid: String!) {\n    audience(id: $audienceId) {\n      explainMatch(ecid: $ecid) {\n        ecid\n        inAudience\n        reason\n        cookieIds\n        leads {\n          id\n          email\n          lists(first: 500) {\n            edges {\n              node {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebExplainMatch($audienceId: ID!, $ecid: String!) {\n    audience(id: $audienceId) {\n      explainMatch(ecid: $ecid) {\n        ecid\n        inAudience\n        reason\n        cookieIds\n        leads {\n          id\n          email\n          lists(first: 500) {\n            edges {\n              node {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WebSyncProgress($syncJobId: ID!, $afterSequence: Int) {\n    syncProgress(syncJobId: $syncJobId, afterSequence: $afterSequence) {\n      ...WebProgressFields\n    }\n  }\n"): (typeof documents)["\n  subscription WebSyncProgress($syncJobId: ID!, $afterSequence: Int) {\n    syncProgress(syncJobId: $syncJobId, afterSequence: $afterSequence) {\n      ...WebProgressFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WebSyncJobChanged {\n    syncJobChanged {\n      id\n      status\n      deletedAt\n    }\n  }\n"): (typeof documents)["\n  subscription WebSyncJobChanged {\n    syncJobChanged {\n      id\n      status\n      deletedAt\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;