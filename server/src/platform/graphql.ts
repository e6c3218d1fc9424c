import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, Kind, type ASTNode, type GraphQLFormattedError, type GraphQLSchema, type ValidationContext } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { IntegrationResolver } from '../ashby/integration.resolver.js';
import { AnswerScoreResolver, InterviewResolver } from '../interviews/interview.resolver.js';
import { JobResolver, QuestionResolver } from '../jobs/job.resolver.js';
import { OrgResolver } from '../orgs/org.resolver.js';
import { DomainError } from './errors.js';
import { authChecker, type GqlContext } from './graphql-context.js';
import { describeError, type Logger } from './logger.js';

const MAX_DEPTH = 10;

export const RESOLVERS = [OrgResolver, IntegrationResolver, JobResolver, QuestionResolver, InterviewResolver, AnswerScoreResolver] as const;

export function buildAppSchema(opts: { pubSub: PubSub; emitSchemaFile?: string }): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    pubSub: opts.pubSub,
    authChecker,
    // Argument validation is done by the services, which know the domain's words.
    validate: false,
    emitSchemaFile: opts.emitSchemaFile ? { path: opts.emitSchemaFile, sortedSchema: true } : false,
  });
}

/**
 * Maps errors once for GraphQL: a DomainError keeps its message and code; GraphQL's own
 * validation errors pass through; anything else is logged and reaches the client as a generic
 * INTERNAL_SERVER_ERROR, so no internals or stack traces leak.
 */
export function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { code: original.code, ...(original.details ?? {}) } };
    }
    const code = formatted.extensions?.code;
    if (code && code !== 'INTERNAL_SERVER_ERROR') {
      const { stacktrace: _omit, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    log.error({ err: describeError(original), path: formatted.path }, 'GraphQL resolver failed');
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** Rejects queries nested deeper than MAX_DEPTH, a cheap guard against expensive queries. */
export function depthLimit(context: ValidationContext) {
  const check = (node: ASTNode, depth: number): void => {
    if (depth > MAX_DEPTH) throw new GraphQLError(`Query is nested deeper than ${MAX_DEPTH} levels.`, { extensions: { code: 'BAD_USER_INPUT' } });
    if ('selectionSet' in node && node.selectionSet) {
      for (const selection of node.selectionSet.selections) {
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = context.getFragment(selection.name.value);
          if (fragment) check(fragment, depth + 1);
        } else check(selection, selection.kind === Kind.FIELD ? depth + 1 : depth);
      }
    }
  };
  return {
    OperationDefinition(node: ASTNode) {
      try {
        check(node, 0);
      } catch (error) {
        context.reportError(error as GraphQLError);
      }
    },
  };
}

export function createApollo(opts: { schema: GraphQLSchema; log: Logger; plugins?: ApolloServerPlugin<GqlContext>[]; development: boolean }): ApolloServer<GqlContext> {
  return new ApolloServer<GqlContext>({
    schema: opts.schema,
    formatError: formatError(opts.log),
    validationRules: [depthLimit],
    includeStacktraceInErrorResponses: false,
    introspection: opts.development,
    plugins: opts.plugins,
  });
}
