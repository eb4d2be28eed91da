import { graphql } from './gql/index.js';

/** Every operation of the web app, typed from the committed schema (`npm run schema`). */

export const WorkspaceName = graphql(/* GraphQL */ `
  query WorkspaceName {
    workspace {
      id
      name
    }
  }
`);

export const FolderFields = graphql(/* GraphQL */ `
  fragment FolderFields on AudienceFolder {
    id
    path
  }
`);

/** Five levels at a time; deeper folders are read with FolderChildren (folders.ts). */
export const FolderTree = graphql(/* GraphQL */ `
  query FolderTree {
    audienceFolders {
      ...FolderFields
      children {
        ...FolderFields
        children {
          ...FolderFields
          children {
            ...FolderFields
            children {
              ...FolderFields
              children {
                id
              }
            }
          }
        }
      }
    }
  }
`);

export const FolderChildren = graphql(/* GraphQL */ `
  query FolderChildren($parentId: ID!) {
    audienceFolders(parentId: $parentId) {
      ...FolderFields
      children {
        id
      }
    }
  }
`);

export const FolderAudiences = graphql(/* GraphQL */ `
  query FolderAudiences($folderId: ID!, $after: String) {
    audiences(folderId: $folderId, first: 500, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const ListChoices = graphql(/* GraphQL */ `
  query ListChoices($after: String) {
    lists(first: 500, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          syncJob {
            id
          }
        }
      }
    }
  }
`);

export const ErrorFields = graphql(/* GraphQL */ `
  fragment WebErrorFields on Error {
    code
    message
    ... on ValidationError {
      fieldErrors {
        path
        message
      }
    }
  }
`);

export const StartAudienceSync = graphql(/* GraphQL */ `
  mutation WebStartAudienceSync($input: StartAudienceSyncInput!) {
    startAudienceSync(input: $input) {
      __typename
      ...WebErrorFields
      ... on StartAudienceSyncSuccess {
        syncJob {
          id
          audience {
            name
          }
          list {
            name
          }
        }
      }
    }
  }
`);

/** The funnel's numbers (its type; runs select the same fields inline, as the depth limit counts spreads). */
export const StatsFields = graphql(/* GraphQL */ `
  fragment WebStatsFields on SyncStats {
    audienceSize
    ecidsWithCookie
    ecidsWithLead
    ecidsWithoutCookie
    ecidsAnonymousOnly
    matchedLeads
    listSize
    added
    removed
  }
`);

export const RunFields = graphql(/* GraphQL */ `
  fragment WebRunFields on SyncRun {
    id
    trigger
    status
    phase
    attempts
    startedAt
    finishedAt
    error
    stats {
      audienceSize
      ecidsWithCookie
      ecidsWithLead
      ecidsWithoutCookie
      ecidsAnonymousOnly
      matchedLeads
      listSize
      added
      removed
    }
  }
`);

export const ProgressFields = graphql(/* GraphQL */ `
  fragment WebProgressFields on SyncProgress {
    sequence
    status
    phase
    processed
    total
    percent
  }
`);

export const JobFields = graphql(/* GraphQL */ `
  fragment WebJobFields on SyncJob {
    id
    status
    createdAt
    nextRunAt
    audience {
      id
      name
      folder {
        path
      }
    }
    list {
      id
      name
    }
    progress {
      ...WebProgressFields
    }
    runs(first: 10) {
      totalCount
      edges {
        node {
          ...WebRunFields
        }
      }
    }
  }
`);

/** One page of jobs; the list pages on with `after` (Show more). */
export const SyncJobs = graphql(/* GraphQL */ `
  query WebSyncJobs($first: Int!, $after: String) {
    syncJobs(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...WebJobFields
        }
      }
    }
  }
`);

/** Older runs of one job, for its funnel when none of the latest ten succeeded. */
export const JobRuns = graphql(/* GraphQL */ `
  query WebJobRuns($id: ID!, $after: String) {
    syncJob(id: $id) {
      id
      runs(first: 50, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...WebRunFields
          }
        }
      }
    }
  }
`);

export const PauseSyncJob = graphql(/* GraphQL */ `
  mutation WebPauseSyncJob($id: ID!) {
    pauseSyncJob(input: { id: $id }) {
      __typename
      ...WebErrorFields
    }
  }
`);

export const ResumeSyncJob = graphql(/* GraphQL */ `
  mutation WebResumeSyncJob($id: ID!) {
    resumeSyncJob(input: { id: $id }) {
      __typename
      ...WebErrorFields
    }
  }
`);

export const RunSyncJobNow = graphql(/* GraphQL */ `
  mutation WebRunSyncJobNow($id: ID!) {
    runSyncJobNow(input: { id: $id }) {
      __typename
      ...WebErrorFields
    }
  }
`);

export const ExplainMatch = graphql(/* GraphQL */ `
  query WebExplainMatch($audienceId: ID!, $ecid: String!) {
    audience(id: $audienceId) {
      explainMatch(ecid: $ecid) {
        ecid
        inAudience
        reason
        cookieIds
        leads {
          id
          email
          lists(first: 500) {
            edges {
              node {
                id
              }
            }
          }
        }
      }
    }
  }
