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

/** Typed documents for the tests and the web app, from the committed schema. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  // ESM imports with .js extensions, as NodeNext resolution requires.
  emitLegacyCommonJSImports: false,
  generates: {
    'test/gql/': {
      ...typedDocuments,
      documents: ['test/**/*.ts', 'bench/**/*.ts', '!test/gql/**'],
    },
    'web/src/gql/': {
      ...typedDocuments,
      documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
    },
  },
};

export default config;
