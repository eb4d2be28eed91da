import { graphql } from './gql/index.js';

/**
 * The operations of the Settings view, typed from the committed schema (`npm run schema`).
 * Each section reads on its own, so a token without admin scope still sees the sections it
 * may read, and the others say why they are empty.
 */

export const SettingsExperienceCloud = graphql(/* GraphQL */ `
  query SettingsExperienceCloud {
    workspace {
      id
      hipaaReady
      experienceCloud {
        imsOrgId
        cookieSyncEnabled
        configuredAt
      }
    }
  }
`);

export const SettingsConfigureExperienceCloud = graphql(/* GraphQL */ `
  mutation SettingsConfigureExperienceCloud($input: ConfigureExperienceCloudInput!) {
    configureExperienceCloud(input: $input) {
      __typename
      ...WebErrorFields
      ... on ConfigureExperienceCloudSuccess {
        workspace {
          id
          experienceCloud {
            imsOrgId
            cookieSyncEnabled
            configuredAt
          }
        }
      }
    }
  }
`);

export const SettingsKeyFields = graphql(/* GraphQL */ `
  fragment SettingsKeyFields on PublishableKey {
    id
    key
    allowedOrigins
    createdAt
    revokedAt
  }
`);

export const SettingsPublishableKeys = graphql(/* GraphQL */ `
  query SettingsPublishableKeys($first: Int!, $after: String) {
    workspace {
      id
      experienceCloud {
        imsOrgId
      }
      publishableKeys(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...SettingsKeyFields
          }
        }
      }
    }
  }
`);

export const SettingsCreatePublishableKey = graphql(/* GraphQL */ `
  mutation SettingsCreatePublishableKey($input: CreatePublishableKeyInput!) {
    createPublishableKey(input: $input) {
      __typename
      ...WebErrorFields
      ... on CreatePublishableKeySuccess {
        publishableKey {
          ...SettingsKeyFields
        }
      }
    }
  }
`);

export const SettingsRevokePublishableKey = graphql(/* GraphQL */ `
  mutation SettingsRevokePublishableKey($id: ID!) {
    revokePublishableKey(input: { id: $id }) {
      __typename
      ...WebErrorFields
    }
  }
`);

export const SettingsWebhookFields = graphql(/* GraphQL */ `
  fragment SettingsWebhookFields on Webhook {
    id
    url
    description
    events
    createdAt
  }
`);

export const SettingsDeliveryFields = graphql(/* GraphQL */ `
  fragment SettingsDeliveryFields on WebhookDelivery {
    id
    eventType
    status
    attempts
    responseStatus
    lastError
    createdAt
    deliveredAt
  }
`);

export const SettingsWebhooks = graphql(/* GraphQL */ `
  query SettingsWebhooks($first: Int!, $after: String) {
    webhooks(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...SettingsWebhookFields
        }
      }
    }
  }
`);

export const SettingsWebhookDeliveries = graphql(/* GraphQL */ `
  query SettingsWebhookDeliveries($id: ID!, $first: Int!, $after: String) {
    node(id: $id) {
      __typename
      id
      ... on Webhook {
        deliveries(first: $first, after: $after) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            node {
              ...SettingsDeliveryFields
            }
          }
        }
      }
    }
  }
`);

export const SettingsCreateWebhook = graphql(/* GraphQL */ `
  mutation SettingsCreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      __typename
      ...WebErrorFields
      ... on CreateWebhookSuccess {
        signingSecret
        webhook {
          ...SettingsWebhookFields
        }
      }
    }
  }
`);

export const SettingsTestWebhook = graphql(/* GraphQL */ `
  mutation SettingsTestWebhook($id: ID!) {
    testWebhook(input: { id: $id }) {
      __typename
      ...WebErrorFields
      ... on TestWebhookSuccess {
        delivery {
          ...SettingsDeliveryFields
        }
      }
    }
  }
`);

export const SettingsDeleteWebhook = graphql(/* GraphQL */ `
  mutation SettingsDeleteWebhook($id: ID!) {
    deleteWebhook(input: { id: $id }) {
      __typename
      ...WebErrorFields
    }
  }
`);

export const SettingsMarketoFields = graphql(/* GraphQL */ `
  fragment SettingsMarketoFields on MarketoConnection {
    restEndpoint
    identityEndpoint
    clientId
    status
    callsPer20Seconds
    concurrentCalls
    dailyCallBudget
    callsToday
    connectedAt
    lastError
  }
`);

export const SettingsMarketo = graphql(/* GraphQL */ `
  query SettingsMarketo {
    workspace {
      id
      marketo {
        ...SettingsMarketoFields
      }
    }
  }
`);

export const SettingsConnectMarketo = graphql(/* GraphQL */ `
  mutation SettingsConnectMarketo($input: ConnectMarketoInput!) {
    connectMarketo(input: $input) {
      __typename
      ...WebErrorFields
      ... on ConnectMarketoSuccess {
        workspace {
          id
          marketo {
            ...SettingsMarketoFields
          }
        }
      }
    }
  }
`);

export const SettingsDisconnectMarketo = graphql(/* GraphQL */ `
  mutation SettingsDisconnectMarketo {
    disconnectMarketo {
      __typename
      ...WebErrorFields
      ... on DisconnectMarketoSuccess {
        workspace {
          id
          marketo {
            ...SettingsMarketoFields
          }
        }
      }
    }
  }
`);

export const SettingsApiTokenFields = graphql(/* GraphQL */ `
  fragment SettingsApiTokenFields on ApiToken {
    id
    scopes
    description
    createdAt
    lastUsedAt
    revokedAt
  }
`);

export const SettingsApiTokens = graphql(/* GraphQL */ `
  query SettingsApiTokens($first: Int!, $after: String) {
    workspace {
      id
      apiTokens(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...SettingsApiTokenFields
          }
        }
      }
    }
  }
`);

export const SettingsCreateApiToken = graphql(/* GraphQL */ `
  mutation SettingsCreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      __typename
      ...WebErrorFields
      ... on CreateApiTokenSuccess {
        token
        apiToken {
          ...SettingsApiTokenFields
        }
      }
    }
  }
`);

export const SettingsRevokeApiToken = graphql(/* GraphQL */ `
  mutation SettingsRevokeApiToken($id: ID!) {
    revokeApiToken(input: { id: $id }) {
      __typename
      ...WebErrorFields
    }
  }
`);
