import type { CodegenConfig } from '@graphql-codegen/cli';

const typedDocuments = {
  preset: 'client',
  presetConfig: { fragmentMasking: false },
  config: {
    useTypeImports: true,
    enumsAsTypes: true,
    scalars: { DateTime: 'string', ID: 'string' },
  },
} as const;

/**
 * Typed documents for the tests (and any TypeScript client) and the web app, and Apollo's
 * possibleTypes, from the committed schema.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  // ESM imports with .js extensions, as NodeNext resolution requires.
  emitLegacyCommonJSImports: false,
  generates: {
    // Apollo Client needs every union's and interface's members to read their fields
    // (`code` and `message` of the typed errors): `new InMemoryCache({ possibleTypes })`.
    'possible-types.json': {
      plugins: ['fragment-matcher'],
      config: { apolloClientVersion: 3 },
    },
    'test/gql/': {
      ...typedDocuments,
      // bench/peers holds packages of their own, with their node_modules.
      documents: ['test/**/*.ts', 'bench/**/*.ts', '!bench/peers/**', '!test/gql/**'],
    },
    'web/src/gql/': {
      ...typedDocuments,
      documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
    },
  },
};

export default config;
