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
