import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['client/src/**/*.ts', 'client/src/**/*.svelte', '!client/src/lib/gql/**'],
  generates: {
    'client/src/lib/gql/': {
      preset: 'client',
      config: {
        useTypeImports: true,
        scalars: { DateTimeISO: 'string' },
        enumsAsTypes: true,
      },
    },
  },
};

export default config;