`);

export const ExplainLead = graphql(/* GraphQL */ `
  query WebExplainLead($audienceId: ID!, $email: String!) {
    audience(id: $audienceId) {
      explainLead(email: $email) {
        email
        reason
        cookieIds
        ecids
        audienceEcids
        lead {
          id
          email
          lists(first: 500) {
            edges {
              source
              node {
                id
              }
            }
          }
        }
      }
    }
  }
`);

export const SyncProgress = graphql(/* GraphQL */ `
  subscription WebSyncProgress($syncJobId: ID!, $afterSequence: Int) {
    syncProgress(syncJobId: $syncJobId, afterSequence: $afterSequence) {
      ...WebProgressFields
    }
  }
`);

export const SyncJobChanged = graphql(/* GraphQL */ `
  subscription WebSyncJobChanged {
    syncJobChanged {
      id
      status
      deletedAt
    }
  }
`);

/** One page of lists for the Lists view: name, size, the sync job feeding each and its Marketo mirror. */
export const ListsPage = graphql(/* GraphQL */ `
  query WebListsPage($first: Int!, $after: String, $search: String) {
    lists(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          memberCount
          syncJob {
            id
            status
            audience {
              id
              name
            }
          }
          ...WebListMirrorSummary
        }
      }
    }
  }
`);

/** A list's heading: its name, size and the sync job feeding it. */
export const ListHead = graphql(/* GraphQL */ `
  query WebListHead($id: ID!) {
    list(id: $id) {
      id
      name
      memberCount
      createdAt
      syncJob {
        id
        status
        audience {
          id
          name
        }
      }
    }
  }
`);

/** One page of a list's members, with who owns each membership. */
export const ListMembersPage = graphql(/* GraphQL */ `
  query WebListMembersPage($id: ID!, $first: Int!, $after: String) {
    list(id: $id) {
      id
      members(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          source
          node {
            id
            email
            firstName
            lastName
          }
        }
      }
    }
  }
`);

/** The lead with this email (any case) and one page of the lists it is on. */
export const LeadByEmail = graphql(/* GraphQL */ `
  query WebLeadByEmail($email: String!, $after: String) {
    leads(email: $email, first: 1) {
      edges {
        node {
          id
          email
          firstName
          lastName
          lists(first: 500, after: $after) {
            pageInfo {
              hasNextPage
              endCursor
            }
            edges {
              source
              node {
                id
              }
            }
          }
        }
      }
    }
  }
`);

/** One page of a list's membership history, newest first. */
export const ListChangesPage = graphql(/* GraphQL */ `
  query WebListChangesPage(
    $id: ID!
    $first: Int!
    $after: String
    $kind: MembershipChangeKind
  ) {
    list(id: $id) {
      id
      changes(first: $first, after: $after, kind: $kind) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            at
            kind
            source
            lead {
              id
              email
            }
            run {
              id
              trigger
              startedAt
            }
          }
        }
      }
    }
  }
`);

export const AddListMembers = graphql(/* GraphQL */ `
  mutation WebAddListMembers($input: AddListMembersInput!) {
    addListMembers(input: $input) {
      __typename
      ...WebErrorFields
      ... on AddListMembersSuccess {
        count
      }
    }
  }
`);

export const RemoveListMembers = graphql(/* GraphQL */ `
  mutation WebRemoveListMembers($input: RemoveListMembersInput!) {
    removeListMembers(input: $input) {
      __typename
      ...WebErrorFields
      ... on RemoveListMembersSuccess {
        count
      }
    }
  }
`);

/** The folders directly inside one (or the root folders), for the library tree. */
export const LibraryFolders = graphql(/* GraphQL */ `
  query WebLibraryFolders($parentId: ID) {
    audienceFolders(parentId: $parentId) {
      id
      name
      path
    }
  }
`);

export const AudienceRowFields = graphql(/* GraphQL */ `
  fragment WebAudienceRowFields on Audience {
    id
    name
    externalId
    memberCount
    source
    updatedAt
    folder {
      id
      path
    }
    syncJobs {
      id
      list {
        id
        name
      }
    }
  }
`);

/** One page of the audiences directly in a folder, for the library tree. */
export const LibraryAudiences = graphql(/* GraphQL */ `
  query WebLibraryAudiences($folderId: ID!, $first: Int!, $after: String) {
    audiences(folderId: $folderId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...WebAudienceRowFields
        }
      }
    }
  }
`);

/** Audiences of the whole library whose name or external id holds the words searched. */
export const SearchAudiences = graphql(/* GraphQL */ `
  query WebSearchAudiences($search: String!, $first: Int!, $after: String) {
    audiences(search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...WebAudienceRowFields
        }
      }
    }
  }
`);

/** The dry-run funnel of a sync of the audience into a new list: writes nothing. */
export const PreviewAudienceSync = graphql(/* GraphQL */ `
  query WebPreviewAudienceSync($audienceId: ID!) {
    previewAudienceSync(audienceId: $audienceId) {
      ...WebStatsFields
    }
  }
`);

/** The folder of an audience, to open New sync with it chosen. */
export const AudienceFolderOf = graphql(/* GraphQL */ `
  query WebAudienceFolderOf($id: ID!) {
    audience(id: $id) {
      id
      name
      folder {
        id
      }
    }
  }
`);
