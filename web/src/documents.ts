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
