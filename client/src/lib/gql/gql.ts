/* eslint-disable */
import * as types from './graphql';
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
    "\n  query Me {\n    me {\n      id\n      email\n      name\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      id\n      email\n      name\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": typeof types.SignOutDocument,
    "\n  query InterviewReport($id: ID!) {\n    interview(id: $id) {\n      id\n      status\n      createdAt\n      startedAt\n      completedAt\n      candidate {\n        id\n        name\n        profileUrl\n      }\n      job {\n        id\n        title\n      }\n      evaluation {\n        overallScore\n        recommendation\n        summary\n        model\n        promptVersion\n        createdAt\n      }\n      answerScores {\n        id\n        score\n        weight\n        rationale\n        evidence\n        questionText\n        competency\n      }\n      messages {\n        seq\n        role\n        text\n        createdAt\n      }\n      pushbacks {\n        id\n        kind\n        status\n        attempts\n        lastError\n        updatedAt\n      }\n    }\n  }\n": typeof types.InterviewReportDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      id\n      email\n      name\n    }\n  }\n": types.MeDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      id\n      email\n      name\n    }\n  }\n": types.SignInDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": types.SignOutDocument,
    "\n  query InterviewReport($id: ID!) {\n    interview(id: $id) {\n      id\n      status\n      createdAt\n      startedAt\n      completedAt\n      candidate {\n        id\n        name\n        profileUrl\n      }\n      job {\n        id\n        title\n      }\n      evaluation {\n        overallScore\n        recommendation\n        summary\n        model\n        promptVersion\n        createdAt\n      }\n      answerScores {\n        id\n        score\n        weight\n        rationale\n        evidence\n        questionText\n        competency\n      }\n      messages {\n        seq\n        role\n        text\n        createdAt\n      }\n      pushbacks {\n        id\n        kind\n        status\n        attempts\n        lastError\n        updatedAt\n      }\n    }\n  }\n": types.InterviewReportDocument,
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
export function graphql(source: "\n  query Me {\n    me {\n      id\n      email\n      name\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      email\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      id\n      email\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      id\n      email\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    signOut\n  }\n"): (typeof documents)["\n  mutation SignOut {\n    signOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InterviewReport($id: ID!) {\n    interview(id: $id) {\n      id\n      status\n      createdAt\n      startedAt\n      completedAt\n      candidate {\n        id\n        name\n        profileUrl\n      }\n      job {\n        id\n        title\n      }\n      evaluation {\n        overallScore\n        recommendation\n        summary\n        model\n        promptVersion\n        createdAt\n      }\n      answerScores {\n        id\n        score\n        weight\n        rationale\n        evidence\n        questionText\n        competency\n      }\n      messages {\n        seq\n        role\n        text\n        createdAt\n      }\n      pushbacks {\n        id\n        kind\n        status\n        attempts\n        lastError\n        updatedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query InterviewReport($id: ID!) {\n    interview(id: $id) {\n      id\n      status\n      createdAt\n      startedAt\n      completedAt\n      candidate {\n        id\n        name\n        profileUrl\n      }\n      job {\n        id\n        title\n      }\n      evaluation {\n        overallScore\n        recommendation\n        summary\n        model\n        promptVersion\n        createdAt\n      }\n      answerScores {\n        id\n        score\n        weight\n        rationale\n        evidence\n        questionText\n        competency\n      }\n      messages {\n        seq\n        role\n        text\n        createdAt\n      }\n      pushbacks {\n        id\n        kind\n        status\n        attempts\n        lastError\n        updatedAt\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;