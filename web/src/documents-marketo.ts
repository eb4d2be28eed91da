import { graphql } from './gql/index.js';

/**
 * The operations of a list's Marketo mirror (web/src/list-marketo*.tsx), typed from the
 * committed schema (`npm run schema`).
 */

/** What the Lists view shows of each list's mirror (spread into WebListsPage). */
export const ListMirrorSummary = graphql(/* GraphQL */ `
  fragment WebListMirrorSummary on List {
    marketoMirror {
      id
      marketoListId
      marketoListName
      status
    }
  }
`);

/** A push's counters, as the live progress, the last push and the history show them. */
export const MarketoPushFields = graphql(/* GraphQL */ `
  fragment WebMarketoPushFields on MarketoPush {
    id
    trigger
    status
    startedAt
    finishedAt
    added
    removed
    leadsCreated
    notInMarketo
    skipped
    calls
    error
  }
`);

export const MarketoMirrorFields = graphql(/* GraphQL */ `
  fragment WebMarketoMirrorFields on MarketoMirror {
    id
    marketoListId
    marketoListName
    leadMatching
    status
    pendingAdds
    pendingRemoves
    lastPush {
      ...WebMarketoPushFields
    }
  }
`);

/** A list's mirror, and whether the workspace has a Marketo connection to mirror with. */
export const ListMarketo = graphql(/* GraphQL */ `
  query WebListMarketo($id: ID!) {
    workspace {
      id
      marketo {
        status
      }
    }
    list(id: $id) {
      id
      marketoMirror {
        ...WebMarketoMirrorFields
      }
    }
  }
`);

/** One page of a mirror's pushes, newest first. */
export const MarketoPushesPage = graphql(/* GraphQL */ `
  query WebMarketoPushesPage($id: ID!, $first: Int!, $after: String) {
    list(id: $id) {
      id
      marketoMirror {
        id
        pushes(first: $first, after: $after) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            node {
              ...WebMarketoPushFields
            }
          }
        }
      }
    }
  }
`);

/** A push, and one page of its records: all or those of one outcome. */
export const MarketoPushRecordsPage = graphql(/* GraphQL */ `
  query WebMarketoPushRecordsPage(
    $pushId: ID!
    $first: Int!
    $after: String
    $outcome: MarketoPushOutcome
  ) {
    node(id: $pushId) {
      __typename
      id
      ... on MarketoPush {
        ...WebMarketoPushFields
        records(first: $first, after: $after, outcome: $outcome) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            cursor
            node {
              email
              marketoLeadId
              action
              outcome
              reasonCode
              reason
            }
          }
        }
      }
    }
  }
`);

export const MirrorListToMarketo = graphql(/* GraphQL */ `
  mutation WebMirrorListToMarketo($input: MirrorListToMarketoInput!) {
    mirrorListToMarketo(input: $input) {
      __typename
      ...WebErrorFields
      ... on MirrorListToMarketoSuccess {
        mirror {
          ...WebMarketoMirrorFields
        }
      }
    }
  }
`);

export const PushListToMarketoNow = graphql(/* GraphQL */ `
  mutation WebPushListToMarketoNow($input: PushListToMarketoNowInput!) {
    pushListToMarketoNow(input: $input) {
      __typename
      ...WebErrorFields
      ... on PushListToMarketoNowSuccess {
        mirror {
          ...WebMarketoMirrorFields
        }
        push {
          ...WebMarketoPushFields
        }
      }
    }
  }
`);

export const StopMirroringList = graphql(/* GraphQL */ `
  mutation WebStopMirroringList($input: StopMirroringListInput!) {
    stopMirroringList(input: $input) {
      __typename
      ...WebErrorFields
    }
  }
`);

/** The pushes of a list's mirror as they move, each event with the push's counters. */
export const MarketoPushProgress = graphql(/* GraphQL */ `
  subscription WebMarketoPushProgress($listId: ID!) {
    marketoPushProgress(listId: $listId) {
      ...WebMarketoPushFields
    }
  }
`);
