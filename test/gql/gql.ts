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
    "\n  subscription Bench($syncJobId: ID!, $afterSequence: Int) {\n    syncProgress(syncJobId: $syncJobId, afterSequence: $afterSequence) { sequence status at }\n  }\n": typeof types.BenchDocument,
    "\n  query Held {\n    workspace {\n      experienceCloud {\n        heldAudienceManagerSets {\n          name destinationId timestamp receivedAt expiresAt controlFileReceived expectedParts\n          parts { fileName lineCount receivedAt }\n        }\n      }\n    }\n  }\n": typeof types.HeldDocument,
    "\n  query WhoAmI {\n    workspace {\n      id\n      name\n      hipaaReady\n    }\n  }\n": typeof types.WhoAmIDocument,
    "\n  mutation ConfigureAsReader {\n    configureExperienceCloud(\n      input: { imsOrgId: \"0123456789ABCDEF01234567@AdobeOrg\", cookieSyncEnabled: true }\n    ) {\n      __typename\n    }\n  }\n": typeof types.ConfigureAsReaderDocument,
    "\n  query DashboardStatements($first: Int!) {\n    syncJobs(first: $first) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id status createdAt nextRunAt\n          audience { id name externalId folder { id path } }\n          list { id name }\n          lastRun {\n            id trigger status phase startedAt finishedAt error\n            stats {\n              audienceSize ecidsWithCookie ecidsWithLead ecidsWithoutCookie ecidsAnonymousOnly\n              matchedLeads listSize added removed\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.DashboardStatementsDocument,
    "\n  query ExportCounts($list: ID!, $run: ID!) {\n    list(id: $list) {\n      memberCount\n    }\n    node(id: $run) {\n      ... on SyncRun {\n        changes {\n          totalCount\n        }\n      }\n    }\n  }\n": typeof types.ExportCountsDocument,
    "\n  mutation CreateFolder($input: CreateAudienceFolderInput!) {\n    createAudienceFolder(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreateAudienceFolderSuccess {\n        folder {\n          id\n          name\n          path\n          parent {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.CreateFolderDocument,
    "\n  query Folders($parentId: ID) {\n    audienceFolders(parentId: $parentId) {\n      id\n      name\n      path\n      children {\n        name\n        path\n      }\n      audiences(first: 10) {\n        totalCount\n        edges {\n          node {\n            externalId\n          }\n        }\n      }\n    }\n  }\n": typeof types.FoldersDocument,
    "\n  query Folder($id: ID!) {\n    audienceFolder(id: $id) {\n      id\n      path\n    }\n  }\n": typeof types.FolderDocument,
    "\n  mutation UpsertAudience($input: UpsertAudienceInput!) {\n    upsertAudience(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on UpsertAudienceSuccess {\n        audience {\n          id\n          externalId\n          name\n          description\n          memberCount\n          folder {\n            path\n          }\n        }\n      }\n    }\n  }\n": typeof types.UpsertAudienceDocument,
    "\n  mutation AddMembers($input: AddAudienceMembersInput!) {\n    addAudienceMembers(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on AddAudienceMembersSuccess {\n        count\n        audience {\n          memberCount\n        }\n      }\n    }\n  }\n": typeof types.AddMembersDocument,
    "\n  mutation RemoveMembers($input: RemoveAudienceMembersInput!) {\n    removeAudienceMembers(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on RemoveAudienceMembersSuccess {\n        count\n        audience {\n          memberCount\n        }\n      }\n    }\n  }\n": typeof types.RemoveMembersDocument,
    "\n  query Audiences($folderId: ID, $search: String, $first: Int, $after: String) {\n    audiences(folderId: $folderId, search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          externalId\n          name\n        }\n      }\n    }\n  }\n": typeof types.AudiencesDocument,
    "\n  query AudienceById($id: ID!) {\n    audience(id: $id) {\n      id\n      name\n      memberCount\n    }\n  }\n": typeof types.AudienceByIdDocument,
    "\n  query HonestProgressRun($id: ID!) {\n    syncJob(id: $id) {\n      lastRun {\n        status\n        processed\n        total\n        attempts\n      }\n      runs(first: 5) {\n        edges {\n          node {\n            attempts\n          }\n        }\n      }\n    }\n  }\n": typeof types.HonestProgressRunDocument,
    "\n  mutation RecordCookieSync($input: RecordCookieSyncInput!) {\n    recordCookieSync(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on RecordCookieSyncSuccess {\n        ecid\n        cookieId\n      }\n    }\n  }\n": typeof types.RecordCookieSyncDocument,
    "\n  mutation AssociateLead($input: AssociateLeadInput!) {\n    associateLead(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on AssociateLeadSuccess {\n        lead {\n          id\n          email\n          firstName\n        }\n      }\n    }\n  }\n": typeof types.AssociateLeadDocument,
    "mutation Remove($input: RemoveAudienceMembersInput!) {\n        removeAudienceMembers(input: $input) { __typename ... on RemoveAudienceMembersSuccess { count } } }": typeof types.RemoveDocument,
    "\n  mutation UpsertLeads($input: UpsertLeadsInput!) {\n    upsertLeads(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on UpsertLeadsSuccess {\n        leads {\n          id\n          email\n          firstName\n          lastName\n        }\n      }\n    }\n  }\n": typeof types.UpsertLeadsDocument,
    "\n  query Leads($email: String, $first: Int, $after: String) {\n    leads(email: $email, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          email\n        }\n      }\n    }\n  }\n": typeof types.LeadsDocument,
    "\n  query LeadById($id: ID!) {\n    lead(id: $id) {\n      email\n      ecids\n      lists(first: 10) {\n        totalCount\n        edges {\n          source\n          node {\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.LeadByIdDocument,
    "\n  mutation CreateList($input: CreateListInput!) {\n    createList(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreateListSuccess {\n        list {\n          id\n          name\n          memberCount\n        }\n      }\n    }\n  }\n": typeof types.CreateListDocument,
    "\n  mutation AddListMembers($input: AddListMembersInput!) {\n    addListMembers(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on AddListMembersSuccess {\n        count\n        list {\n          memberCount\n        }\n      }\n    }\n  }\n": typeof types.AddListMembersDocument,
    "\n  mutation RemoveListMembers($input: RemoveListMembersInput!) {\n    removeListMembers(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on RemoveListMembersSuccess {\n        count\n        list {\n          memberCount\n        }\n      }\n    }\n  }\n": typeof types.RemoveListMembersDocument,
    "\n  query ListMembers($id: ID!, $first: Int, $after: String) {\n    list(id: $id) {\n      name\n      memberCount\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          source\n          node {\n            email\n          }\n        }\n      }\n    }\n  }\n": typeof types.ListMembersDocument,
    "\n  query Lists($search: String) {\n    lists(search: $search, first: 50) {\n      totalCount\n      edges {\n        node {\n          name\n        }\n      }\n    }\n  }\n": typeof types.ListsDocument,
    "\n  query ByIdOfAnotherType($id: ID!) {\n    audience(id: $id) {\n      id\n    }\n    audienceFolder(id: $id) {\n      id\n    }\n    list(id: $id) {\n      id\n    }\n    lead(id: $id) {\n      id\n    }\n    syncJob(id: $id) {\n      id\n    }\n  }\n": typeof types.ByIdOfAnotherTypeDocument,
    "\n  query ServingWorkspace {\n    workspace {\n      id\n    }\n  }\n": typeof types.ServingWorkspaceDocument,
    "\n  mutation RunNowHeld($input: RunSyncJobNowInput!) {\n    runSyncJobNow(input: $input) {\n      __typename\n    }\n  }\n": typeof types.RunNowHeldDocument,
    "\n  mutation AssociateHeld($input: AssociateLeadInput!) {\n    associateLead(input: $input) {\n      __typename\n    }\n  }\n": typeof types.AssociateHeldDocument,
    "\n  fragment MarketoConnectionFields on MarketoConnection {\n    restEndpoint\n    identityEndpoint\n    clientId\n    status\n    callsPer20Seconds\n    concurrentCalls\n    dailyCallBudget\n    callsToday\n    connectedAt\n    lastError\n  }\n": typeof types.MarketoConnectionFieldsFragmentDoc,
    "\n  mutation MarketoConnect($input: ConnectMarketoInput!) {\n    connectMarketo(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on ConnectMarketoSuccess {\n        workspace {\n          id\n          marketo {\n            ...MarketoConnectionFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.MarketoConnectDocument,
    "\n  mutation MarketoDisconnect {\n    disconnectMarketo {\n      __typename\n      ...ErrorFields\n      ... on DisconnectMarketoSuccess {\n        workspace {\n          marketo {\n            ...MarketoConnectionFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.MarketoDisconnectDocument,
    "\n  query MarketoConnectionOfWorkspace {\n    workspace {\n      id\n      marketo {\n        ...MarketoConnectionFields\n      }\n    }\n  }\n": typeof types.MarketoConnectionOfWorkspaceDocument,
    "\n  mutation MirrorsConnectMarketo($input: ConnectMarketoInput!) {\n    connectMarketo(input: $input) {\n      __typename\n      ...ErrorFields\n    }\n  }\n": typeof types.MirrorsConnectMarketoDocument,
    "\n  mutation MirrorListToMarketo($input: MirrorListToMarketoInput!) {\n    mirrorListToMarketo(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on MirrorListToMarketoSuccess {\n        mirror {\n          id\n          list {\n            id\n          }\n          marketoListId\n          marketoListName\n          leadMatching\n          status\n        }\n      }\n    }\n  }\n": typeof types.MirrorListToMarketoDocument,
    "\n  mutation StopMirroringList($input: StopMirroringListInput!) {\n    stopMirroringList(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on StopMirroringListSuccess {\n        list {\n          id\n          marketoMirror {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.StopMirroringListDocument,
    "\n  mutation PushListToMarketoNow($input: PushListToMarketoNowInput!) {\n    pushListToMarketoNow(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on PushListToMarketoNowSuccess {\n        push {\n          id\n          trigger\n          status\n        }\n        mirror {\n          id\n        }\n      }\n    }\n  }\n": typeof types.PushListToMarketoNowDocument,
    "\n  query MarketoMirrorOfList($id: ID!) {\n    node(id: $id) {\n      ... on List {\n        id\n        marketoMirror {\n          id\n          marketoListId\n          marketoListName\n          status\n          pendingAdds\n          pendingRemoves\n          lastPush {\n            id\n            trigger\n            status\n            added\n            removed\n            notInMarketo\n            skipped\n            calls\n            error\n          }\n          pushes(first: 10) {\n            totalCount\n            edges {\n              node {\n                id\n                trigger\n                status\n                records(first: 50) {\n                  totalCount\n                  edges {\n                    node {\n                      email\n                      marketoLeadId\n                      action\n                      outcome\n                      lead {\n                        id\n                      }\n                    }\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.MarketoMirrorOfListDocument,
    "\n  query MarketoNodeById($id: ID!) {\n    node(id: $id) {\n      id\n    }\n  }\n": typeof types.MarketoNodeByIdDocument,
    "\n  subscription MarketoPushProgress($listId: ID!) {\n    marketoPushProgress(listId: $listId) {\n      id\n      trigger\n      status\n      added\n      removed\n    }\n  }\n": typeof types.MarketoPushProgressDocument,
    "\n  query RunChanges($id: ID!, $kind: MembershipChangeKind, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on SyncRun {\n        status\n        stats {\n          added\n          removed\n        }\n        changes(kind: $kind, first: $first, after: $after) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          edges {\n            node {\n              id\n              kind\n              source\n              at\n              lead {\n                id\n              }\n              run {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.RunChangesDocument,
    "\n  query ListChanges($id: ID!, $kind: MembershipChangeKind) {\n    list(id: $id) {\n      memberCount\n      changes(kind: $kind, first: 500) {\n        totalCount\n        edges {\n          node {\n            kind\n            source\n            lead {\n              id\n            }\n            run {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ListChangesDocument,
    "\n  mutation HistoryRunNow($input: RunSyncJobNowInput!) {\n    runSyncJobNow(input: $input) {\n      __typename\n    }\n  }\n": typeof types.HistoryRunNowDocument,
    "\n  mutation HistoryAddMembers($input: AddListMembersInput!) {\n    addListMembers(input: $input) {\n      __typename\n    }\n  }\n": typeof types.HistoryAddMembersDocument,
    "\n  mutation HistoryRemoveMembers($input: RemoveListMembersInput!) {\n    removeListMembers(input: $input) {\n      __typename\n    }\n  }\n": typeof types.HistoryRemoveMembersDocument,
    "\n  mutation RevokePublishableKey($input: RevokePublishableKeyInput!) {\n    revokePublishableKey(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on RevokePublishableKeySuccess {\n        publishableKey {\n          id\n          revokedAt\n        }\n      }\n    }\n  }\n": typeof types.RevokePublishableKeyDocument,
    "\n  query WorkspaceKeys {\n    workspace {\n      publishableKeys(first: 10) {\n        totalCount\n        edges {\n          node {\n            id\n            key\n            allowedOrigins\n            revokedAt\n          }\n        }\n      }\n    }\n  }\n": typeof types.WorkspaceKeysDocument,
    "\n  mutation CreateKeyWithOrigins($input: CreatePublishableKeyInput!) {\n    createPublishableKey(input: $input) {\n      __typename\n      ...ErrorFields\n    }\n  }\n": typeof types.CreateKeyWithOriginsDocument,
    "\n  mutation LinkFor($input: CreateTrackedLinkInput!) {\n    createTrackedLink(input: $input) {\n      __typename\n      ...ErrorFields\n    }\n  }\n": typeof types.LinkForDocument,
    "\n  query LeadEcids($email: String!) {\n    leads(email: $email, first: 1) {\n      edges {\n        node {\n          email\n          firstName\n          ecids\n        }\n      }\n    }\n  }\n": typeof types.LeadEcidsDocument,
    "\n  mutation RevokeKey($input: RevokePublishableKeyInput!) {\n    revokePublishableKey(input: $input) {\n      __typename\n    }\n  }\n": typeof types.RevokeKeyDocument,
    "\n  query LoggedLists {\n    lists(first: 1) {\n      totalCount\n    }\n  }\n": typeof types.LoggedListsDocument,
    "\n  mutation LoggedStart($input: StartAudienceSyncInput!) {\n    startAudienceSync(input: $input) {\n      __typename\n      ... on StartAudienceSyncSuccess {\n        syncJob {\n          id\n        }\n      }\n    }\n  }\n": typeof types.LoggedStartDocument,
    "\n  query FirstJobsPage {\n    syncJobs(first: 10) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        cursor\n      }\n    }\n  }\n": typeof types.FirstJobsPageDocument,
    "\n  query PersistedLists {\n    lists(first: 1) {\n      totalCount\n    }\n  }\n": typeof types.PersistedListsDocument,
    "\n  query CostAudiences($first: Int!) {\n    audiences(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          memberCount\n          folder {\n            path\n            parent {\n              name\n            }\n          }\n          syncJobs {\n            status\n            list {\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CostAudiencesDocument,
    "\n  query CostLeads($first: Int!) {\n    leads(first: $first) {\n      totalCount\n      edges {\n        node {\n          email\n          ecids\n          lists(first: 5) {\n            totalCount\n            edges {\n              source\n              node {\n                name\n                memberCount\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CostLeadsDocument,
    "\n  query CostLists($first: Int!) {\n    lists(first: $first) {\n      edges {\n        node {\n          memberCount\n          members(first: 3) {\n            totalCount\n            edges {\n              node {\n                email\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CostListsDocument,
    "\n  query CostFolders($first: Int!) {\n    audienceFolders {\n      children {\n        path\n        audiences(first: $first) {\n          edges {\n            node {\n              name\n              folder {\n                name\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CostFoldersDocument,
    "\n  subscription Small($syncJobId: ID!) {\n    syncProgress(syncJobId: $syncJobId) { sequence phase }\n  }\n": typeof types.SmallDocument,
    "\n  subscription SyncProgress($syncJobId: ID!, $afterSequence: Int) {\n    syncProgress(syncJobId: $syncJobId, afterSequence: $afterSequence) {\n      syncJobId\n      sequence\n      status\n      phase\n      processed\n      total\n      percent\n      stats {\n        matchedLeads\n      }\n    }\n  }\n": typeof types.SyncProgressDocument,
    "\n  mutation DeleteElsewhere($id: ID!) {\n    deleteSyncJob(input: { id: $id }) {\n      __typename\n    }\n  }\n": typeof types.DeleteElsewhereDocument,
    "subscription ChangedOrDeleted { syncJobChanged { id deletedAt } }": typeof types.ChangedOrDeletedDocument,
    "\n  subscription SyncJobChanged {\n    syncJobChanged {\n      id\n      status\n    }\n  }\n": typeof types.SyncJobChangedDocument,
    "\n  mutation DeleteSyncJob($id: ID!) {\n    deleteSyncJob(input: { id: $id }) {\n      __typename\n      ... on DeleteSyncJobSuccess {\n        deletedId\n      }\n    }\n  }\n": typeof types.DeleteSyncJobDocument,
    "\n  query JobDeletedAt($id: ID!) {\n    syncJob(id: $id) {\n      id\n      deletedAt\n    }\n  }\n": typeof types.JobDeletedAtDocument,
    "\n  subscription SyncJobChangedDeleted {\n    syncJobChanged {\n      id\n      status\n      deletedAt\n      list {\n        id\n      }\n      lastRun {\n        id\n      }\n      progress {\n        sequence\n      }\n    }\n  }\n": typeof types.SyncJobChangedDeletedDocument,
    "\n  mutation ServiceConfigureExperienceCloud {\n    configureExperienceCloud(\n      input: { imsOrgId: \"0123456789ABCDEF01234567@AdobeOrg\", cookieSyncEnabled: true }\n    ) {\n      __typename\n    }\n  }\n": typeof types.ServiceConfigureExperienceCloudDocument,
    "\n  query ServiceExperienceCloud {\n    workspace {\n      experienceCloud {\n        imsOrgId\n      }\n    }\n  }\n": typeof types.ServiceExperienceCloudDocument,
    "\n  fragment ErrorFields on Error {\n    code\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n  }\n": typeof types.ErrorFieldsFragmentDoc,
    "\n  fragment SyncJobFields on SyncJob {\n    id\n    status\n    nextRunAt\n    audience {\n      id\n      name\n    }\n    list {\n      id\n      name\n    }\n    lastRun {\n      id\n      trigger\n      status\n      phase\n      processed\n      total\n      error\n      stats {\n        audienceSize\n        ecidsWithCookie\n        ecidsWithLead\n        ecidsWithoutCookie\n        ecidsAnonymousOnly\n        matchedLeads\n        listSize\n        added\n        removed\n      }\n    }\n    progress {\n      sequence\n      status\n      phase\n      processed\n      total\n      percent\n    }\n  }\n": typeof types.SyncJobFieldsFragmentDoc,
    "\n  query PreviewSync($id: ID!) {\n    previewAudienceSync(audienceId: $id) {\n      audienceSize\n      ecidsWithCookie\n      ecidsWithLead\n      ecidsWithoutCookie\n      ecidsAnonymousOnly\n      matchedLeads\n      listSize\n      added\n      removed\n    }\n  }\n": typeof types.PreviewSyncDocument,
    "\n  mutation ContractConnectMarketo($input: ConnectMarketoInput!) {\n    connectMarketo(input: $input) {\n      __typename\n      ... on Error { code message }\n      ... on ConnectMarketoSuccess { workspace { id marketo { status } } }\n    }\n  }\n": typeof types.ContractConnectMarketoDocument,
    "\n  mutation ContractMirror($input: MirrorListToMarketoInput!) {\n    mirrorListToMarketo(input: $input) {\n      __typename\n      ... on Error { code message }\n      ... on MirrorListToMarketoSuccess { mirror { id marketoListId status } }\n    }\n  }\n": typeof types.ContractMirrorDocument,
    "\n  query ContractWorkspaceMarketo {\n    workspace { marketo { status lastError callsToday dailyCallBudget } }\n  }\n": typeof types.ContractWorkspaceMarketoDocument,
    "\n  mutation ContractPushNow($input: PushListToMarketoNowInput!) {\n    pushListToMarketoNow(input: $input) {\n      __typename\n      ... on Error { code message }\n      ... on PushListToMarketoNowSuccess { push { id trigger } }\n    }\n  }\n": typeof types.ContractPushNowDocument,
    "\n  mutation CreatePublishableKey($input: CreatePublishableKeyInput!) {\n    createPublishableKey(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreatePublishableKeySuccess {\n        publishableKey {\n          id\n          key\n          allowedOrigins\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.CreatePublishableKeyDocument,
    "\n  mutation CreateTrackedLink($input: CreateTrackedLinkInput!) {\n    createTrackedLink(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreateTrackedLinkSuccess {\n        trackedUrl\n      }\n    }\n  }\n": typeof types.CreateTrackedLinkDocument,
    "\n  mutation UpsertOneLead($input: UpsertLeadsInput!) {\n    upsertLeads(input: $input) {\n      __typename\n      ... on UpsertLeadsSuccess {\n        leads {\n          id\n        }\n      }\n    }\n  }\n": typeof types.UpsertOneLeadDocument,
    "\n  mutation StartSync($input: StartAudienceSyncInput!) {\n    startAudienceSync(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on StartAudienceSyncSuccess {\n        syncJob {\n          ...SyncJobFields\n        }\n      }\n    }\n  }\n": typeof types.StartSyncDocument,
    "\n  query SettledSyncJob($id: ID!) {\n    syncJob(id: $id) {\n      ...SyncJobFields\n    }\n  }\n": typeof types.SettledSyncJobDocument,
    "\n  query ExplainMatch($id: ID!, $ecid: String!) {\n    audience(id: $id) {\n      explainMatch(ecid: $ecid) {\n        ecid\n        inAudience\n        reason\n        cookieIds\n        leads {\n          email\n        }\n      }\n    }\n  }\n": typeof types.ExplainMatchDocument,
    "\n  mutation PauseJob($id: ID!) {\n    pauseSyncJob(input: { id: $id }) {\n      __typename\n      ...ErrorFields\n      ... on PauseSyncJobSuccess {\n        syncJob {\n          ...SyncJobFields\n        }\n      }\n    }\n  }\n": typeof types.PauseJobDocument,
    "\n  mutation ResumeJob($id: ID!) {\n    resumeSyncJob(input: { id: $id }) {\n      __typename\n      ...ErrorFields\n      ... on ResumeSyncJobSuccess {\n        syncJob {\n          ...SyncJobFields\n        }\n      }\n    }\n  }\n": typeof types.ResumeJobDocument,
    "\n  mutation RunJobNow($id: ID!) {\n    runSyncJobNow(input: { id: $id }) {\n      __typename\n      ...ErrorFields\n      ... on RunSyncJobNowSuccess {\n        syncJob {\n          id\n          lastRun {\n            trigger\n            status\n          }\n        }\n      }\n    }\n  }\n": typeof types.RunJobNowDocument,
    "\n  mutation DeleteJob($id: ID!) {\n    deleteSyncJob(input: { id: $id }) {\n      __typename\n      ...ErrorFields\n      ... on DeleteSyncJobSuccess {\n        deletedId\n      }\n    }\n  }\n": typeof types.DeleteJobDocument,
    "\n  query JobRuns($id: ID!) {\n    syncJob(id: $id) {\n      runs(first: 10) {\n        totalCount\n        edges {\n          node {\n            trigger\n            status\n          }\n        }\n      }\n    }\n  }\n": typeof types.JobRunsDocument,
    "\n  query JobExists($id: ID!) {\n    syncJob(id: $id) {\n      id\n    }\n  }\n": typeof types.JobExistsDocument,
    "\n  query ListJob($id: ID!) {\n    node(id: $id) {\n      ... on List {\n        name\n        syncJob {\n          id\n        }\n      }\n    }\n  }\n": typeof types.ListJobDocument,
    "\n  query JobsPage($first: Int) {\n    syncJobs(first: $first) {\n      totalCount\n      edges {\n        node {\n          ...SyncJobFields\n        }\n      }\n    }\n  }\n": typeof types.JobsPageDocument,
    "\n  query AudienceJobs($id: ID!) {\n    audience(id: $id) {\n      syncJobs {\n        list {\n          name\n          syncJob {\n            audience {\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.AudienceJobsDocument,
    "\n  mutation AssociateForWakeup($input: AssociateLeadInput!) {\n    associateLead(input: $input) {\n      __typename\n    }\n  }\n": typeof types.AssociateForWakeupDocument,
    "\n  mutation RunNow($id: ID!) {\n    runSyncJobNow(input: { id: $id }) {\n      __typename\n    }\n  }\n": typeof types.RunNowDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreateWebhookSuccess {\n        signingSecret\n        webhook {\n          id\n          url\n          events\n          description\n        }\n      }\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation TestWebhook($input: TestWebhookInput!) {\n    testWebhook(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on TestWebhookSuccess {\n        delivery {\n          id\n          status\n        }\n      }\n    }\n  }\n": typeof types.TestWebhookDocument,
    "\n  mutation DeleteWebhook($input: DeleteWebhookInput!) {\n    deleteWebhook(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on DeleteWebhookSuccess {\n        deletedId\n      }\n    }\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  query WebhookDeliveries {\n    webhooks(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          url\n          deliveries(first: 100) {\n            totalCount\n            edges {\n              node {\n                id\n                eventType\n                status\n                attempts\n                responseStatus\n                lastError\n                deliveredAt\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.WebhookDeliveriesDocument,
    "\n  mutation WebhookRunNow($input: RunSyncJobNowInput!) {\n    runSyncJobNow(input: $input) {\n      __typename\n    }\n  }\n": typeof types.WebhookRunNowDocument,
    "\n  query Workspace {\n    workspace {\n      id\n      name\n      hipaaReady\n      experienceCloud {\n        imsOrgId\n        cookieSyncEnabled\n        configuredAt\n      }\n    }\n  }\n": typeof types.WorkspaceDocument,
    "\n  mutation Configure($input: ConfigureExperienceCloudInput!) {\n    configureExperienceCloud(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on ConfigureExperienceCloudSuccess {\n        workspace {\n          experienceCloud {\n            imsOrgId\n            cookieSyncEnabled\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConfigureDocument,
};
const documents: Documents = {
    "\n  subscription Bench($syncJobId: ID!, $afterSequence: Int) {\n    syncProgress(syncJobId: $syncJobId, afterSequence: $afterSequence) { sequence status at }\n  }\n": types.BenchDocument,
    "\n  query Held {\n    workspace {\n      experienceCloud {\n        heldAudienceManagerSets {\n          name destinationId timestamp receivedAt expiresAt controlFileReceived expectedParts\n          parts { fileName lineCount receivedAt }\n        }\n      }\n    }\n  }\n": types.HeldDocument,
    "\n  query WhoAmI {\n    workspace {\n      id\n      name\n      hipaaReady\n    }\n  }\n": types.WhoAmIDocument,
    "\n  mutation ConfigureAsReader {\n    configureExperienceCloud(\n      input: { imsOrgId: \"0123456789ABCDEF01234567@AdobeOrg\", cookieSyncEnabled: true }\n    ) {\n      __typename\n    }\n  }\n": types.ConfigureAsReaderDocument,
    "\n  query DashboardStatements($first: Int!) {\n    syncJobs(first: $first) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id status createdAt nextRunAt\n          audience { id name externalId folder { id path } }\n          list { id name }\n          lastRun {\n            id trigger status phase startedAt finishedAt error\n            stats {\n              audienceSize ecidsWithCookie ecidsWithLead ecidsWithoutCookie ecidsAnonymousOnly\n              matchedLeads listSize added removed\n            }\n          }\n        }\n      }\n    }\n  }\n": types.DashboardStatementsDocument,
    "\n  query ExportCounts($list: ID!, $run: ID!) {\n    list(id: $list) {\n      memberCount\n    }\n    node(id: $run) {\n      ... on SyncRun {\n        changes {\n          totalCount\n        }\n      }\n    }\n  }\n": types.ExportCountsDocument,
    "\n  mutation CreateFolder($input: CreateAudienceFolderInput!) {\n    createAudienceFolder(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreateAudienceFolderSuccess {\n        folder {\n          id\n          name\n          path\n          parent {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.CreateFolderDocument,
    "\n  query Folders($parentId: ID) {\n    audienceFolders(parentId: $parentId) {\n      id\n      name\n      path\n      children {\n        name\n        path\n      }\n      audiences(first: 10) {\n        totalCount\n        edges {\n          node {\n            externalId\n          }\n        }\n      }\n    }\n  }\n": types.FoldersDocument,
    "\n  query Folder($id: ID!) {\n    audienceFolder(id: $id) {\n      id\n      path\n    }\n  }\n": types.FolderDocument,
    "\n  mutation UpsertAudience($input: UpsertAudienceInput!) {\n    upsertAudience(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on UpsertAudienceSuccess {\n        audience {\n          id\n          externalId\n          name\n          description\n          memberCount\n          folder {\n            path\n          }\n        }\n      }\n    }\n  }\n": types.UpsertAudienceDocument,
    "\n  mutation AddMembers($input: AddAudienceMembersInput!) {\n    addAudienceMembers(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on AddAudienceMembersSuccess {\n        count\n        audience {\n          memberCount\n        }\n      }\n    }\n  }\n": types.AddMembersDocument,
    "\n  mutation RemoveMembers($input: RemoveAudienceMembersInput!) {\n    removeAudienceMembers(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on RemoveAudienceMembersSuccess {\n        count\n        audience {\n          memberCount\n        }\n      }\n    }\n  }\n": types.RemoveMembersDocument,
    "\n  query Audiences($folderId: ID, $search: String, $first: Int, $after: String) {\n    audiences(folderId: $folderId, search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          externalId\n          name\n        }\n      }\n    }\n  }\n": types.AudiencesDocument,
    "\n  query AudienceById($id: ID!) {\n    audience(id: $id) {\n      id\n      name\n      memberCount\n    }\n  }\n": types.AudienceByIdDocument,
    "\n  query HonestProgressRun($id: ID!) {\n    syncJob(id: $id) {\n      lastRun {\n        status\n        processed\n        total\n        attempts\n      }\n      runs(first: 5) {\n        edges {\n          node {\n            attempts\n          }\n        }\n      }\n    }\n  }\n": types.HonestProgressRunDocument,
    "\n  mutation RecordCookieSync($input: RecordCookieSyncInput!) {\n    recordCookieSync(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on RecordCookieSyncSuccess {\n        ecid\n        cookieId\n      }\n    }\n  }\n": types.RecordCookieSyncDocument,
    "\n  mutation AssociateLead($input: AssociateLeadInput!) {\n    associateLead(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on AssociateLeadSuccess {\n        lead {\n          id\n          email\n          firstName\n        }\n      }\n    }\n  }\n": types.AssociateLeadDocument,
    "mutation Remove($input: RemoveAudienceMembersInput!) {\n        removeAudienceMembers(input: $input) { __typename ... on RemoveAudienceMembersSuccess { count } } }": types.RemoveDocument,
    "\n  mutation UpsertLeads($input: UpsertLeadsInput!) {\n    upsertLeads(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on UpsertLeadsSuccess {\n        leads {\n          id\n          email\n          firstName\n          lastName\n        }\n      }\n    }\n  }\n": types.UpsertLeadsDocument,
    "\n  query Leads($email: String, $first: Int, $after: String) {\n    leads(email: $email, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          email\n        }\n      }\n    }\n  }\n": types.LeadsDocument,
    "\n  query LeadById($id: ID!) {\n    lead(id: $id) {\n      email\n      ecids\n      lists(first: 10) {\n        totalCount\n        edges {\n          source\n          node {\n            name\n          }\n        }\n      }\n    }\n  }\n": types.LeadByIdDocument,
    "\n  mutation CreateList($input: CreateListInput!) {\n    createList(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreateListSuccess {\n        list {\n          id\n          name\n          memberCount\n        }\n      }\n    }\n  }\n": types.CreateListDocument,
    "\n  mutation AddListMembers($input: AddListMembersInput!) {\n    addListMembers(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on AddListMembersSuccess {\n        count\n        list {\n          memberCount\n        }\n      }\n    }\n  }\n": types.AddListMembersDocument,
    "\n  mutation RemoveListMembers($input: RemoveListMembersInput!) {\n    removeListMembers(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on RemoveListMembersSuccess {\n        count\n        list {\n          memberCount\n        }\n      }\n    }\n  }\n": types.RemoveListMembersDocument,
    "\n  query ListMembers($id: ID!, $first: Int, $after: String) {\n    list(id: $id) {\n      name\n      memberCount\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          source\n          node {\n            email\n          }\n        }\n      }\n    }\n  }\n": types.ListMembersDocument,
    "\n  query Lists($search: String) {\n    lists(search: $search, first: 50) {\n      totalCount\n      edges {\n        node {\n          name\n        }\n      }\n    }\n  }\n": types.ListsDocument,
    "\n  query ByIdOfAnotherType($id: ID!) {\n    audience(id: $id) {\n      id\n    }\n    audienceFolder(id: $id) {\n      id\n    }\n    list(id: $id) {\n      id\n    }\n    lead(id: $id) {\n      id\n    }\n    syncJob(id: $id) {\n      id\n    }\n  }\n": types.ByIdOfAnotherTypeDocument,
    "\n  query ServingWorkspace {\n    workspace {\n      id\n    }\n  }\n": types.ServingWorkspaceDocument,
    "\n  mutation RunNowHeld($input: RunSyncJobNowInput!) {\n    runSyncJobNow(input: $input) {\n      __typename\n    }\n  }\n": types.RunNowHeldDocument,
    "\n  mutation AssociateHeld($input: AssociateLeadInput!) {\n    associateLead(input: $input) {\n      __typename\n    }\n  }\n": types.AssociateHeldDocument,
    "\n  fragment MarketoConnectionFields on MarketoConnection {\n    restEndpoint\n    identityEndpoint\n    clientId\n    status\n    callsPer20Seconds\n    concurrentCalls\n    dailyCallBudget\n    callsToday\n    connectedAt\n    lastError\n  }\n": types.MarketoConnectionFieldsFragmentDoc,
    "\n  mutation MarketoConnect($input: ConnectMarketoInput!) {\n    connectMarketo(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on ConnectMarketoSuccess {\n        workspace {\n          id\n          marketo {\n            ...MarketoConnectionFields\n          }\n        }\n      }\n    }\n  }\n": types.MarketoConnectDocument,
    "\n  mutation MarketoDisconnect {\n    disconnectMarketo {\n      __typename\n      ...ErrorFields\n      ... on DisconnectMarketoSuccess {\n        workspace {\n          marketo {\n            ...MarketoConnectionFields\n          }\n        }\n      }\n    }\n  }\n": types.MarketoDisconnectDocument,
    "\n  query MarketoConnectionOfWorkspace {\n    workspace {\n      id\n      marketo {\n        ...MarketoConnectionFields\n      }\n    }\n  }\n": types.MarketoConnectionOfWorkspaceDocument,
    "\n  mutation MirrorsConnectMarketo($input: ConnectMarketoInput!) {\n    connectMarketo(input: $input) {\n      __typename\n      ...ErrorFields\n    }\n  }\n": types.MirrorsConnectMarketoDocument,
    "\n  mutation MirrorListToMarketo($input: MirrorListToMarketoInput!) {\n    mirrorListToMarketo(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on MirrorListToMarketoSuccess {\n        mirror {\n          id\n          list {\n            id\n          }\n          marketoListId\n          marketoListName\n          leadMatching\n          status\n        }\n      }\n    }\n  }\n": types.MirrorListToMarketoDocument,
    "\n  mutation StopMirroringList($input: StopMirroringListInput!) {\n    stopMirroringList(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on StopMirroringListSuccess {\n        list {\n          id\n          marketoMirror {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.StopMirroringListDocument,
    "\n  mutation PushListToMarketoNow($input: PushListToMarketoNowInput!) {\n    pushListToMarketoNow(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on PushListToMarketoNowSuccess {\n        push {\n          id\n          trigger\n          status\n        }\n        mirror {\n          id\n        }\n      }\n    }\n  }\n": types.PushListToMarketoNowDocument,
    "\n  query MarketoMirrorOfList($id: ID!) {\n    node(id: $id) {\n      ... on List {\n        id\n        marketoMirror {\n          id\n          marketoListId\n          marketoListName\n          status\n          pendingAdds\n          pendingRemoves\n          lastPush {\n            id\n            trigger\n            status\n            added\n            removed\n            notInMarketo\n            skipped\n            calls\n            error\n          }\n          pushes(first: 10) {\n            totalCount\n            edges {\n              node {\n                id\n                trigger\n                status\n                records(first: 50) {\n                  totalCount\n                  edges {\n                    node {\n                      email\n                      marketoLeadId\n                      action\n                      outcome\n                      lead {\n                        id\n                      }\n                    }\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.MarketoMirrorOfListDocument,
    "\n  query MarketoNodeById($id: ID!) {\n    node(id: $id) {\n      id\n    }\n  }\n": types.MarketoNodeByIdDocument,
    "\n  subscription MarketoPushProgress($listId: ID!) {\n    marketoPushProgress(listId: $listId) {\n      id\n      trigger\n      status\n      added\n      removed\n    }\n  }\n": types.MarketoPushProgressDocument,
    "\n  query RunChanges($id: ID!, $kind: MembershipChangeKind, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on SyncRun {\n        status\n        stats {\n          added\n          removed\n        }\n        changes(kind: $kind, first: $first, after: $after) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          edges {\n            node {\n              id\n              kind\n              source\n              at\n              lead {\n                id\n              }\n              run {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.RunChangesDocument,
    "\n  query ListChanges($id: ID!, $kind: MembershipChangeKind) {\n    list(id: $id) {\n      memberCount\n      changes(kind: $kind, first: 500) {\n        totalCount\n        edges {\n          node {\n            kind\n            source\n            lead {\n              id\n            }\n            run {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ListChangesDocument,
    "\n  mutation HistoryRunNow($input: RunSyncJobNowInput!) {\n    runSyncJobNow(input: $input) {\n      __typename\n    }\n  }\n": types.HistoryRunNowDocument,
    "\n  mutation HistoryAddMembers($input: AddListMembersInput!) {\n    addListMembers(input: $input) {\n      __typename\n    }\n  }\n": types.HistoryAddMembersDocument,
    "\n  mutation HistoryRemoveMembers($input: RemoveListMembersInput!) {\n    removeListMembers(input: $input) {\n      __typename\n    }\n  }\n": types.HistoryRemoveMembersDocument,
    "\n  mutation RevokePublishableKey($input: RevokePublishableKeyInput!) {\n    revokePublishableKey(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on RevokePublishableKeySuccess {\n        publishableKey {\n          id\n          revokedAt\n        }\n      }\n    }\n  }\n": types.RevokePublishableKeyDocument,
    "\n  query WorkspaceKeys {\n    workspace {\n      publishableKeys(first: 10) {\n        totalCount\n        edges {\n          node {\n            id\n            key\n            allowedOrigins\n            revokedAt\n          }\n        }\n      }\n    }\n  }\n": types.WorkspaceKeysDocument,
    "\n  mutation CreateKeyWithOrigins($input: CreatePublishableKeyInput!) {\n    createPublishableKey(input: $input) {\n      __typename\n      ...ErrorFields\n    }\n  }\n": types.CreateKeyWithOriginsDocument,
    "\n  mutation LinkFor($input: CreateTrackedLinkInput!) {\n    createTrackedLink(input: $input) {\n      __typename\n      ...ErrorFields\n    }\n  }\n": types.LinkForDocument,
    "\n  query LeadEcids($email: String!) {\n    leads(email: $email, first: 1) {\n      edges {\n        node {\n          email\n          firstName\n          ecids\n        }\n      }\n    }\n  }\n": types.LeadEcidsDocument,
    "\n  mutation RevokeKey($input: RevokePublishableKeyInput!) {\n    revokePublishableKey(input: $input) {\n      __typename\n    }\n  }\n": types.RevokeKeyDocument,
    "\n  query LoggedLists {\n    lists(first: 1) {\n      totalCount\n    }\n  }\n": types.LoggedListsDocument,
    "\n  mutation LoggedStart($input: StartAudienceSyncInput!) {\n    startAudienceSync(input: $input) {\n      __typename\n      ... on StartAudienceSyncSuccess {\n        syncJob {\n          id\n        }\n      }\n    }\n  }\n": types.LoggedStartDocument,
    "\n  query FirstJobsPage {\n    syncJobs(first: 10) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        cursor\n      }\n    }\n  }\n": types.FirstJobsPageDocument,
    "\n  query PersistedLists {\n    lists(first: 1) {\n      totalCount\n    }\n  }\n": types.PersistedListsDocument,
    "\n  query CostAudiences($first: Int!) {\n    audiences(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          memberCount\n          folder {\n            path\n            parent {\n              name\n            }\n          }\n          syncJobs {\n            status\n            list {\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": types.CostAudiencesDocument,
    "\n  query CostLeads($first: Int!) {\n    leads(first: $first) {\n      totalCount\n      edges {\n        node {\n          email\n          ecids\n          lists(first: 5) {\n            totalCount\n            edges {\n              source\n              node {\n                name\n                memberCount\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.CostLeadsDocument,
    "\n  query CostLists($first: Int!) {\n    lists(first: $first) {\n      edges {\n        node {\n          memberCount\n          members(first: 3) {\n            totalCount\n            edges {\n              node {\n                email\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.CostListsDocument,
    "\n  query CostFolders($first: Int!) {\n    audienceFolders {\n      children {\n        path\n        audiences(first: $first) {\n          edges {\n            node {\n              name\n              folder {\n                name\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.CostFoldersDocument,
    "\n  subscription Small($syncJobId: ID!) {\n    syncProgress(syncJobId: $syncJobId) { sequence phase }\n  }\n": types.SmallDocument,
    "\n  subscription SyncProgress($syncJobId: ID!, $afterSequence: Int) {\n    syncProgress(syncJobId: $syncJobId, afterSequence: $afterSequence) {\n      syncJobId\n      sequence\n      status\n      phase\n      processed\n      total\n      percent\n      stats {\n        matchedLeads\n      }\n    }\n  }\n": types.SyncProgressDocument,
    "\n  mutation DeleteElsewhere($id: ID!) {\n    deleteSyncJob(input: { id: $id }) {\n      __typename\n    }\n  }\n": types.DeleteElsewhereDocument,
    "subscription ChangedOrDeleted { syncJobChanged { id deletedAt } }": types.ChangedOrDeletedDocument,
    "\n  subscription SyncJobChanged {\n    syncJobChanged {\n      id\n      status\n    }\n  }\n": types.SyncJobChangedDocument,
    "\n  mutation DeleteSyncJob($id: ID!) {\n    deleteSyncJob(input: { id: $id }) {\n      __typename\n      ... on DeleteSyncJobSuccess {\n        deletedId\n      }\n    }\n  }\n": types.DeleteSyncJobDocument,
    "\n  query JobDeletedAt($id: ID!) {\n    syncJob(id: $id) {\n      id\n      deletedAt\n    }\n  }\n": types.JobDeletedAtDocument,
    "\n  subscription SyncJobChangedDeleted {\n    syncJobChanged {\n      id\n      status\n      deletedAt\n      list {\n        id\n      }\n      lastRun {\n        id\n      }\n      progress {\n        sequence\n      }\n    }\n  }\n": types.SyncJobChangedDeletedDocument,
    "\n  mutation ServiceConfigureExperienceCloud {\n    configureExperienceCloud(\n      input: { imsOrgId: \"0123456789ABCDEF01234567@AdobeOrg\", cookieSyncEnabled: true }\n    ) {\n      __typename\n    }\n  }\n": types.ServiceConfigureExperienceCloudDocument,
    "\n  query ServiceExperienceCloud {\n    workspace {\n      experienceCloud {\n        imsOrgId\n      }\n    }\n  }\n": types.ServiceExperienceCloudDocument,
    "\n  fragment ErrorFields on Error {\n    code\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n  }\n": types.ErrorFieldsFragmentDoc,
    "\n  fragment SyncJobFields on SyncJob {\n    id\n    status\n    nextRunAt\n    audience {\n      id\n      name\n    }\n    list {\n      id\n      name\n    }\n    lastRun {\n      id\n      trigger\n      status\n      phase\n      processed\n      total\n      error\n      stats {\n        audienceSize\n        ecidsWithCookie\n        ecidsWithLead\n        ecidsWithoutCookie\n        ecidsAnonymousOnly\n        matchedLeads\n        listSize\n        added\n        removed\n      }\n    }\n    progress {\n      sequence\n      status\n      phase\n      processed\n      total\n      percent\n    }\n  }\n": types.SyncJobFieldsFragmentDoc,
    "\n  query PreviewSync($id: ID!) {\n    previewAudienceSync(audienceId: $id) {\n      audienceSize\n      ecidsWithCookie\n      ecidsWithLead\n      ecidsWithoutCookie\n      ecidsAnonymousOnly\n      matchedLeads\n      listSize\n      added\n      removed\n    }\n  }\n": types.PreviewSyncDocument,
    "\n  mutation ContractConnectMarketo($input: ConnectMarketoInput!) {\n    connectMarketo(input: $input) {\n      __typename\n      ... on Error { code message }\n      ... on ConnectMarketoSuccess { workspace { id marketo { status } } }\n    }\n  }\n": types.ContractConnectMarketoDocument,
    "\n  mutation ContractMirror($input: MirrorListToMarketoInput!) {\n    mirrorListToMarketo(input: $input) {\n      __typename\n      ... on Error { code message }\n      ... on MirrorListToMarketoSuccess { mirror { id marketoListId status } }\n    }\n  }\n": types.ContractMirrorDocument,
    "\n  query ContractWorkspaceMarketo {\n    workspace { marketo { status lastError callsToday dailyCallBudget } }\n  }\n": types.ContractWorkspaceMarketoDocument,
    "\n  mutation ContractPushNow($input: PushListToMarketoNowInput!) {\n    pushListToMarketoNow(input: $input) {\n      __typename\n      ... on Error { code message }\n      ... on PushListToMarketoNowSuccess { push { id trigger } }\n    }\n  }\n": types.ContractPushNowDocument,
    "\n  mutation CreatePublishableKey($input: CreatePublishableKeyInput!) {\n    createPublishableKey(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreatePublishableKeySuccess {\n        publishableKey {\n          id\n          key\n          allowedOrigins\n          createdAt\n        }\n      }\n    }\n  }\n": types.CreatePublishableKeyDocument,
    "\n  mutation CreateTrackedLink($input: CreateTrackedLinkInput!) {\n    createTrackedLink(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreateTrackedLinkSuccess {\n        trackedUrl\n      }\n    }\n  }\n": types.CreateTrackedLinkDocument,
    "\n  mutation UpsertOneLead($input: UpsertLeadsInput!) {\n    upsertLeads(input: $input) {\n      __typename\n      ... on UpsertLeadsSuccess {\n        leads {\n          id\n        }\n      }\n    }\n  }\n": types.UpsertOneLeadDocument,
    "\n  mutation StartSync($input: StartAudienceSyncInput!) {\n    startAudienceSync(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on StartAudienceSyncSuccess {\n        syncJob {\n          ...SyncJobFields\n        }\n      }\n    }\n  }\n": types.StartSyncDocument,
    "\n  query SettledSyncJob($id: ID!) {\n    syncJob(id: $id) {\n      ...SyncJobFields\n    }\n  }\n": types.SettledSyncJobDocument,
    "\n  query ExplainMatch($id: ID!, $ecid: String!) {\n    audience(id: $id) {\n      explainMatch(ecid: $ecid) {\n        ecid\n        inAudience\n        reason\n        cookieIds\n        leads {\n          email\n        }\n      }\n    }\n  }\n": types.ExplainMatchDocument,
    "\n  mutation PauseJob($id: ID!) {\n    pauseSyncJob(input: { id: $id }) {\n      __typename\n      ...ErrorFields\n      ... on PauseSyncJobSuccess {\n        syncJob {\n          ...SyncJobFields\n        }\n      }\n    }\n  }\n": types.PauseJobDocument,
    "\n  mutation ResumeJob($id: ID!) {\n    resumeSyncJob(input: { id: $id }) {\n      __typename\n      ...ErrorFields\n      ... on ResumeSyncJobSuccess {\n        syncJob {\n          ...SyncJobFields\n        }\n      }\n    }\n  }\n": types.ResumeJobDocument,
    "\n  mutation RunJobNow($id: ID!) {\n    runSyncJobNow(input: { id: $id }) {\n      __typename\n      ...ErrorFields\n      ... on RunSyncJobNowSuccess {\n        syncJob {\n          id\n          lastRun {\n            trigger\n            status\n          }\n        }\n      }\n    }\n  }\n": types.RunJobNowDocument,
    "\n  mutation DeleteJob($id: ID!) {\n    deleteSyncJob(input: { id: $id }) {\n      __typename\n      ...ErrorFields\n      ... on DeleteSyncJobSuccess {\n        deletedId\n      }\n    }\n  }\n": types.DeleteJobDocument,
    "\n  query JobRuns($id: ID!) {\n    syncJob(id: $id) {\n      runs(first: 10) {\n        totalCount\n        edges {\n          node {\n            trigger\n            status\n          }\n        }\n      }\n    }\n  }\n": types.JobRunsDocument,
    "\n  query JobExists($id: ID!) {\n    syncJob(id: $id) {\n      id\n    }\n  }\n": types.JobExistsDocument,
    "\n  query ListJob($id: ID!) {\n    node(id: $id) {\n      ... on List {\n        name\n        syncJob {\n          id\n        }\n      }\n    }\n  }\n": types.ListJobDocument,
    "\n  query JobsPage($first: Int) {\n    syncJobs(first: $first) {\n      totalCount\n      edges {\n        node {\n          ...SyncJobFields\n        }\n      }\n    }\n  }\n": types.JobsPageDocument,
    "\n  query AudienceJobs($id: ID!) {\n    audience(id: $id) {\n      syncJobs {\n        list {\n          name\n          syncJob {\n            audience {\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": types.AudienceJobsDocument,
    "\n  mutation AssociateForWakeup($input: AssociateLeadInput!) {\n    associateLead(input: $input) {\n      __typename\n    }\n  }\n": types.AssociateForWakeupDocument,
    "\n  mutation RunNow($id: ID!) {\n    runSyncJobNow(input: { id: $id }) {\n      __typename\n    }\n  }\n": types.RunNowDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreateWebhookSuccess {\n        signingSecret\n        webhook {\n          id\n          url\n          events\n          description\n        }\n      }\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation TestWebhook($input: TestWebhookInput!) {\n    testWebhook(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on TestWebhookSuccess {\n        delivery {\n          id\n          status\n        }\n      }\n    }\n  }\n": types.TestWebhookDocument,
    "\n  mutation DeleteWebhook($input: DeleteWebhookInput!) {\n    deleteWebhook(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on DeleteWebhookSuccess {\n        deletedId\n      }\n    }\n  }\n": types.DeleteWebhookDocument,
    "\n  query WebhookDeliveries {\n    webhooks(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          url\n          deliveries(first: 100) {\n            totalCount\n            edges {\n              node {\n                id\n                eventType\n                status\n                attempts\n                responseStatus\n                lastError\n                deliveredAt\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.WebhookDeliveriesDocument,
    "\n  mutation WebhookRunNow($input: RunSyncJobNowInput!) {\n    runSyncJobNow(input: $input) {\n      __typename\n    }\n  }\n": types.WebhookRunNowDocument,
    "\n  query Workspace {\n    workspace {\n      id\n      name\n      hipaaReady\n      experienceCloud {\n        imsOrgId\n        cookieSyncEnabled\n        configuredAt\n      }\n    }\n  }\n": types.WorkspaceDocument,
    "\n  mutation Configure($input: ConfigureExperienceCloudInput!) {\n    configureExperienceCloud(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on ConfigureExperienceCloudSuccess {\n        workspace {\n          experienceCloud {\n            imsOrgId\n            cookieSyncEnabled\n          }\n        }\n      }\n    }\n  }\n": types.ConfigureDocument,
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
export function graphql(source: "\n  subscription Bench($syncJobId: ID!, $afterSequence: Int) {\n    syncProgress(syncJobId: $syncJobId, afterSequence: $afterSequence) { sequence status at }\n  }\n"): (typeof documents)["\n  subscription Bench($syncJobId: ID!, $afterSequence: Int) {\n    syncProgress(syncJobId: $syncJobId, afterSequence: $afterSequence) { sequence status at }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Held {\n    workspace {\n      experienceCloud {\n        heldAudienceManagerSets {\n          name destinationId timestamp receivedAt expiresAt controlFileReceived expectedParts\n          parts { fileName lineCount receivedAt }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Held {\n    workspace {\n      experienceCloud {\n        heldAudienceManagerSets {\n          name destinationId timestamp receivedAt expiresAt controlFileReceived expectedParts\n          parts { fileName lineCount receivedAt }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WhoAmI {\n    workspace {\n      id\n      name\n      hipaaReady\n    }\n  }\n"): (typeof documents)["\n  query WhoAmI {\n    workspace {\n      id\n      name\n      hipaaReady\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfigureAsReader {\n    configureExperienceCloud(\n      input: { imsOrgId: \"0123456789ABCDEF01234567@AdobeOrg\", cookieSyncEnabled: true }\n    ) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation ConfigureAsReader {\n    configureExperienceCloud(\n      input: { imsOrgId: \"0123456789ABCDEF01234567@AdobeOrg\", cookieSyncEnabled: true }\n    ) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardStatements($first: Int!) {\n    syncJobs(first: $first) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id status createdAt nextRunAt\n          audience { id name externalId folder { id path } }\n          list { id name }\n          lastRun {\n            id trigger status phase startedAt finishedAt error\n            stats {\n              audienceSize ecidsWithCookie ecidsWithLead ecidsWithoutCookie ecidsAnonymousOnly\n              matchedLeads listSize added removed\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DashboardStatements($first: Int!) {\n    syncJobs(first: $first) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id status createdAt nextRunAt\n          audience { id name externalId folder { id path } }\n          list { id name }\n          lastRun {\n            id trigger status phase startedAt finishedAt error\n            stats {\n              audienceSize ecidsWithCookie ecidsWithLead ecidsWithoutCookie ecidsAnonymousOnly\n              matchedLeads listSize added removed\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExportCounts($list: ID!, $run: ID!) {\n    list(id: $list) {\n      memberCount\n    }\n    node(id: $run) {\n      ... on SyncRun {\n        changes {\n          totalCount\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ExportCounts($list: ID!, $run: ID!) {\n    list(id: $list) {\n      memberCount\n    }\n    node(id: $run) {\n      ... on SyncRun {\n        changes {\n          totalCount\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateFolder($input: CreateAudienceFolderInput!) {\n    createAudienceFolder(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreateAudienceFolderSuccess {\n        folder {\n          id\n          name\n          path\n          parent {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateFolder($input: CreateAudienceFolderInput!) {\n    createAudienceFolder(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreateAudienceFolderSuccess {\n        folder {\n          id\n          name\n          path\n          parent {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Folders($parentId: ID) {\n    audienceFolders(parentId: $parentId) {\n      id\n      name\n      path\n      children {\n        name\n        path\n      }\n      audiences(first: 10) {\n        totalCount\n        edges {\n          node {\n            externalId\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Folders($parentId: ID) {\n    audienceFolders(parentId: $parentId) {\n      id\n      name\n      path\n      children {\n        name\n        path\n      }\n      audiences(first: 10) {\n        totalCount\n        edges {\n          node {\n            externalId\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Folder($id: ID!) {\n    audienceFolder(id: $id) {\n      id\n      path\n    }\n  }\n"): (typeof documents)["\n  query Folder($id: ID!) {\n    audienceFolder(id: $id) {\n      id\n      path\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpsertAudience($input: UpsertAudienceInput!) {\n    upsertAudience(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on UpsertAudienceSuccess {\n        audience {\n          id\n          externalId\n          name\n          description\n          memberCount\n          folder {\n            path\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpsertAudience($input: UpsertAudienceInput!) {\n    upsertAudience(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on UpsertAudienceSuccess {\n        audience {\n          id\n          externalId\n          name\n          description\n          memberCount\n          folder {\n            path\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddMembers($input: AddAudienceMembersInput!) {\n    addAudienceMembers(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on AddAudienceMembersSuccess {\n        count\n        audience {\n          memberCount\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddMembers($input: AddAudienceMembersInput!) {\n    addAudienceMembers(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on AddAudienceMembersSuccess {\n        count\n        audience {\n          memberCount\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveMembers($input: RemoveAudienceMembersInput!) {\n    removeAudienceMembers(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on RemoveAudienceMembersSuccess {\n        count\n        audience {\n          memberCount\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveMembers($input: RemoveAudienceMembersInput!) {\n    removeAudienceMembers(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on RemoveAudienceMembersSuccess {\n        count\n        audience {\n          memberCount\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Audiences($folderId: ID, $search: String, $first: Int, $after: String) {\n    audiences(folderId: $folderId, search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          externalId\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Audiences($folderId: ID, $search: String, $first: Int, $after: String) {\n    audiences(folderId: $folderId, search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          externalId\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AudienceById($id: ID!) {\n    audience(id: $id) {\n      id\n      name\n      memberCount\n    }\n  }\n"): (typeof documents)["\n  query AudienceById($id: ID!) {\n    audience(id: $id) {\n      id\n      name\n      memberCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HonestProgressRun($id: ID!) {\n    syncJob(id: $id) {\n      lastRun {\n        status\n        processed\n        total\n        attempts\n      }\n      runs(first: 5) {\n        edges {\n          node {\n            attempts\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query HonestProgressRun($id: ID!) {\n    syncJob(id: $id) {\n      lastRun {\n        status\n        processed\n        total\n        attempts\n      }\n      runs(first: 5) {\n        edges {\n          node {\n            attempts\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordCookieSync($input: RecordCookieSyncInput!) {\n    recordCookieSync(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on RecordCookieSyncSuccess {\n        ecid\n        cookieId\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RecordCookieSync($input: RecordCookieSyncInput!) {\n    recordCookieSync(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on RecordCookieSyncSuccess {\n        ecid\n        cookieId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssociateLead($input: AssociateLeadInput!) {\n    associateLead(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on AssociateLeadSuccess {\n        lead {\n          id\n          email\n          firstName\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AssociateLead($input: AssociateLeadInput!) {\n    associateLead(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on AssociateLeadSuccess {\n        lead {\n          id\n          email\n          firstName\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Remove($input: RemoveAudienceMembersInput!) {\n        removeAudienceMembers(input: $input) { __typename ... on RemoveAudienceMembersSuccess { count } } }"): (typeof documents)["mutation Remove($input: RemoveAudienceMembersInput!) {\n        removeAudienceMembers(input: $input) { __typename ... on RemoveAudienceMembersSuccess { count } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpsertLeads($input: UpsertLeadsInput!) {\n    upsertLeads(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on UpsertLeadsSuccess {\n        leads {\n          id\n          email\n          firstName\n          lastName\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpsertLeads($input: UpsertLeadsInput!) {\n    upsertLeads(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on UpsertLeadsSuccess {\n        leads {\n          id\n          email\n          firstName\n          lastName\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Leads($email: String, $first: Int, $after: String) {\n    leads(email: $email, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          email\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Leads($email: String, $first: Int, $after: String) {\n    leads(email: $email, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          email\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LeadById($id: ID!) {\n    lead(id: $id) {\n      email\n      ecids\n      lists(first: 10) {\n        totalCount\n        edges {\n          source\n          node {\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LeadById($id: ID!) {\n    lead(id: $id) {\n      email\n      ecids\n      lists(first: 10) {\n        totalCount\n        edges {\n          source\n          node {\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateList($input: CreateListInput!) {\n    createList(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreateListSuccess {\n        list {\n          id\n          name\n          memberCount\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateList($input: CreateListInput!) {\n    createList(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreateListSuccess {\n        list {\n          id\n          name\n          memberCount\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddListMembers($input: AddListMembersInput!) {\n    addListMembers(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on AddListMembersSuccess {\n        count\n        list {\n          memberCount\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddListMembers($input: AddListMembersInput!) {\n    addListMembers(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on AddListMembersSuccess {\n        count\n        list {\n          memberCount\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveListMembers($input: RemoveListMembersInput!) {\n    removeListMembers(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on RemoveListMembersSuccess {\n        count\n        list {\n          memberCount\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveListMembers($input: RemoveListMembersInput!) {\n    removeListMembers(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on RemoveListMembersSuccess {\n        count\n        list {\n          memberCount\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListMembers($id: ID!, $first: Int, $after: String) {\n    list(id: $id) {\n      name\n      memberCount\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          source\n          node {\n            email\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListMembers($id: ID!, $first: Int, $after: String) {\n    list(id: $id) {\n      name\n      memberCount\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          source\n          node {\n            email\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Lists($search: String) {\n    lists(search: $search, first: 50) {\n      totalCount\n      edges {\n        node {\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Lists($search: String) {\n    lists(search: $search, first: 50) {\n      totalCount\n      edges {\n        node {\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ByIdOfAnotherType($id: ID!) {\n    audience(id: $id) {\n      id\n    }\n    audienceFolder(id: $id) {\n      id\n    }\n    list(id: $id) {\n      id\n    }\n    lead(id: $id) {\n      id\n    }\n    syncJob(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  query ByIdOfAnotherType($id: ID!) {\n    audience(id: $id) {\n      id\n    }\n    audienceFolder(id: $id) {\n      id\n    }\n    list(id: $id) {\n      id\n    }\n    lead(id: $id) {\n      id\n    }\n    syncJob(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServingWorkspace {\n    workspace {\n      id\n    }\n  }\n"): (typeof documents)["\n  query ServingWorkspace {\n    workspace {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunNowHeld($input: RunSyncJobNowInput!) {\n    runSyncJobNow(input: $input) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation RunNowHeld($input: RunSyncJobNowInput!) {\n    runSyncJobNow(input: $input) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssociateHeld($input: AssociateLeadInput!) {\n    associateLead(input: $input) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation AssociateHeld($input: AssociateLeadInput!) {\n    associateLead(input: $input) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MarketoConnectionFields on MarketoConnection {\n    restEndpoint\n    identityEndpoint\n    clientId\n    status\n    callsPer20Seconds\n    concurrentCalls\n    dailyCallBudget\n    callsToday\n    connectedAt\n    lastError\n  }\n"): (typeof documents)["\n  fragment MarketoConnectionFields on MarketoConnection {\n    restEndpoint\n    identityEndpoint\n    clientId\n    status\n    callsPer20Seconds\n    concurrentCalls\n    dailyCallBudget\n    callsToday\n    connectedAt\n    lastError\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarketoConnect($input: ConnectMarketoInput!) {\n    connectMarketo(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on ConnectMarketoSuccess {\n        workspace {\n          id\n          marketo {\n            ...MarketoConnectionFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation MarketoConnect($input: ConnectMarketoInput!) {\n    connectMarketo(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on ConnectMarketoSuccess {\n        workspace {\n          id\n          marketo {\n            ...MarketoConnectionFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarketoDisconnect {\n    disconnectMarketo {\n      __typename\n      ...ErrorFields\n      ... on DisconnectMarketoSuccess {\n        workspace {\n          marketo {\n            ...MarketoConnectionFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation MarketoDisconnect {\n    disconnectMarketo {\n      __typename\n      ...ErrorFields\n      ... on DisconnectMarketoSuccess {\n        workspace {\n          marketo {\n            ...MarketoConnectionFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MarketoConnectionOfWorkspace {\n    workspace {\n      id\n      marketo {\n        ...MarketoConnectionFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query MarketoConnectionOfWorkspace {\n    workspace {\n      id\n      marketo {\n        ...MarketoConnectionFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MirrorsConnectMarketo($input: ConnectMarketoInput!) {\n    connectMarketo(input: $input) {\n      __typename\n      ...ErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation MirrorsConnectMarketo($input: ConnectMarketoInput!) {\n    connectMarketo(input: $input) {\n      __typename\n      ...ErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MirrorListToMarketo($input: MirrorListToMarketoInput!) {\n    mirrorListToMarketo(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on MirrorListToMarketoSuccess {\n        mirror {\n          id\n          list {\n            id\n          }\n          marketoListId\n          marketoListName\n          leadMatching\n          status\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation MirrorListToMarketo($input: MirrorListToMarketoInput!) {\n    mirrorListToMarketo(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on MirrorListToMarketoSuccess {\n        mirror {\n          id\n          list {\n            id\n          }\n          marketoListId\n          marketoListName\n          leadMatching\n          status\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StopMirroringList($input: StopMirroringListInput!) {\n    stopMirroringList(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on StopMirroringListSuccess {\n        list {\n          id\n          marketoMirror {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StopMirroringList($input: StopMirroringListInput!) {\n    stopMirroringList(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on StopMirroringListSuccess {\n        list {\n          id\n          marketoMirror {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PushListToMarketoNow($input: PushListToMarketoNowInput!) {\n    pushListToMarketoNow(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on PushListToMarketoNowSuccess {\n        push {\n          id\n          trigger\n          status\n        }\n        mirror {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PushListToMarketoNow($input: PushListToMarketoNowInput!) {\n    pushListToMarketoNow(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on PushListToMarketoNowSuccess {\n        push {\n          id\n          trigger\n          status\n        }\n        mirror {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MarketoMirrorOfList($id: ID!) {\n    node(id: $id) {\n      ... on List {\n        id\n        marketoMirror {\n          id\n          marketoListId\n          marketoListName\n          status\n          pendingAdds\n          pendingRemoves\n          lastPush {\n            id\n            trigger\n            status\n            added\n            removed\n            notInMarketo\n            skipped\n            calls\n            error\n          }\n          pushes(first: 10) {\n            totalCount\n            edges {\n              node {\n                id\n                trigger\n                status\n                records(first: 50) {\n                  totalCount\n                  edges {\n                    node {\n                      email\n                      marketoLeadId\n                      action\n                      outcome\n                      lead {\n                        id\n                      }\n                    }\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MarketoMirrorOfList($id: ID!) {\n    node(id: $id) {\n      ... on List {\n        id\n        marketoMirror {\n          id\n          marketoListId\n          marketoListName\n          status\n          pendingAdds\n          pendingRemoves\n          lastPush {\n            id\n            trigger\n            status\n            added\n            removed\n            notInMarketo\n            skipped\n            calls\n            error\n          }\n          pushes(first: 10) {\n            totalCount\n            edges {\n              node {\n                id\n                trigger\n                status\n                records(first: 50) {\n                  totalCount\n                  edges {\n                    node {\n                      email\n                      marketoLeadId\n                      action\n                      outcome\n                      lead {\n                        id\n                      }\n                    }\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MarketoNodeById($id: ID!) {\n    node(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  query MarketoNodeById($id: ID!) {\n    node(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MarketoPushProgress($listId: ID!) {\n    marketoPushProgress(listId: $listId) {\n      id\n      trigger\n      status\n      added\n      removed\n    }\n  }\n"): (typeof documents)["\n  subscription MarketoPushProgress($listId: ID!) {\n    marketoPushProgress(listId: $listId) {\n      id\n      trigger\n      status\n      added\n      removed\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunChanges($id: ID!, $kind: MembershipChangeKind, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on SyncRun {\n        status\n        stats {\n          added\n          removed\n        }\n        changes(kind: $kind, first: $first, after: $after) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          edges {\n            node {\n              id\n              kind\n              source\n              at\n              lead {\n                id\n              }\n              run {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunChanges($id: ID!, $kind: MembershipChangeKind, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on SyncRun {\n        status\n        stats {\n          added\n          removed\n        }\n        changes(kind: $kind, first: $first, after: $after) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          edges {\n            node {\n              id\n              kind\n              source\n              at\n              lead {\n                id\n              }\n              run {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListChanges($id: ID!, $kind: MembershipChangeKind) {\n    list(id: $id) {\n      memberCount\n      changes(kind: $kind, first: 500) {\n        totalCount\n        edges {\n          node {\n            kind\n            source\n            lead {\n              id\n            }\n            run {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListChanges($id: ID!, $kind: MembershipChangeKind) {\n    list(id: $id) {\n      memberCount\n      changes(kind: $kind, first: 500) {\n        totalCount\n        edges {\n          node {\n            kind\n            source\n            lead {\n              id\n            }\n            run {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HistoryRunNow($input: RunSyncJobNowInput!) {\n    runSyncJobNow(input: $input) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation HistoryRunNow($input: RunSyncJobNowInput!) {\n    runSyncJobNow(input: $input) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HistoryAddMembers($input: AddListMembersInput!) {\n    addListMembers(input: $input) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation HistoryAddMembers($input: AddListMembersInput!) {\n    addListMembers(input: $input) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HistoryRemoveMembers($input: RemoveListMembersInput!) {\n    removeListMembers(input: $input) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation HistoryRemoveMembers($input: RemoveListMembersInput!) {\n    removeListMembers(input: $input) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokePublishableKey($input: RevokePublishableKeyInput!) {\n    revokePublishableKey(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on RevokePublishableKeySuccess {\n        publishableKey {\n          id\n          revokedAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RevokePublishableKey($input: RevokePublishableKeyInput!) {\n    revokePublishableKey(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on RevokePublishableKeySuccess {\n        publishableKey {\n          id\n          revokedAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkspaceKeys {\n    workspace {\n      publishableKeys(first: 10) {\n        totalCount\n        edges {\n          node {\n            id\n            key\n            allowedOrigins\n            revokedAt\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WorkspaceKeys {\n    workspace {\n      publishableKeys(first: 10) {\n        totalCount\n        edges {\n          node {\n            id\n            key\n            allowedOrigins\n            revokedAt\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateKeyWithOrigins($input: CreatePublishableKeyInput!) {\n    createPublishableKey(input: $input) {\n      __typename\n      ...ErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateKeyWithOrigins($input: CreatePublishableKeyInput!) {\n    createPublishableKey(input: $input) {\n      __typename\n      ...ErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LinkFor($input: CreateTrackedLinkInput!) {\n    createTrackedLink(input: $input) {\n      __typename\n      ...ErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation LinkFor($input: CreateTrackedLinkInput!) {\n    createTrackedLink(input: $input) {\n      __typename\n      ...ErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LeadEcids($email: String!) {\n    leads(email: $email, first: 1) {\n      edges {\n        node {\n          email\n          firstName\n          ecids\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LeadEcids($email: String!) {\n    leads(email: $email, first: 1) {\n      edges {\n        node {\n          email\n          firstName\n          ecids\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeKey($input: RevokePublishableKeyInput!) {\n    revokePublishableKey(input: $input) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeKey($input: RevokePublishableKeyInput!) {\n    revokePublishableKey(input: $input) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LoggedLists {\n    lists(first: 1) {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query LoggedLists {\n    lists(first: 1) {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LoggedStart($input: StartAudienceSyncInput!) {\n    startAudienceSync(input: $input) {\n      __typename\n      ... on StartAudienceSyncSuccess {\n        syncJob {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation LoggedStart($input: StartAudienceSyncInput!) {\n    startAudienceSync(input: $input) {\n      __typename\n      ... on StartAudienceSyncSuccess {\n        syncJob {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FirstJobsPage {\n    syncJobs(first: 10) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        cursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query FirstJobsPage {\n    syncJobs(first: 10) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        cursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PersistedLists {\n    lists(first: 1) {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query PersistedLists {\n    lists(first: 1) {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CostAudiences($first: Int!) {\n    audiences(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          memberCount\n          folder {\n            path\n            parent {\n              name\n            }\n          }\n          syncJobs {\n            status\n            list {\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CostAudiences($first: Int!) {\n    audiences(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          memberCount\n          folder {\n            path\n            parent {\n              name\n            }\n          }\n          syncJobs {\n            status\n            list {\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CostLeads($first: Int!) {\n    leads(first: $first) {\n      totalCount\n      edges {\n        node {\n          email\n          ecids\n          lists(first: 5) {\n            totalCount\n            edges {\n              source\n              node {\n                name\n                memberCount\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CostLeads($first: Int!) {\n    leads(first: $first) {\n      totalCount\n      edges {\n        node {\n          email\n          ecids\n          lists(first: 5) {\n            totalCount\n            edges {\n              source\n              node {\n                name\n                memberCount\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CostLists($first: Int!) {\n    lists(first: $first) {\n      edges {\n        node {\n          memberCount\n          members(first: 3) {\n            totalCount\n            edges {\n              node {\n                email\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CostLists($first: Int!) {\n    lists(first: $first) {\n      edges {\n        node {\n          memberCount\n          members(first: 3) {\n            totalCount\n            edges {\n              node {\n                email\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CostFolders($first: Int!) {\n    audienceFolders {\n      children {\n        path\n        audiences(first: $first) {\n          edges {\n            node {\n              name\n              folder {\n                name\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CostFolders($first: Int!) {\n    audienceFolders {\n      children {\n        path\n        audiences(first: $first) {\n          edges {\n            node {\n              name\n              folder {\n                name\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Small($syncJobId: ID!) {\n    syncProgress(syncJobId: $syncJobId) { sequence phase }\n  }\n"): (typeof documents)["\n  subscription Small($syncJobId: ID!) {\n    syncProgress(syncJobId: $syncJobId) { sequence phase }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SyncProgress($syncJobId: ID!, $afterSequence: Int) {\n    syncProgress(syncJobId: $syncJobId, afterSequence: $afterSequence) {\n      syncJobId\n      sequence\n      status\n      phase\n      processed\n      total\n      percent\n      stats {\n        matchedLeads\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription SyncProgress($syncJobId: ID!, $afterSequence: Int) {\n    syncProgress(syncJobId: $syncJobId, afterSequence: $afterSequence) {\n      syncJobId\n      sequence\n      status\n      phase\n      processed\n      total\n      percent\n      stats {\n        matchedLeads\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteElsewhere($id: ID!) {\n    deleteSyncJob(input: { id: $id }) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteElsewhere($id: ID!) {\n    deleteSyncJob(input: { id: $id }) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription ChangedOrDeleted { syncJobChanged { id deletedAt } }"): (typeof documents)["subscription ChangedOrDeleted { syncJobChanged { id deletedAt } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SyncJobChanged {\n    syncJobChanged {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  subscription SyncJobChanged {\n    syncJobChanged {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSyncJob($id: ID!) {\n    deleteSyncJob(input: { id: $id }) {\n      __typename\n      ... on DeleteSyncJobSuccess {\n        deletedId\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteSyncJob($id: ID!) {\n    deleteSyncJob(input: { id: $id }) {\n      __typename\n      ... on DeleteSyncJobSuccess {\n        deletedId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobDeletedAt($id: ID!) {\n    syncJob(id: $id) {\n      id\n      deletedAt\n    }\n  }\n"): (typeof documents)["\n  query JobDeletedAt($id: ID!) {\n    syncJob(id: $id) {\n      id\n      deletedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SyncJobChangedDeleted {\n    syncJobChanged {\n      id\n      status\n      deletedAt\n      list {\n        id\n      }\n      lastRun {\n        id\n      }\n      progress {\n        sequence\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription SyncJobChangedDeleted {\n    syncJobChanged {\n      id\n      status\n      deletedAt\n      list {\n        id\n      }\n      lastRun {\n        id\n      }\n      progress {\n        sequence\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ServiceConfigureExperienceCloud {\n    configureExperienceCloud(\n      input: { imsOrgId: \"0123456789ABCDEF01234567@AdobeOrg\", cookieSyncEnabled: true }\n    ) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation ServiceConfigureExperienceCloud {\n    configureExperienceCloud(\n      input: { imsOrgId: \"0123456789ABCDEF01234567@AdobeOrg\", cookieSyncEnabled: true }\n    ) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServiceExperienceCloud {\n    workspace {\n      experienceCloud {\n        imsOrgId\n      }\n    }\n  }\n"): (typeof documents)["\n  query ServiceExperienceCloud {\n    workspace {\n      experienceCloud {\n        imsOrgId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ErrorFields on Error {\n    code\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ErrorFields on Error {\n    code\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SyncJobFields on SyncJob {\n    id\n    status\n    nextRunAt\n    audience {\n      id\n      name\n    }\n    list {\n      id\n      name\n    }\n    lastRun {\n      id\n      trigger\n      status\n      phase\n      processed\n      total\n      error\n      stats {\n        audienceSize\n        ecidsWithCookie\n        ecidsWithLead\n        ecidsWithoutCookie\n        ecidsAnonymousOnly\n        matchedLeads\n        listSize\n        added\n        removed\n      }\n    }\n    progress {\n      sequence\n      status\n      phase\n      processed\n      total\n      percent\n    }\n  }\n"): (typeof documents)["\n  fragment SyncJobFields on SyncJob {\n    id\n    status\n    nextRunAt\n    audience {\n      id\n      name\n    }\n    list {\n      id\n      name\n    }\n    lastRun {\n      id\n      trigger\n      status\n      phase\n      processed\n      total\n      error\n      stats {\n        audienceSize\n        ecidsWithCookie\n        ecidsWithLead\n        ecidsWithoutCookie\n        ecidsAnonymousOnly\n        matchedLeads\n        listSize\n        added\n        removed\n      }\n    }\n    progress {\n      sequence\n      status\n      phase\n      processed\n      total\n      percent\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PreviewSync($id: ID!) {\n    previewAudienceSync(audienceId: $id) {\n      audienceSize\n      ecidsWithCookie\n      ecidsWithLead\n      ecidsWithoutCookie\n      ecidsAnonymousOnly\n      matchedLeads\n      listSize\n      added\n      removed\n    }\n  }\n"): (typeof documents)["\n  query PreviewSync($id: ID!) {\n    previewAudienceSync(audienceId: $id) {\n      audienceSize\n      ecidsWithCookie\n      ecidsWithLead\n      ecidsWithoutCookie\n      ecidsAnonymousOnly\n      matchedLeads\n      listSize\n      added\n      removed\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ContractConnectMarketo($input: ConnectMarketoInput!) {\n    connectMarketo(input: $input) {\n      __typename\n      ... on Error { code message }\n      ... on ConnectMarketoSuccess { workspace { id marketo { status } } }\n    }\n  }\n"): (typeof documents)["\n  mutation ContractConnectMarketo($input: ConnectMarketoInput!) {\n    connectMarketo(input: $input) {\n      __typename\n      ... on Error { code message }\n      ... on ConnectMarketoSuccess { workspace { id marketo { status } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ContractMirror($input: MirrorListToMarketoInput!) {\n    mirrorListToMarketo(input: $input) {\n      __typename\n      ... on Error { code message }\n      ... on MirrorListToMarketoSuccess { mirror { id marketoListId status } }\n    }\n  }\n"): (typeof documents)["\n  mutation ContractMirror($input: MirrorListToMarketoInput!) {\n    mirrorListToMarketo(input: $input) {\n      __typename\n      ... on Error { code message }\n      ... on MirrorListToMarketoSuccess { mirror { id marketoListId status } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContractWorkspaceMarketo {\n    workspace { marketo { status lastError callsToday dailyCallBudget } }\n  }\n"): (typeof documents)["\n  query ContractWorkspaceMarketo {\n    workspace { marketo { status lastError callsToday dailyCallBudget } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ContractPushNow($input: PushListToMarketoNowInput!) {\n    pushListToMarketoNow(input: $input) {\n      __typename\n      ... on Error { code message }\n      ... on PushListToMarketoNowSuccess { push { id trigger } }\n    }\n  }\n"): (typeof documents)["\n  mutation ContractPushNow($input: PushListToMarketoNowInput!) {\n    pushListToMarketoNow(input: $input) {\n      __typename\n      ... on Error { code message }\n      ... on PushListToMarketoNowSuccess { push { id trigger } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePublishableKey($input: CreatePublishableKeyInput!) {\n    createPublishableKey(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreatePublishableKeySuccess {\n        publishableKey {\n          id\n          key\n          allowedOrigins\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePublishableKey($input: CreatePublishableKeyInput!) {\n    createPublishableKey(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreatePublishableKeySuccess {\n        publishableKey {\n          id\n          key\n          allowedOrigins\n          createdAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTrackedLink($input: CreateTrackedLinkInput!) {\n    createTrackedLink(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreateTrackedLinkSuccess {\n        trackedUrl\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTrackedLink($input: CreateTrackedLinkInput!) {\n    createTrackedLink(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreateTrackedLinkSuccess {\n        trackedUrl\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpsertOneLead($input: UpsertLeadsInput!) {\n    upsertLeads(input: $input) {\n      __typename\n      ... on UpsertLeadsSuccess {\n        leads {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpsertOneLead($input: UpsertLeadsInput!) {\n    upsertLeads(input: $input) {\n      __typename\n      ... on UpsertLeadsSuccess {\n        leads {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartSync($input: StartAudienceSyncInput!) {\n    startAudienceSync(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on StartAudienceSyncSuccess {\n        syncJob {\n          ...SyncJobFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StartSync($input: StartAudienceSyncInput!) {\n    startAudienceSync(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on StartAudienceSyncSuccess {\n        syncJob {\n          ...SyncJobFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettledSyncJob($id: ID!) {\n    syncJob(id: $id) {\n      ...SyncJobFields\n    }\n  }\n"): (typeof documents)["\n  query SettledSyncJob($id: ID!) {\n    syncJob(id: $id) {\n      ...SyncJobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplainMatch($id: ID!, $ecid: String!) {\n    audience(id: $id) {\n      explainMatch(ecid: $ecid) {\n        ecid\n        inAudience\n        reason\n        cookieIds\n        leads {\n          email\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ExplainMatch($id: ID!, $ecid: String!) {\n    audience(id: $id) {\n      explainMatch(ecid: $ecid) {\n        ecid\n        inAudience\n        reason\n        cookieIds\n        leads {\n          email\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseJob($id: ID!) {\n    pauseSyncJob(input: { id: $id }) {\n      __typename\n      ...ErrorFields\n      ... on PauseSyncJobSuccess {\n        syncJob {\n          ...SyncJobFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PauseJob($id: ID!) {\n    pauseSyncJob(input: { id: $id }) {\n      __typename\n      ...ErrorFields\n      ... on PauseSyncJobSuccess {\n        syncJob {\n          ...SyncJobFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeJob($id: ID!) {\n    resumeSyncJob(input: { id: $id }) {\n      __typename\n      ...ErrorFields\n      ... on ResumeSyncJobSuccess {\n        syncJob {\n          ...SyncJobFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ResumeJob($id: ID!) {\n    resumeSyncJob(input: { id: $id }) {\n      __typename\n      ...ErrorFields\n      ... on ResumeSyncJobSuccess {\n        syncJob {\n          ...SyncJobFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunJobNow($id: ID!) {\n    runSyncJobNow(input: { id: $id }) {\n      __typename\n      ...ErrorFields\n      ... on RunSyncJobNowSuccess {\n        syncJob {\n          id\n          lastRun {\n            trigger\n            status\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RunJobNow($id: ID!) {\n    runSyncJobNow(input: { id: $id }) {\n      __typename\n      ...ErrorFields\n      ... on RunSyncJobNowSuccess {\n        syncJob {\n          id\n          lastRun {\n            trigger\n            status\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteJob($id: ID!) {\n    deleteSyncJob(input: { id: $id }) {\n      __typename\n      ...ErrorFields\n      ... on DeleteSyncJobSuccess {\n        deletedId\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteJob($id: ID!) {\n    deleteSyncJob(input: { id: $id }) {\n      __typename\n      ...ErrorFields\n      ... on DeleteSyncJobSuccess {\n        deletedId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobRuns($id: ID!) {\n    syncJob(id: $id) {\n      runs(first: 10) {\n        totalCount\n        edges {\n          node {\n            trigger\n            status\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobRuns($id: ID!) {\n    syncJob(id: $id) {\n      runs(first: 10) {\n        totalCount\n        edges {\n          node {\n            trigger\n            status\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobExists($id: ID!) {\n    syncJob(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  query JobExists($id: ID!) {\n    syncJob(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListJob($id: ID!) {\n    node(id: $id) {\n      ... on List {\n        name\n        syncJob {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListJob($id: ID!) {\n    node(id: $id) {\n      ... on List {\n        name\n        syncJob {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobsPage($first: Int) {\n    syncJobs(first: $first) {\n      totalCount\n      edges {\n        node {\n          ...SyncJobFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobsPage($first: Int) {\n    syncJobs(first: $first) {\n      totalCount\n      edges {\n        node {\n          ...SyncJobFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AudienceJobs($id: ID!) {\n    audience(id: $id) {\n      syncJobs {\n        list {\n          name\n          syncJob {\n            audience {\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AudienceJobs($id: ID!) {\n    audience(id: $id) {\n      syncJobs {\n        list {\n          name\n          syncJob {\n            audience {\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssociateForWakeup($input: AssociateLeadInput!) {\n    associateLead(input: $input) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation AssociateForWakeup($input: AssociateLeadInput!) {\n    associateLead(input: $input) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunNow($id: ID!) {\n    runSyncJobNow(input: { id: $id }) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation RunNow($id: ID!) {\n    runSyncJobNow(input: { id: $id }) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreateWebhookSuccess {\n        signingSecret\n        webhook {\n          id\n          url\n          events\n          description\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on CreateWebhookSuccess {\n        signingSecret\n        webhook {\n          id\n          url\n          events\n          description\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestWebhook($input: TestWebhookInput!) {\n    testWebhook(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on TestWebhookSuccess {\n        delivery {\n          id\n          status\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation TestWebhook($input: TestWebhookInput!) {\n    testWebhook(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on TestWebhookSuccess {\n        delivery {\n          id\n          status\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($input: DeleteWebhookInput!) {\n    deleteWebhook(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on DeleteWebhookSuccess {\n        deletedId\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteWebhook($input: DeleteWebhookInput!) {\n    deleteWebhook(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on DeleteWebhookSuccess {\n        deletedId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveries {\n    webhooks(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          url\n          deliveries(first: 100) {\n            totalCount\n            edges {\n              node {\n                id\n                eventType\n                status\n                attempts\n                responseStatus\n                lastError\n                deliveredAt\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookDeliveries {\n    webhooks(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          url\n          deliveries(first: 100) {\n            totalCount\n            edges {\n              node {\n                id\n                eventType\n                status\n                attempts\n                responseStatus\n                lastError\n                deliveredAt\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebhookRunNow($input: RunSyncJobNowInput!) {\n    runSyncJobNow(input: $input) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation WebhookRunNow($input: RunSyncJobNowInput!) {\n    runSyncJobNow(input: $input) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Workspace {\n    workspace {\n      id\n      name\n      hipaaReady\n      experienceCloud {\n        imsOrgId\n        cookieSyncEnabled\n        configuredAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query Workspace {\n    workspace {\n      id\n      name\n      hipaaReady\n      experienceCloud {\n        imsOrgId\n        cookieSyncEnabled\n        configuredAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Configure($input: ConfigureExperienceCloudInput!) {\n    configureExperienceCloud(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on ConfigureExperienceCloudSuccess {\n        workspace {\n          experienceCloud {\n            imsOrgId\n            cookieSyncEnabled\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Configure($input: ConfigureExperienceCloudInput!) {\n    configureExperienceCloud(input: $input) {\n      __typename\n      ...ErrorFields\n      ... on ConfigureExperienceCloudSuccess {\n        workspace {\n          experienceCloud {\n            imsOrgId\n            cookieSyncEnabled\n          }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;