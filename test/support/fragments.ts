import { graphql } from '../gql/index.js';

/**
 * What the tests read of a typed error: spread `...ErrorFields` in a mutation's result union
 * (codegen adds this definition to every document that uses it).
 */
export const ErrorFields = graphql(/* GraphQL */ `
  fragment ErrorFields on Error {
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

/** What the tests read of a sync job: spread `...SyncJobFields` wherever a `SyncJob` is selected. */
export const SyncJobFields = graphql(/* GraphQL */ `
  fragment SyncJobFields on SyncJob {
    id
    status
    nextRunAt
    audience {
      id
      name
    }
    list {
      id
      name
    }
    lastRun {
      id
      trigger
      status
      phase
      processed
      total
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
    progress {
      sequence
      status
      phase
      processed
      total
      percent
    }
  }
`);

/** Every field of a dry run (`previewAudienceSync`), for the tests that compare it with a run. */
export const PreviewSync = graphql(/* GraphQL */ `
  query PreviewSync($id: ID!) {
    previewAudienceSync(audienceId: $id) {
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
