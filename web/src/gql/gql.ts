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
    "\n  query SettingsExperienceCloud {\n    workspace {\n      id\n      hipaaReady\n      experienceCloud {\n        imsOrgId\n        cookieSyncEnabled\n        configuredAt\n      }\n    }\n  }\n": typeof types.SettingsExperienceCloudDocument,
    "\n  mutation SettingsConfigureExperienceCloud($input: ConfigureExperienceCloudInput!) {\n    configureExperienceCloud(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on ConfigureExperienceCloudSuccess {\n        workspace {\n          id\n          experienceCloud {\n            imsOrgId\n            cookieSyncEnabled\n            configuredAt\n          }\n        }\n      }\n    }\n  }\n": typeof types.SettingsConfigureExperienceCloudDocument,
    "\n  fragment SettingsKeyFields on PublishableKey {\n    id\n    key\n    allowedOrigins\n    createdAt\n    revokedAt\n  }\n": typeof types.SettingsKeyFieldsFragmentDoc,
    "\n  query SettingsPublishableKeys($first: Int!, $after: String) {\n    workspace {\n      id\n      experienceCloud {\n        imsOrgId\n      }\n      publishableKeys(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...SettingsKeyFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.SettingsPublishableKeysDocument,
    "\n  mutation SettingsCreatePublishableKey($input: CreatePublishableKeyInput!) {\n    createPublishableKey(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on CreatePublishableKeySuccess {\n        publishableKey {\n          ...SettingsKeyFields\n        }\n      }\n    }\n  }\n": typeof types.SettingsCreatePublishableKeyDocument,
    "\n  mutation SettingsRevokePublishableKey($id: ID!) {\n    revokePublishableKey(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n": typeof types.SettingsRevokePublishableKeyDocument,
    "\n  fragment SettingsWebhookFields on Webhook {\n    id\n    url\n    description\n    events\n    createdAt\n  }\n": typeof types.SettingsWebhookFieldsFragmentDoc,
    "\n  fragment SettingsDeliveryFields on WebhookDelivery {\n    id\n    eventType\n    status\n    attempts\n    responseStatus\n    lastError\n    createdAt\n    deliveredAt\n  }\n": typeof types.SettingsDeliveryFieldsFragmentDoc,
    "\n  query SettingsWebhooks($first: Int!, $after: String) {\n    webhooks(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...SettingsWebhookFields\n        }\n      }\n    }\n  }\n": typeof types.SettingsWebhooksDocument,
    "\n  query SettingsWebhookDeliveries($id: ID!, $first: Int!, $after: String) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Webhook {\n        deliveries(first: $first, after: $after) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          edges {\n            node {\n              ...SettingsDeliveryFields\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.SettingsWebhookDeliveriesDocument,
    "\n  mutation SettingsCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on CreateWebhookSuccess {\n        signingSecret\n        webhook {\n          ...SettingsWebhookFields\n        }\n      }\n    }\n  }\n": typeof types.SettingsCreateWebhookDocument,
    "\n  mutation SettingsTestWebhook($id: ID!) {\n    testWebhook(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n      ... on TestWebhookSuccess {\n        delivery {\n          ...SettingsDeliveryFields\n        }\n      }\n    }\n  }\n": typeof types.SettingsTestWebhookDocument,
    "\n  mutation SettingsDeleteWebhook($id: ID!) {\n    deleteWebhook(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n": typeof types.SettingsDeleteWebhookDocument,
    "\n  fragment SettingsMarketoFields on MarketoConnection {\n    restEndpoint\n    identityEndpoint\n    clientId\n    status\n    callsPer20Seconds\n    concurrentCalls\n    dailyCallBudget\n    callsToday\n    connectedAt\n    lastError\n  }\n": typeof types.SettingsMarketoFieldsFragmentDoc,
    "\n  query SettingsMarketo {\n    workspace {\n      id\n      marketo {\n        ...SettingsMarketoFields\n      }\n    }\n  }\n": typeof types.SettingsMarketoDocument,
    "\n  mutation SettingsConnectMarketo($input: ConnectMarketoInput!) {\n    connectMarketo(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on ConnectMarketoSuccess {\n        workspace {\n          id\n          marketo {\n            ...SettingsMarketoFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.SettingsConnectMarketoDocument,
    "\n  mutation SettingsDisconnectMarketo {\n    disconnectMarketo {\n      __typename\n      ...WebErrorFields\n      ... on DisconnectMarketoSuccess {\n        workspace {\n          id\n          marketo {\n            ...SettingsMarketoFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.SettingsDisconnectMarketoDocument,
    "\n  fragment SettingsApiTokenFields on ApiToken {\n    id\n    scopes\n    description\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": typeof types.SettingsApiTokenFieldsFragmentDoc,
    "\n  query SettingsApiTokens($first: Int!, $after: String) {\n    workspace {\n      id\n      apiTokens(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...SettingsApiTokenFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.SettingsApiTokensDocument,
    "\n  mutation SettingsCreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on CreateApiTokenSuccess {\n        token\n        apiToken {\n          ...SettingsApiTokenFields\n        }\n      }\n    }\n  }\n": typeof types.SettingsCreateApiTokenDocument,
    "\n  mutation SettingsRevokeApiToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n": typeof types.SettingsRevokeApiTokenDocument,
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
    "\n  query WebListsPage($first: Int!, $after: String, $search: String) {\n    lists(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          memberCount\n          syncJob {\n            id\n            status\n            audience {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.WebListsPageDocument,
    "\n  query WebListHead($id: ID!) {\n    list(id: $id) {\n      id\n      name\n      memberCount\n      createdAt\n      syncJob {\n        id\n        status\n        audience {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.WebListHeadDocument,
    "\n  query WebListMembersPage($id: ID!, $first: Int!, $after: String) {\n    list(id: $id) {\n      id\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          source\n          node {\n            id\n            email\n            firstName\n            lastName\n          }\n        }\n      }\n    }\n  }\n": typeof types.WebListMembersPageDocument,
    "\n  query WebLeadByEmail($email: String!, $after: String) {\n    leads(email: $email, first: 1) {\n      edges {\n        node {\n          id\n          email\n          firstName\n          lastName\n          lists(first: 500, after: $after) {\n            pageInfo {\n              hasNextPage\n              endCursor\n            }\n            edges {\n              source\n              node {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.WebLeadByEmailDocument,
    "\n  query WebListChangesPage(\n    $id: ID!\n    $first: Int!\n    $after: String\n    $kind: MembershipChangeKind\n  ) {\n    list(id: $id) {\n      id\n      changes(first: $first, after: $after, kind: $kind) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            at\n            kind\n            source\n            lead {\n              id\n              email\n            }\n            run {\n              id\n              trigger\n              startedAt\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.WebListChangesPageDocument,
    "\n  mutation WebAddListMembers($input: AddListMembersInput!) {\n    addListMembers(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on AddListMembersSuccess {\n        count\n      }\n    }\n  }\n": typeof types.WebAddListMembersDocument,
    "\n  mutation WebRemoveListMembers($input: RemoveListMembersInput!) {\n    removeListMembers(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on RemoveListMembersSuccess {\n        count\n      }\n    }\n  }\n": typeof types.WebRemoveListMembersDocument,
    "\n  query WebLibraryFolders($parentId: ID) {\n    audienceFolders(parentId: $parentId) {\n      id\n      name\n      path\n    }\n  }\n": typeof types.WebLibraryFoldersDocument,
    "\n  fragment WebAudienceRowFields on Audience {\n    id\n    name\n    externalId\n    memberCount\n    source\n    updatedAt\n    folder {\n      id\n      path\n    }\n    syncJobs {\n      id\n      list {\n        id\n        name\n      }\n    }\n  }\n": typeof types.WebAudienceRowFieldsFragmentDoc,
    "\n  query WebLibraryAudiences($folderId: ID!, $first: Int!, $after: String) {\n    audiences(folderId: $folderId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...WebAudienceRowFields\n        }\n      }\n    }\n  }\n": typeof types.WebLibraryAudiencesDocument,
    "\n  query WebSearchAudiences($search: String!, $first: Int!, $after: String) {\n    audiences(search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...WebAudienceRowFields\n        }\n      }\n    }\n  }\n": typeof types.WebSearchAudiencesDocument,
    "\n  query WebPreviewAudienceSync($audienceId: ID!) {\n    previewAudienceSync(audienceId: $audienceId) {\n      ...WebStatsFields\n    }\n  }\n": typeof types.WebPreviewAudienceSyncDocument,
    "\n  query WebAudienceFolderOf($id: ID!) {\n    audience(id: $id) {\n      id\n      name\n      folder {\n        id\n      }\n    }\n  }\n": typeof types.WebAudienceFolderOfDocument,
};
const documents: Documents = {
    "\n  query SettingsExperienceCloud {\n    workspace {\n      id\n      hipaaReady\n      experienceCloud {\n        imsOrgId\n        cookieSyncEnabled\n        configuredAt\n      }\n    }\n  }\n": types.SettingsExperienceCloudDocument,
    "\n  mutation SettingsConfigureExperienceCloud($input: ConfigureExperienceCloudInput!) {\n    configureExperienceCloud(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on ConfigureExperienceCloudSuccess {\n        workspace {\n          id\n          experienceCloud {\n            imsOrgId\n            cookieSyncEnabled\n            configuredAt\n          }\n        }\n      }\n    }\n  }\n": types.SettingsConfigureExperienceCloudDocument,
    "\n  fragment SettingsKeyFields on PublishableKey {\n    id\n    key\n    allowedOrigins\n    createdAt\n    revokedAt\n  }\n": types.SettingsKeyFieldsFragmentDoc,
    "\n  query SettingsPublishableKeys($first: Int!, $after: String) {\n    workspace {\n      id\n      experienceCloud {\n        imsOrgId\n      }\n      publishableKeys(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...SettingsKeyFields\n          }\n        }\n      }\n    }\n  }\n": types.SettingsPublishableKeysDocument,
    "\n  mutation SettingsCreatePublishableKey($input: CreatePublishableKeyInput!) {\n    createPublishableKey(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on CreatePublishableKeySuccess {\n        publishableKey {\n          ...SettingsKeyFields\n        }\n      }\n    }\n  }\n": types.SettingsCreatePublishableKeyDocument,
    "\n  mutation SettingsRevokePublishableKey($id: ID!) {\n    revokePublishableKey(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n": types.SettingsRevokePublishableKeyDocument,
    "\n  fragment SettingsWebhookFields on Webhook {\n    id\n    url\n    description\n    events\n    createdAt\n  }\n": types.SettingsWebhookFieldsFragmentDoc,
    "\n  fragment SettingsDeliveryFields on WebhookDelivery {\n    id\n    eventType\n    status\n    attempts\n    responseStatus\n    lastError\n    createdAt\n    deliveredAt\n  }\n": types.SettingsDeliveryFieldsFragmentDoc,
    "\n  query SettingsWebhooks($first: Int!, $after: String) {\n    webhooks(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...SettingsWebhookFields\n        }\n      }\n    }\n  }\n": types.SettingsWebhooksDocument,
    "\n  query SettingsWebhookDeliveries($id: ID!, $first: Int!, $after: String) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Webhook {\n        deliveries(first: $first, after: $after) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          edges {\n            node {\n              ...SettingsDeliveryFields\n            }\n          }\n        }\n      }\n    }\n  }\n": types.SettingsWebhookDeliveriesDocument,
    "\n  mutation SettingsCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on CreateWebhookSuccess {\n        signingSecret\n        webhook {\n          ...SettingsWebhookFields\n        }\n      }\n    }\n  }\n": types.SettingsCreateWebhookDocument,
    "\n  mutation SettingsTestWebhook($id: ID!) {\n    testWebhook(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n      ... on TestWebhookSuccess {\n        delivery {\n          ...SettingsDeliveryFields\n        }\n      }\n    }\n  }\n": types.SettingsTestWebhookDocument,
    "\n  mutation SettingsDeleteWebhook($id: ID!) {\n    deleteWebhook(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n": types.SettingsDeleteWebhookDocument,
    "\n  fragment SettingsMarketoFields on MarketoConnection {\n    restEndpoint\n    identityEndpoint\n    clientId\n    status\n    callsPer20Seconds\n    concurrentCalls\n    dailyCallBudget\n    callsToday\n    connectedAt\n    lastError\n  }\n": types.SettingsMarketoFieldsFragmentDoc,
    "\n  query SettingsMarketo {\n    workspace {\n      id\n      marketo {\n        ...SettingsMarketoFields\n      }\n    }\n  }\n": types.SettingsMarketoDocument,
    "\n  mutation SettingsConnectMarketo($input: ConnectMarketoInput!) {\n    connectMarketo(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on ConnectMarketoSuccess {\n        workspace {\n          id\n          marketo {\n            ...SettingsMarketoFields\n          }\n        }\n      }\n    }\n  }\n": types.SettingsConnectMarketoDocument,
    "\n  mutation SettingsDisconnectMarketo {\n    disconnectMarketo {\n      __typename\n      ...WebErrorFields\n      ... on DisconnectMarketoSuccess {\n        workspace {\n          id\n          marketo {\n            ...SettingsMarketoFields\n          }\n        }\n      }\n    }\n  }\n": types.SettingsDisconnectMarketoDocument,
    "\n  fragment SettingsApiTokenFields on ApiToken {\n    id\n    scopes\n    description\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": types.SettingsApiTokenFieldsFragmentDoc,
    "\n  query SettingsApiTokens($first: Int!, $after: String) {\n    workspace {\n      id\n      apiTokens(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...SettingsApiTokenFields\n          }\n        }\n      }\n    }\n  }\n": types.SettingsApiTokensDocument,
    "\n  mutation SettingsCreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on CreateApiTokenSuccess {\n        token\n        apiToken {\n          ...SettingsApiTokenFields\n        }\n      }\n    }\n  }\n": types.SettingsCreateApiTokenDocument,
    "\n  mutation SettingsRevokeApiToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n": types.SettingsRevokeApiTokenDocument,
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
    "\n  query WebListsPage($first: Int!, $after: String, $search: String) {\n    lists(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          memberCount\n          syncJob {\n            id\n            status\n            audience {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": types.WebListsPageDocument,
    "\n  query WebListHead($id: ID!) {\n    list(id: $id) {\n      id\n      name\n      memberCount\n      createdAt\n      syncJob {\n        id\n        status\n        audience {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.WebListHeadDocument,
    "\n  query WebListMembersPage($id: ID!, $first: Int!, $after: String) {\n    list(id: $id) {\n      id\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          source\n          node {\n            id\n            email\n            firstName\n            lastName\n          }\n        }\n      }\n    }\n  }\n": types.WebListMembersPageDocument,
    "\n  query WebLeadByEmail($email: String!, $after: String) {\n    leads(email: $email, first: 1) {\n      edges {\n        node {\n          id\n          email\n          firstName\n          lastName\n          lists(first: 500, after: $after) {\n            pageInfo {\n              hasNextPage\n              endCursor\n            }\n            edges {\n              source\n              node {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.WebLeadByEmailDocument,
    "\n  query WebListChangesPage(\n    $id: ID!\n    $first: Int!\n    $after: String\n    $kind: MembershipChangeKind\n  ) {\n    list(id: $id) {\n      id\n      changes(first: $first, after: $after, kind: $kind) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            at\n            kind\n            source\n            lead {\n              id\n              email\n            }\n            run {\n              id\n              trigger\n              startedAt\n            }\n          }\n        }\n      }\n    }\n  }\n": types.WebListChangesPageDocument,
    "\n  mutation WebAddListMembers($input: AddListMembersInput!) {\n    addListMembers(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on AddListMembersSuccess {\n        count\n      }\n    }\n  }\n": types.WebAddListMembersDocument,
    "\n  mutation WebRemoveListMembers($input: RemoveListMembersInput!) {\n    removeListMembers(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on RemoveListMembersSuccess {\n        count\n      }\n    }\n  }\n": types.WebRemoveListMembersDocument,
    "\n  query WebLibraryFolders($parentId: ID) {\n    audienceFolders(parentId: $parentId) {\n      id\n      name\n      path\n    }\n  }\n": types.WebLibraryFoldersDocument,
    "\n  fragment WebAudienceRowFields on Audience {\n    id\n    name\n    externalId\n    memberCount\n    source\n    updatedAt\n    folder {\n      id\n      path\n    }\n    syncJobs {\n      id\n      list {\n        id\n        name\n      }\n    }\n  }\n": types.WebAudienceRowFieldsFragmentDoc,
    "\n  query WebLibraryAudiences($folderId: ID!, $first: Int!, $after: String) {\n    audiences(folderId: $folderId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...WebAudienceRowFields\n        }\n      }\n    }\n  }\n": types.WebLibraryAudiencesDocument,
    "\n  query WebSearchAudiences($search: String!, $first: Int!, $after: String) {\n    audiences(search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...WebAudienceRowFields\n        }\n      }\n    }\n  }\n": types.WebSearchAudiencesDocument,
    "\n  query WebPreviewAudienceSync($audienceId: ID!) {\n    previewAudienceSync(audienceId: $audienceId) {\n      ...WebStatsFields\n    }\n  }\n": types.WebPreviewAudienceSyncDocument,
    "\n  query WebAudienceFolderOf($id: ID!) {\n    audience(id: $id) {\n      id\n      name\n      folder {\n        id\n      }\n    }\n  }\n": types.WebAudienceFolderOfDocument,
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
export function graphql(source: "\n  query SettingsExperienceCloud {\n    workspace {\n      id\n      hipaaReady\n      experienceCloud {\n        imsOrgId\n        cookieSyncEnabled\n        configuredAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query SettingsExperienceCloud {\n    workspace {\n      id\n      hipaaReady\n      experienceCloud {\n        imsOrgId\n        cookieSyncEnabled\n        configuredAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsConfigureExperienceCloud($input: ConfigureExperienceCloudInput!) {\n    configureExperienceCloud(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on ConfigureExperienceCloudSuccess {\n        workspace {\n          id\n          experienceCloud {\n            imsOrgId\n            cookieSyncEnabled\n            configuredAt\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SettingsConfigureExperienceCloud($input: ConfigureExperienceCloudInput!) {\n    configureExperienceCloud(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on ConfigureExperienceCloudSuccess {\n        workspace {\n          id\n          experienceCloud {\n            imsOrgId\n            cookieSyncEnabled\n            configuredAt\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsKeyFields on PublishableKey {\n    id\n    key\n    allowedOrigins\n    createdAt\n    revokedAt\n  }\n"): (typeof documents)["\n  fragment SettingsKeyFields on PublishableKey {\n    id\n    key\n    allowedOrigins\n    createdAt\n    revokedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsPublishableKeys($first: Int!, $after: String) {\n    workspace {\n      id\n      experienceCloud {\n        imsOrgId\n      }\n      publishableKeys(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...SettingsKeyFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SettingsPublishableKeys($first: Int!, $after: String) {\n    workspace {\n      id\n      experienceCloud {\n        imsOrgId\n      }\n      publishableKeys(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...SettingsKeyFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsCreatePublishableKey($input: CreatePublishableKeyInput!) {\n    createPublishableKey(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on CreatePublishableKeySuccess {\n        publishableKey {\n          ...SettingsKeyFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SettingsCreatePublishableKey($input: CreatePublishableKeyInput!) {\n    createPublishableKey(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on CreatePublishableKeySuccess {\n        publishableKey {\n          ...SettingsKeyFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsRevokePublishableKey($id: ID!) {\n    revokePublishableKey(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation SettingsRevokePublishableKey($id: ID!) {\n    revokePublishableKey(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsWebhookFields on Webhook {\n    id\n    url\n    description\n    events\n    createdAt\n  }\n"): (typeof documents)["\n  fragment SettingsWebhookFields on Webhook {\n    id\n    url\n    description\n    events\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsDeliveryFields on WebhookDelivery {\n    id\n    eventType\n    status\n    attempts\n    responseStatus\n    lastError\n    createdAt\n    deliveredAt\n  }\n"): (typeof documents)["\n  fragment SettingsDeliveryFields on WebhookDelivery {\n    id\n    eventType\n    status\n    attempts\n    responseStatus\n    lastError\n    createdAt\n    deliveredAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsWebhooks($first: Int!, $after: String) {\n    webhooks(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...SettingsWebhookFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SettingsWebhooks($first: Int!, $after: String) {\n    webhooks(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...SettingsWebhookFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsWebhookDeliveries($id: ID!, $first: Int!, $after: String) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Webhook {\n        deliveries(first: $first, after: $after) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          edges {\n            node {\n              ...SettingsDeliveryFields\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SettingsWebhookDeliveries($id: ID!, $first: Int!, $after: String) {\n    node(id: $id) {\n      __typename\n      id\n      ... on Webhook {\n        deliveries(first: $first, after: $after) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          edges {\n            node {\n              ...SettingsDeliveryFields\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on CreateWebhookSuccess {\n        signingSecret\n        webhook {\n          ...SettingsWebhookFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SettingsCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on CreateWebhookSuccess {\n        signingSecret\n        webhook {\n          ...SettingsWebhookFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsTestWebhook($id: ID!) {\n    testWebhook(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n      ... on TestWebhookSuccess {\n        delivery {\n          ...SettingsDeliveryFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SettingsTestWebhook($id: ID!) {\n    testWebhook(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n      ... on TestWebhookSuccess {\n        delivery {\n          ...SettingsDeliveryFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsDeleteWebhook($id: ID!) {\n    deleteWebhook(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation SettingsDeleteWebhook($id: ID!) {\n    deleteWebhook(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsMarketoFields on MarketoConnection {\n    restEndpoint\n    identityEndpoint\n    clientId\n    status\n    callsPer20Seconds\n    concurrentCalls\n    dailyCallBudget\n    callsToday\n    connectedAt\n    lastError\n  }\n"): (typeof documents)["\n  fragment SettingsMarketoFields on MarketoConnection {\n    restEndpoint\n    identityEndpoint\n    clientId\n    status\n    callsPer20Seconds\n    concurrentCalls\n    dailyCallBudget\n    callsToday\n    connectedAt\n    lastError\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsMarketo {\n    workspace {\n      id\n      marketo {\n        ...SettingsMarketoFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query SettingsMarketo {\n    workspace {\n      id\n      marketo {\n        ...SettingsMarketoFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsConnectMarketo($input: ConnectMarketoInput!) {\n    connectMarketo(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on ConnectMarketoSuccess {\n        workspace {\n          id\n          marketo {\n            ...SettingsMarketoFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SettingsConnectMarketo($input: ConnectMarketoInput!) {\n    connectMarketo(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on ConnectMarketoSuccess {\n        workspace {\n          id\n          marketo {\n            ...SettingsMarketoFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsDisconnectMarketo {\n    disconnectMarketo {\n      __typename\n      ...WebErrorFields\n      ... on DisconnectMarketoSuccess {\n        workspace {\n          id\n          marketo {\n            ...SettingsMarketoFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SettingsDisconnectMarketo {\n    disconnectMarketo {\n      __typename\n      ...WebErrorFields\n      ... on DisconnectMarketoSuccess {\n        workspace {\n          id\n          marketo {\n            ...SettingsMarketoFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsApiTokenFields on ApiToken {\n    id\n    scopes\n    description\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"): (typeof documents)["\n  fragment SettingsApiTokenFields on ApiToken {\n    id\n    scopes\n    description\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsApiTokens($first: Int!, $after: String) {\n    workspace {\n      id\n      apiTokens(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...SettingsApiTokenFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SettingsApiTokens($first: Int!, $after: String) {\n    workspace {\n      id\n      apiTokens(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...SettingsApiTokenFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsCreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on CreateApiTokenSuccess {\n        token\n        apiToken {\n          ...SettingsApiTokenFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SettingsCreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on CreateApiTokenSuccess {\n        token\n        apiToken {\n          ...SettingsApiTokenFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SettingsRevokeApiToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation SettingsRevokeApiToken($id: ID!) {\n    revokeApiToken(input: { id: $id }) {\n      __typename\n      ...WebErrorFields\n    }\n  }\n"];
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
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebListsPage($first: Int!, $after: String, $search: String) {\n    lists(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          memberCount\n          syncJob {\n            id\n            status\n            audience {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebListsPage($first: Int!, $after: String, $search: String) {\n    lists(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          memberCount\n          syncJob {\n            id\n            status\n            audience {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebListHead($id: ID!) {\n    list(id: $id) {\n      id\n      name\n      memberCount\n      createdAt\n      syncJob {\n        id\n        status\n        audience {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebListHead($id: ID!) {\n    list(id: $id) {\n      id\n      name\n      memberCount\n      createdAt\n      syncJob {\n        id\n        status\n        audience {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebListMembersPage($id: ID!, $first: Int!, $after: String) {\n    list(id: $id) {\n      id\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          source\n          node {\n            id\n            email\n            firstName\n            lastName\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebListMembersPage($id: ID!, $first: Int!, $after: String) {\n    list(id: $id) {\n      id\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          source\n          node {\n            id\n            email\n            firstName\n            lastName\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebLeadByEmail($email: String!, $after: String) {\n    leads(email: $email, first: 1) {\n      edges {\n        node {\n          id\n          email\n          firstName\n          lastName\n          lists(first: 500, after: $after) {\n            pageInfo {\n              hasNextPage\n              endCursor\n            }\n            edges {\n              source\n              node {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebLeadByEmail($email: String!, $after: String) {\n    leads(email: $email, first: 1) {\n      edges {\n        node {\n          id\n          email\n          firstName\n          lastName\n          lists(first: 500, after: $after) {\n            pageInfo {\n              hasNextPage\n              endCursor\n            }\n            edges {\n              source\n              node {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebListChangesPage(\n    $id: ID!\n    $first: Int!\n    $after: String\n    $kind: MembershipChangeKind\n  ) {\n    list(id: $id) {\n      id\n      changes(first: $first, after: $after, kind: $kind) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            at\n            kind\n            source\n            lead {\n              id\n              email\n            }\n            run {\n              id\n              trigger\n              startedAt\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebListChangesPage(\n    $id: ID!\n    $first: Int!\n    $after: String\n    $kind: MembershipChangeKind\n  ) {\n    list(id: $id) {\n      id\n      changes(first: $first, after: $after, kind: $kind) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            at\n            kind\n            source\n            lead {\n              id\n              email\n            }\n            run {\n              id\n              trigger\n              startedAt\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebAddListMembers($input: AddListMembersInput!) {\n    addListMembers(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on AddListMembersSuccess {\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation WebAddListMembers($input: AddListMembersInput!) {\n    addListMembers(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on AddListMembersSuccess {\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebRemoveListMembers($input: RemoveListMembersInput!) {\n    removeListMembers(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on RemoveListMembersSuccess {\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation WebRemoveListMembers($input: RemoveListMembersInput!) {\n    removeListMembers(input: $input) {\n      __typename\n      ...WebErrorFields\n      ... on RemoveListMembersSuccess {\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebLibraryFolders($parentId: ID) {\n    audienceFolders(parentId: $parentId) {\n      id\n      name\n      path\n    }\n  }\n"): (typeof documents)["\n  query WebLibraryFolders($parentId: ID) {\n    audienceFolders(parentId: $parentId) {\n      id\n      name\n      path\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebAudienceRowFields on Audience {\n    id\n    name\n    externalId\n    memberCount\n    source\n    updatedAt\n    folder {\n      id\n      path\n    }\n    syncJobs {\n      id\n      list {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment WebAudienceRowFields on Audience {\n    id\n    name\n    externalId\n    memberCount\n    source\n    updatedAt\n    folder {\n      id\n      path\n    }\n    syncJobs {\n      id\n      list {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebLibraryAudiences($folderId: ID!, $first: Int!, $after: String) {\n    audiences(folderId: $folderId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...WebAudienceRowFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebLibraryAudiences($folderId: ID!, $first: Int!, $after: String) {\n    audiences(folderId: $folderId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...WebAudienceRowFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebSearchAudiences($search: String!, $first: Int!, $after: String) {\n    audiences(search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...WebAudienceRowFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebSearchAudiences($search: String!, $first: Int!, $after: String) {\n    audiences(search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...WebAudienceRowFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebPreviewAudienceSync($audienceId: ID!) {\n    previewAudienceSync(audienceId: $audienceId) {\n      ...WebStatsFields\n    }\n  }\n"): (typeof documents)["\n  query WebPreviewAudienceSync($audienceId: ID!) {\n    previewAudienceSync(audienceId: $audienceId) {\n      ...WebStatsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebAudienceFolderOf($id: ID!) {\n    audience(id: $id) {\n      id\n      name\n      folder {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebAudienceFolderOf($id: ID!) {\n    audience(id: $id) {\n      id\n      name\n      folder {\n        id\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;