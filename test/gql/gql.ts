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
    "\n  mutation CreateFolder($input: CreateAudienceFolderInput!) {\n    createAudienceFolder(input: $input) {\n      __typename\n      ... on Error {\n        code\n        message\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on CreateAudienceFolderSuccess {\n        folder {\n          id\n          name\n          path\n          parent {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.CreateFolderDocument,
    "\n  query Folders($parentId: ID) {\n    audienceFolders(parentId: $parentId) {\n      id\n      name\n      path\n      children {\n        name\n        path\n      }\n      audiences(first: 10) {\n        totalCount\n        edges {\n          node {\n            externalId\n          }\n        }\n      }\n    }\n  }\n": typeof types.FoldersDocument,
    "\n  query Folder($id: ID!) {\n    audienceFolder(id: $id) {\n      id\n      path\n    }\n  }\n": typeof types.FolderDocument,
    "\n  mutation UpsertAudience($input: UpsertAudienceInput!) {\n    upsertAudience(input: $input) {\n      __typename\n      ... on Error {\n        code\n        message\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n        }\n      }\n      ... on UpsertAudienceSuccess {\n        audience {\n          id\n          externalId\n          name\n          description\n          memberCount\n          folder {\n            path\n          }\n        }\n      }\n    }\n  }\n": typeof types.UpsertAudienceDocument,
    "\n  mutation AddMembers($input: AddAudienceMembersInput!) {\n    addAudienceMembers(input: $input) {\n      __typename\n      ... on Error {\n        code\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on AddAudienceMembersSuccess {\n        count\n        audience {\n          memberCount\n        }\n      }\n    }\n  }\n": typeof types.AddMembersDocument,
    "\n  mutation RemoveMembers($input: RemoveAudienceMembersInput!) {\n    removeAudienceMembers(input: $input) {\n      __typename\n      ... on Error {\n        code\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n        }\n      }\n      ... on RemoveAudienceMembersSuccess {\n        count\n        audience {\n          memberCount\n        }\n      }\n    }\n  }\n": typeof types.RemoveMembersDocument,
    "\n  query Audiences($folderId: ID, $search: String, $first: Int, $after: String) {\n    audiences(folderId: $folderId, search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          externalId\n          name\n        }\n      }\n    }\n  }\n": typeof types.AudiencesDocument,
    "\n  query AudienceById($id: ID!) {\n    audience(id: $id) {\n      id\n      name\n      memberCount\n    }\n  }\n": typeof types.AudienceByIdDocument,
    "\n  query Workspace {\n    workspace {\n      id\n      name\n      hipaaReady\n      experienceCloud {\n        imsOrgId\n        cookieSyncEnabled\n        configuredAt\n      }\n    }\n  }\n": typeof types.WorkspaceDocument,
    "\n  mutation Configure($input: ConfigureExperienceCloudInput!) {\n    configureExperienceCloud(input: $input) {\n      __typename\n      ... on Error {\n        code\n        message\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on ConfigureExperienceCloudSuccess {\n        workspace {\n          experienceCloud {\n            imsOrgId\n            cookieSyncEnabled\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConfigureDocument,
};
const documents: Documents = {
    "\n  mutation CreateFolder($input: CreateAudienceFolderInput!) {\n    createAudienceFolder(input: $input) {\n      __typename\n      ... on Error {\n        code\n        message\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on CreateAudienceFolderSuccess {\n        folder {\n          id\n          name\n          path\n          parent {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.CreateFolderDocument,
    "\n  query Folders($parentId: ID) {\n    audienceFolders(parentId: $parentId) {\n      id\n      name\n      path\n      children {\n        name\n        path\n      }\n      audiences(first: 10) {\n        totalCount\n        edges {\n          node {\n            externalId\n          }\n        }\n      }\n    }\n  }\n": types.FoldersDocument,
    "\n  query Folder($id: ID!) {\n    audienceFolder(id: $id) {\n      id\n      path\n    }\n  }\n": types.FolderDocument,
    "\n  mutation UpsertAudience($input: UpsertAudienceInput!) {\n    upsertAudience(input: $input) {\n      __typename\n      ... on Error {\n        code\n        message\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n        }\n      }\n      ... on UpsertAudienceSuccess {\n        audience {\n          id\n          externalId\n          name\n          description\n          memberCount\n          folder {\n            path\n          }\n        }\n      }\n    }\n  }\n": types.UpsertAudienceDocument,
    "\n  mutation AddMembers($input: AddAudienceMembersInput!) {\n    addAudienceMembers(input: $input) {\n      __typename\n      ... on Error {\n        code\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on AddAudienceMembersSuccess {\n        count\n        audience {\n          memberCount\n        }\n      }\n    }\n  }\n": types.AddMembersDocument,
    "\n  mutation RemoveMembers($input: RemoveAudienceMembersInput!) {\n    removeAudienceMembers(input: $input) {\n      __typename\n      ... on Error {\n        code\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n        }\n      }\n      ... on RemoveAudienceMembersSuccess {\n        count\n        audience {\n          memberCount\n        }\n      }\n    }\n  }\n": types.RemoveMembersDocument,
    "\n  query Audiences($folderId: ID, $search: String, $first: Int, $after: String) {\n    audiences(folderId: $folderId, search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          externalId\n          name\n        }\n      }\n    }\n  }\n": types.AudiencesDocument,
    "\n  query AudienceById($id: ID!) {\n    audience(id: $id) {\n      id\n      name\n      memberCount\n    }\n  }\n": types.AudienceByIdDocument,
    "\n  query Workspace {\n    workspace {\n      id\n      name\n      hipaaReady\n      experienceCloud {\n        imsOrgId\n        cookieSyncEnabled\n        configuredAt\n      }\n    }\n  }\n": types.WorkspaceDocument,
    "\n  mutation Configure($input: ConfigureExperienceCloudInput!) {\n    configureExperienceCloud(input: $input) {\n      __typename\n      ... on Error {\n        code\n        message\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on ConfigureExperienceCloudSuccess {\n        workspace {\n          experienceCloud {\n            imsOrgId\n            cookieSyncEnabled\n          }\n        }\n      }\n    }\n  }\n": types.ConfigureDocument,
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
export function graphql(source: "\n  mutation CreateFolder($input: CreateAudienceFolderInput!) {\n    createAudienceFolder(input: $input) {\n      __typename\n      ... on Error {\n        code\n        message\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on CreateAudienceFolderSuccess {\n        folder {\n          id\n          name\n          path\n          parent {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateFolder($input: CreateAudienceFolderInput!) {\n    createAudienceFolder(input: $input) {\n      __typename\n      ... on Error {\n        code\n        message\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on CreateAudienceFolderSuccess {\n        folder {\n          id\n          name\n          path\n          parent {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  mutation UpsertAudience($input: UpsertAudienceInput!) {\n    upsertAudience(input: $input) {\n      __typename\n      ... on Error {\n        code\n        message\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n        }\n      }\n      ... on UpsertAudienceSuccess {\n        audience {\n          id\n          externalId\n          name\n          description\n          memberCount\n          folder {\n            path\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpsertAudience($input: UpsertAudienceInput!) {\n    upsertAudience(input: $input) {\n      __typename\n      ... on Error {\n        code\n        message\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n        }\n      }\n      ... on UpsertAudienceSuccess {\n        audience {\n          id\n          externalId\n          name\n          description\n          memberCount\n          folder {\n            path\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddMembers($input: AddAudienceMembersInput!) {\n    addAudienceMembers(input: $input) {\n      __typename\n      ... on Error {\n        code\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on AddAudienceMembersSuccess {\n        count\n        audience {\n          memberCount\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddMembers($input: AddAudienceMembersInput!) {\n    addAudienceMembers(input: $input) {\n      __typename\n      ... on Error {\n        code\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on AddAudienceMembersSuccess {\n        count\n        audience {\n          memberCount\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveMembers($input: RemoveAudienceMembersInput!) {\n    removeAudienceMembers(input: $input) {\n      __typename\n      ... on Error {\n        code\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n        }\n      }\n      ... on RemoveAudienceMembersSuccess {\n        count\n        audience {\n          memberCount\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveMembers($input: RemoveAudienceMembersInput!) {\n    removeAudienceMembers(input: $input) {\n      __typename\n      ... on Error {\n        code\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n        }\n      }\n      ... on RemoveAudienceMembersSuccess {\n        count\n        audience {\n          memberCount\n        }\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  query Workspace {\n    workspace {\n      id\n      name\n      hipaaReady\n      experienceCloud {\n        imsOrgId\n        cookieSyncEnabled\n        configuredAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query Workspace {\n    workspace {\n      id\n      name\n      hipaaReady\n      experienceCloud {\n        imsOrgId\n        cookieSyncEnabled\n        configuredAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Configure($input: ConfigureExperienceCloudInput!) {\n    configureExperienceCloud(input: $input) {\n      __typename\n      ... on Error {\n        code\n        message\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on ConfigureExperienceCloudSuccess {\n        workspace {\n          experienceCloud {\n            imsOrgId\n            cookieSyncEnabled\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Configure($input: ConfigureExperienceCloudInput!) {\n    configureExperienceCloud(input: $input) {\n      __typename\n      ... on Error {\n        code\n        message\n      }\n      ... on ValidationError {\n        fieldErrors {\n          path\n          message\n        }\n      }\n      ... on ConfigureExperienceCloudSuccess {\n        workspace {\n          experienceCloud {\n            imsOrgId\n            cookieSyncEnabled\n          }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;