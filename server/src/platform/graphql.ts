import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, Kind, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { IntegrationResolver } from '../ashby/integration.resolver.js';
import { PushbackResolver } from '../ashby/pushback.resolver.js';
import { InterviewActionsResolver } from '../interviews/interview-actions.resolver.js';
import { AnswerScoreResolver, InterviewResolver } from '../interviews/interview.resolver.js';
import { JobResolver, QuestionResolver } from '../jobs/job.resolver.js';
import { OrgResolver } from '../orgs/org.resolver.js';
import { TeamResolver } from '../orgs/team.resolver.js';
import { DomainError } from './errors.js';
import { authChecker, type GqlContext } from './graphql-context.js';
import { describeError, type Logger } from './logger.js';

const MAX_DEPTH = 10;
const MAX_FIELDS = 500;

export const RESOLVERS = [OrgResolver, TeamResolver, IntegrationResolver, PushbackResolver, JobResolver, QuestionResolver, InterviewResolver, InterviewActionsResolver, AnswerScoreResolver] as const;

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

/**
 * Rejects queries nested deeper than MAX_DEPTH or selecting more than MAX_FIELDS fields once
 * fragments are expanded (aliases count), so a small query cannot make a huge response. Each
 * fragment is measured once and reused: re-walking fragments at every spread is exponential.
 */
export function queryLimits(context: ValidationContext) {
  const measured = new Map<string, { depth: number; fields: number }>();
  const measure = (set: SelectionSetNode | undefined, visiting: Set<string>): { depth: number; fields: number } => {
    let depth = 0;
    let fields = 0;
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const inner = measure(selection.selectionSet, visiting);
        depth = Math.max(depth, inner.depth + 1);
        fields += 1 + inner.fields;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const inner = measure(selection.selectionSet, visiting);
        depth = Math.max(depth, inner.depth);
        fields += inner.fields;
      } else {
        const name = selection.name.value;
        if (visiting.has(name)) continue; // a cycle; NoFragmentCyclesRule reports it
        let inner = measured.get(name);
        if (!inner) {
          visiting.add(name);
          inner = measure(context.getFragment(name)?.selectionSet, visiting);
          visiting.delete(name);
          measured.set(name, inner);
        }
        depth = Math.max(depth, inner.depth);
        fields += inner.fields;
      }
      if (fields > MAX_FIELDS) return { depth, fields };
    }
    return { depth, fields };
  };
  return {
    OperationDefinition(node: OperationDefinitionNode) {
      const { depth, fields } = measure(node.selectionSet, new Set());
      if (depth > MAX_DEPTH) context.reportError(new GraphQLError(`Query is nested deeper than ${MAX_DEPTH} levels.`, { extensions: { code: 'BAD_USER_INPUT' } }));
      if (fields > MAX_FIELDS) context.reportError(new GraphQLError(`Query selects more than ${MAX_FIELDS} fields (aliases and fragments included); ask for less, or page through it.`, { extensions: { code: 'BAD_USER_INPUT' } }));
    },
  };
}

export function createApollo(opts: { schema: GraphQLSchema; log: Logger; plugins?: ApolloServerPlugin<GqlContext>[]; development: boolean }): ApolloServer<GqlContext> {
  return new ApolloServer<GqlContext>({
    schema: opts.schema,
    formatError: formatError(opts.log),
    validationRules: [queryLimits],
    includeStacktraceInErrorResponses: false,
    introspection: opts.development,
    plugins: opts.plugins,
  });
}
