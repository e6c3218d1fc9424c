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
    "\n  query AshbySettings {\n    ashbyIntegration {\n      id\n      status\n      apiKeyLast4\n      apiKeyTitle\n      webhookUrl\n      signingSecret\n      triggerStage\n      lastPingAt\n      lastDeliveryAt\n      connectedAt\n      disconnectedAt\n      assessmentBaseUrl\n      assessmentApiKey\n    }\n  }\n": typeof types.AshbySettingsDocument,
    "\n  query AshbyActivity($limit: Int!) {\n    ashbyIntegration {\n      id\n      lastPingAt\n      lastDeliveryAt\n      recentDeliveries(limit: $limit) {\n        id\n        receivedAt\n        action\n        webhookActionId\n        outcome\n        reason\n        httpStatus\n        stageSeen\n        applicationId\n        processingResult\n        processingReason\n        processedAt\n      }\n    }\n    failedPushbacks {\n      id\n      kind\n      status\n      attempts\n      lastError\n      updatedAt\n      interview {\n        id\n        candidate {\n          id\n          name\n        }\n        job {\n          id\n          title\n        }\n      }\n    }\n  }\n": typeof types.AshbyActivityDocument,
    "\n  query AshbyStages {\n    ashbyStages\n  }\n": typeof types.AshbyStagesDocument,
    "\n  mutation ConnectAshby($apiKey: String!) {\n    connectAshby(apiKey: $apiKey) {\n      id\n      status\n      apiKeyLast4\n      apiKeyTitle\n      webhookUrl\n      signingSecret\n      triggerStage\n      lastPingAt\n      lastDeliveryAt\n      connectedAt\n      disconnectedAt\n      assessmentBaseUrl\n      assessmentApiKey\n    }\n  }\n": typeof types.ConnectAshbyDocument,
    "\n  mutation SetTriggerStage($name: String!) {\n    setTriggerStage(name: $name) {\n      id\n      triggerStage\n    }\n  }\n": typeof types.SetTriggerStageDocument,
    "\n  mutation RegenerateSigningSecret {\n    regenerateSigningSecret {\n      id\n      signingSecret\n    }\n  }\n": typeof types.RegenerateSigningSecretDocument,
    "\n  mutation DisconnectAshby {\n    disconnectAshby {\n      id\n      status\n      apiKeyLast4\n      apiKeyTitle\n      signingSecret\n      disconnectedAt\n    }\n  }\n": typeof types.DisconnectAshbyDocument,
    "\n  mutation RegenerateAssessmentKey {\n    regenerateAssessmentKey {\n      id\n      assessmentApiKey\n    }\n  }\n": typeof types.RegenerateAssessmentKeyDocument,
    "\n  query Viewer {\n    viewer {\n      role\n      user {\n        id\n        email\n        name\n      }\n      org {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      id\n      email\n      name\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": typeof types.SignOutDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      role\n      org {\n        id\n        name\n      }\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  query InvitationPreview($token: String!) {\n    invitation(token: $token) {\n      orgName\n      email\n      role\n      expired\n    }\n  }\n": typeof types.InvitationPreviewDocument,
    "\n  mutation AcceptInvitation($token: String!, $name: String!, $password: String!) {\n    acceptInvitation(token: $token, name: $name, password: $password) {\n      role\n      org {\n        id\n        name\n      }\n    }\n  }\n": typeof types.AcceptInvitationDocument,
    "\n  query CandidateList($filter: InterviewFilter, $first: Int!, $after: String) {\n    interviews(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        id\n        status\n        createdAt\n        updatedAt\n        candidate {\n          id\n          name\n          email\n        }\n        job {\n          id\n          title\n        }\n        evaluation {\n          id\n          overallScore\n          recommendation\n        }\n      }\n    }\n  }\n": typeof types.CandidateListDocument,
    "\n  subscription CandidateChanged {\n    interviewChanged {\n      id\n      status\n      createdAt\n      updatedAt\n      candidate {\n        id\n        name\n        email\n      }\n      job {\n        id\n        title\n      }\n      evaluation {\n        id\n        overallScore\n        recommendation\n      }\n    }\n  }\n": typeof types.CandidateChangedDocument,
    "\n  query FilterJobs {\n    jobs {\n      id\n      title\n    }\n  }\n": typeof types.FilterJobsDocument,
    "\n  query JobList {\n    jobs {\n      id\n      title\n      ashbyJobId\n      createdAt\n      interviewCount\n      questionsGeneratedBy\n      description\n      questions {\n        id\n      }\n    }\n  }\n": typeof types.JobListDocument,
    "\n  query JobDetail($id: ID!) {\n    job(id: $id) {\n      id\n      title\n      ashbyJobId\n      createdAt\n      description\n      interviewCount\n      questionsGeneratedBy\n      questions {\n        id\n        position\n        text\n        competency\n        weight\n        rubric {\n          level\n          description\n        }\n      }\n    }\n  }\n": typeof types.JobDetailDocument,
    "\n  mutation UpdateQuestion($id: ID!, $input: QuestionInput!) {\n    updateQuestion(id: $id, input: $input) {\n      id\n    }\n  }\n": typeof types.UpdateQuestionDocument,
    "\n  mutation AddQuestion($jobId: ID!, $input: QuestionInput!) {\n    addQuestion(jobId: $jobId, input: $input) {\n      id\n    }\n  }\n": typeof types.AddQuestionDocument,
    "\n  mutation RemoveQuestion($id: ID!) {\n    removeQuestion(id: $id)\n  }\n": typeof types.RemoveQuestionDocument,
    "\n  mutation ReorderQuestions($jobId: ID!, $questionIds: [ID!]!) {\n    reorderQuestions(jobId: $jobId, questionIds: $questionIds) {\n      id\n      position\n    }\n  }\n": typeof types.ReorderQuestionsDocument,
    "\n  mutation RegenerateQuestions($jobId: ID!) {\n    regenerateQuestions(jobId: $jobId) {\n      id\n    }\n  }\n": typeof types.RegenerateQuestionsDocument,
    "\n  mutation UpdateJobDescription($jobId: ID!, $description: String!) {\n    updateJobDescription(jobId: $jobId, description: $description) {\n      id\n      description\n    }\n  }\n": typeof types.UpdateJobDescriptionDocument,
    "\n  query InterviewReport($id: ID!) {\n    interview(id: $id) {\n      id\n      status\n      source\n      createdAt\n      updatedAt\n      startedAt\n      completedAt\n      expiresAt\n      transcriptUrl\n      candidate {\n        id\n        name\n        email\n        profileUrl\n      }\n      job {\n        id\n        title\n      }\n      evaluation {\n        overallScore\n        recommendation\n        summary\n        model\n        promptVersion\n        createdAt\n      }\n      answerScores {\n        id\n        score\n        weight\n        rationale\n        evidence\n        questionText\n        competency\n      }\n      messages {\n        seq\n        role\n        text\n        createdAt\n      }\n      pushbacks {\n        id\n        kind\n        status\n        attempts\n        lastError\n        updatedAt\n      }\n    }\n  }\n": typeof types.InterviewReportDocument,
    "\n  mutation ResendInvite($id: ID!) {\n    resendInvite(id: $id) {\n      id\n      status\n      expiresAt\n    }\n  }\n": typeof types.ResendInviteDocument,
    "\n  mutation CancelInterview($id: ID!) {\n    cancelInterview(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.CancelInterviewDocument,
    "\n  mutation RescoreInterview($id: ID!) {\n    rescoreInterview(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.RescoreInterviewDocument,
    "\n  mutation RetryPushback($id: ID!) {\n    retryPushback(id: $id) {\n      id\n      status\n      attempts\n      lastError\n      updatedAt\n    }\n  }\n": typeof types.RetryPushbackDocument,
    "\n  subscription ReportChanged {\n    interviewChanged {\n      id\n      updatedAt\n    }\n  }\n": typeof types.ReportChangedDocument,
    "\n  query Members {\n    members {\n      role\n      joinedAt\n      user {\n        id\n        name\n        email\n      }\n    }\n  }\n": typeof types.MembersDocument,
    "\n  query Invitations {\n    invitations {\n      id\n      email\n      role\n      createdAt\n      expiresAt\n    }\n  }\n": typeof types.InvitationsDocument,
    "\n  mutation InviteMember($email: String!, $role: Role!) {\n    inviteMember(email: $email, role: $role) {\n      id\n      email\n      role\n      createdAt\n      expiresAt\n    }\n  }\n": typeof types.InviteMemberDocument,
    "\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id)\n  }\n": typeof types.RevokeInvitationDocument,
    "\n  mutation UpdateMemberRole($userId: ID!, $role: Role!) {\n    updateMemberRole(userId: $userId, role: $role) {\n      role\n      user {\n        id\n      }\n    }\n  }\n": typeof types.UpdateMemberRoleDocument,
    "\n  mutation RemoveMember($userId: ID!) {\n    removeMember(userId: $userId)\n  }\n": typeof types.RemoveMemberDocument,
};
const documents: Documents = {
    "\n  query AshbySettings {\n    ashbyIntegration {\n      id\n      status\n      apiKeyLast4\n      apiKeyTitle\n      webhookUrl\n      signingSecret\n      triggerStage\n      lastPingAt\n      lastDeliveryAt\n      connectedAt\n      disconnectedAt\n      assessmentBaseUrl\n      assessmentApiKey\n    }\n  }\n": types.AshbySettingsDocument,
    "\n  query AshbyActivity($limit: Int!) {\n    ashbyIntegration {\n      id\n      lastPingAt\n      lastDeliveryAt\n      recentDeliveries(limit: $limit) {\n        id\n        receivedAt\n        action\n        webhookActionId\n        outcome\n        reason\n        httpStatus\n        stageSeen\n        applicationId\n        processingResult\n        processingReason\n        processedAt\n      }\n    }\n    failedPushbacks {\n      id\n      kind\n      status\n      attempts\n      lastError\n      updatedAt\n      interview {\n        id\n        candidate {\n          id\n          name\n        }\n        job {\n          id\n          title\n        }\n      }\n    }\n  }\n": types.AshbyActivityDocument,
    "\n  query AshbyStages {\n    ashbyStages\n  }\n": types.AshbyStagesDocument,
    "\n  mutation ConnectAshby($apiKey: String!) {\n    connectAshby(apiKey: $apiKey) {\n      id\n      status\n      apiKeyLast4\n      apiKeyTitle\n      webhookUrl\n      signingSecret\n      triggerStage\n      lastPingAt\n      lastDeliveryAt\n      connectedAt\n      disconnectedAt\n      assessmentBaseUrl\n      assessmentApiKey\n    }\n  }\n": types.ConnectAshbyDocument,
    "\n  mutation SetTriggerStage($name: String!) {\n    setTriggerStage(name: $name) {\n      id\n      triggerStage\n    }\n  }\n": types.SetTriggerStageDocument,
    "\n  mutation RegenerateSigningSecret {\n    regenerateSigningSecret {\n      id\n      signingSecret\n    }\n  }\n": types.RegenerateSigningSecretDocument,
    "\n  mutation DisconnectAshby {\n    disconnectAshby {\n      id\n      status\n      apiKeyLast4\n      apiKeyTitle\n      signingSecret\n      disconnectedAt\n    }\n  }\n": types.DisconnectAshbyDocument,
    "\n  mutation RegenerateAssessmentKey {\n    regenerateAssessmentKey {\n      id\n      assessmentApiKey\n    }\n  }\n": types.RegenerateAssessmentKeyDocument,
    "\n  query Viewer {\n    viewer {\n      role\n      user {\n        id\n        email\n        name\n      }\n      org {\n        id\n        name\n      }\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      id\n      email\n      name\n    }\n  }\n": types.SignInDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": types.SignOutDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      role\n      org {\n        id\n        name\n      }\n    }\n  }\n": types.SignUpDocument,
    "\n  query InvitationPreview($token: String!) {\n    invitation(token: $token) {\n      orgName\n      email\n      role\n      expired\n    }\n  }\n": types.InvitationPreviewDocument,
    "\n  mutation AcceptInvitation($token: String!, $name: String!, $password: String!) {\n    acceptInvitation(token: $token, name: $name, password: $password) {\n      role\n      org {\n        id\n        name\n      }\n    }\n  }\n": types.AcceptInvitationDocument,
    "\n  query CandidateList($filter: InterviewFilter, $first: Int!, $after: String) {\n    interviews(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        id\n        status\n        createdAt\n        updatedAt\n        candidate {\n          id\n          name\n          email\n        }\n        job {\n          id\n          title\n        }\n        evaluation {\n          id\n          overallScore\n          recommendation\n        }\n      }\n    }\n  }\n": types.CandidateListDocument,
    "\n  subscription CandidateChanged {\n    interviewChanged {\n      id\n      status\n      createdAt\n      updatedAt\n      candidate {\n        id\n        name\n        email\n      }\n      job {\n        id\n        title\n      }\n      evaluation {\n        id\n        overallScore\n        recommendation\n      }\n    }\n  }\n": types.CandidateChangedDocument,
    "\n  query FilterJobs {\n    jobs {\n      id\n      title\n    }\n  }\n": types.FilterJobsDocument,
    "\n  query JobList {\n    jobs {\n      id\n      title\n      ashbyJobId\n      createdAt\n      interviewCount\n      questionsGeneratedBy\n      description\n      questions {\n        id\n      }\n    }\n  }\n": types.JobListDocument,
    "\n  query JobDetail($id: ID!) {\n    job(id: $id) {\n      id\n      title\n      ashbyJobId\n      createdAt\n      description\n      interviewCount\n      questionsGeneratedBy\n      questions {\n        id\n        position\n        text\n        competency\n        weight\n        rubric {\n          level\n          description\n        }\n      }\n    }\n  }\n": types.JobDetailDocument,
    "\n  mutation UpdateQuestion($id: ID!, $input: QuestionInput!) {\n    updateQuestion(id: $id, input: $input) {\n      id\n    }\n  }\n": types.UpdateQuestionDocument,
    "\n  mutation AddQuestion($jobId: ID!, $input: QuestionInput!) {\n    addQuestion(jobId: $jobId, input: $input) {\n      id\n    }\n  }\n": types.AddQuestionDocument,
    "\n  mutation RemoveQuestion($id: ID!) {\n    removeQuestion(id: $id)\n  }\n": types.RemoveQuestionDocument,
    "\n  mutation ReorderQuestions($jobId: ID!, $questionIds: [ID!]!) {\n    reorderQuestions(jobId: $jobId, questionIds: $questionIds) {\n      id\n      position\n    }\n  }\n": types.ReorderQuestionsDocument,
    "\n  mutation RegenerateQuestions($jobId: ID!) {\n    regenerateQuestions(jobId: $jobId) {\n      id\n    }\n  }\n": types.RegenerateQuestionsDocument,
    "\n  mutation UpdateJobDescription($jobId: ID!, $description: String!) {\n    updateJobDescription(jobId: $jobId, description: $description) {\n      id\n      description\n    }\n  }\n": types.UpdateJobDescriptionDocument,
    "\n  query InterviewReport($id: ID!) {\n    interview(id: $id) {\n      id\n      status\n      source\n      createdAt\n      updatedAt\n      startedAt\n      completedAt\n      expiresAt\n      transcriptUrl\n      candidate {\n        id\n        name\n        email\n        profileUrl\n      }\n      job {\n        id\n        title\n      }\n      evaluation {\n        overallScore\n        recommendation\n        summary\n        model\n        promptVersion\n        createdAt\n      }\n      answerScores {\n        id\n        score\n        weight\n        rationale\n        evidence\n        questionText\n        competency\n      }\n      messages {\n        seq\n        role\n        text\n        createdAt\n      }\n      pushbacks {\n        id\n        kind\n        status\n        attempts\n        lastError\n        updatedAt\n      }\n    }\n  }\n": types.InterviewReportDocument,
    "\n  mutation ResendInvite($id: ID!) {\n    resendInvite(id: $id) {\n      id\n      status\n      expiresAt\n    }\n  }\n": types.ResendInviteDocument,
    "\n  mutation CancelInterview($id: ID!) {\n    cancelInterview(id: $id) {\n      id\n      status\n    }\n  }\n": types.CancelInterviewDocument,
    "\n  mutation RescoreInterview($id: ID!) {\n    rescoreInterview(id: $id) {\n      id\n      status\n    }\n  }\n": types.RescoreInterviewDocument,
    "\n  mutation RetryPushback($id: ID!) {\n    retryPushback(id: $id) {\n      id\n      status\n      attempts\n      lastError\n      updatedAt\n    }\n  }\n": types.RetryPushbackDocument,
    "\n  subscription ReportChanged {\n    interviewChanged {\n      id\n      updatedAt\n    }\n  }\n": types.ReportChangedDocument,
    "\n  query Members {\n    members {\n      role\n      joinedAt\n      user {\n        id\n        name\n        email\n      }\n    }\n  }\n": types.MembersDocument,
    "\n  query Invitations {\n    invitations {\n      id\n      email\n      role\n      createdAt\n      expiresAt\n    }\n  }\n": types.InvitationsDocument,
    "\n  mutation InviteMember($email: String!, $role: Role!) {\n    inviteMember(email: $email, role: $role) {\n      id\n      email\n      role\n      createdAt\n      expiresAt\n    }\n  }\n": types.InviteMemberDocument,
    "\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id)\n  }\n": types.RevokeInvitationDocument,
    "\n  mutation UpdateMemberRole($userId: ID!, $role: Role!) {\n    updateMemberRole(userId: $userId, role: $role) {\n      role\n      user {\n        id\n      }\n    }\n  }\n": types.UpdateMemberRoleDocument,
    "\n  mutation RemoveMember($userId: ID!) {\n    removeMember(userId: $userId)\n  }\n": types.RemoveMemberDocument,
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
export function graphql(source: "\n  query AshbySettings {\n    ashbyIntegration {\n      id\n      status\n      apiKeyLast4\n      apiKeyTitle\n      webhookUrl\n      signingSecret\n      triggerStage\n      lastPingAt\n      lastDeliveryAt\n      connectedAt\n      disconnectedAt\n      assessmentBaseUrl\n      assessmentApiKey\n    }\n  }\n"): (typeof documents)["\n  query AshbySettings {\n    ashbyIntegration {\n      id\n      status\n      apiKeyLast4\n      apiKeyTitle\n      webhookUrl\n      signingSecret\n      triggerStage\n      lastPingAt\n      lastDeliveryAt\n      connectedAt\n      disconnectedAt\n      assessmentBaseUrl\n      assessmentApiKey\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AshbyActivity($limit: Int!) {\n    ashbyIntegration {\n      id\n      lastPingAt\n      lastDeliveryAt\n      recentDeliveries(limit: $limit) {\n        id\n        receivedAt\n        action\n        webhookActionId\n        outcome\n        reason\n        httpStatus\n        stageSeen\n        applicationId\n        processingResult\n        processingReason\n        processedAt\n      }\n    }\n    failedPushbacks {\n      id\n      kind\n      status\n      attempts\n      lastError\n      updatedAt\n      interview {\n        id\n        candidate {\n          id\n          name\n        }\n        job {\n          id\n          title\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AshbyActivity($limit: Int!) {\n    ashbyIntegration {\n      id\n      lastPingAt\n      lastDeliveryAt\n      recentDeliveries(limit: $limit) {\n        id\n        receivedAt\n        action\n        webhookActionId\n        outcome\n        reason\n        httpStatus\n        stageSeen\n        applicationId\n        processingResult\n        processingReason\n        processedAt\n      }\n    }\n    failedPushbacks {\n      id\n      kind\n      status\n      attempts\n      lastError\n      updatedAt\n      interview {\n        id\n        candidate {\n          id\n          name\n        }\n        job {\n          id\n          title\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AshbyStages {\n    ashbyStages\n  }\n"): (typeof documents)["\n  query AshbyStages {\n    ashbyStages\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConnectAshby($apiKey: String!) {\n    connectAshby(apiKey: $apiKey) {\n      id\n      status\n      apiKeyLast4\n      apiKeyTitle\n      webhookUrl\n      signingSecret\n      triggerStage\n      lastPingAt\n      lastDeliveryAt\n      connectedAt\n      disconnectedAt\n      assessmentBaseUrl\n      assessmentApiKey\n    }\n  }\n"): (typeof documents)["\n  mutation ConnectAshby($apiKey: String!) {\n    connectAshby(apiKey: $apiKey) {\n      id\n      status\n      apiKeyLast4\n      apiKeyTitle\n      webhookUrl\n      signingSecret\n      triggerStage\n      lastPingAt\n      lastDeliveryAt\n      connectedAt\n      disconnectedAt\n      assessmentBaseUrl\n      assessmentApiKey\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTriggerStage($name: String!) {\n    setTriggerStage(name: $name) {\n      id\n      triggerStage\n    }\n  }\n"): (typeof documents)["\n  mutation SetTriggerStage($name: String!) {\n    setTriggerStage(name: $name) {\n      id\n      triggerStage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegenerateSigningSecret {\n    regenerateSigningSecret {\n      id\n      signingSecret\n    }\n  }\n"): (typeof documents)["\n  mutation RegenerateSigningSecret {\n    regenerateSigningSecret {\n      id\n      signingSecret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisconnectAshby {\n    disconnectAshby {\n      id\n      status\n      apiKeyLast4\n      apiKeyTitle\n      signingSecret\n      disconnectedAt\n    }\n  }\n"): (typeof documents)["\n  mutation DisconnectAshby {\n    disconnectAshby {\n      id\n      status\n      apiKeyLast4\n      apiKeyTitle\n      signingSecret\n      disconnectedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegenerateAssessmentKey {\n    regenerateAssessmentKey {\n      id\n      assessmentApiKey\n    }\n  }\n"): (typeof documents)["\n  mutation RegenerateAssessmentKey {\n    regenerateAssessmentKey {\n      id\n      assessmentApiKey\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      role\n      user {\n        id\n        email\n        name\n      }\n      org {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      role\n      user {\n        id\n        email\n        name\n      }\n      org {\n        id\n        name\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      role\n      org {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      role\n      org {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvitationPreview($token: String!) {\n    invitation(token: $token) {\n      orgName\n      email\n      role\n      expired\n    }\n  }\n"): (typeof documents)["\n  query InvitationPreview($token: String!) {\n    invitation(token: $token) {\n      orgName\n      email\n      role\n      expired\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptInvitation($token: String!, $name: String!, $password: String!) {\n    acceptInvitation(token: $token, name: $name, password: $password) {\n      role\n      org {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptInvitation($token: String!, $name: String!, $password: String!) {\n    acceptInvitation(token: $token, name: $name, password: $password) {\n      role\n      org {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CandidateList($filter: InterviewFilter, $first: Int!, $after: String) {\n    interviews(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        id\n        status\n        createdAt\n        updatedAt\n        candidate {\n          id\n          name\n          email\n        }\n        job {\n          id\n          title\n        }\n        evaluation {\n          id\n          overallScore\n          recommendation\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CandidateList($filter: InterviewFilter, $first: Int!, $after: String) {\n    interviews(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        id\n        status\n        createdAt\n        updatedAt\n        candidate {\n          id\n          name\n          email\n        }\n        job {\n          id\n          title\n        }\n        evaluation {\n          id\n          overallScore\n          recommendation\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CandidateChanged {\n    interviewChanged {\n      id\n      status\n      createdAt\n      updatedAt\n      candidate {\n        id\n        name\n        email\n      }\n      job {\n        id\n        title\n      }\n      evaluation {\n        id\n        overallScore\n        recommendation\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription CandidateChanged {\n    interviewChanged {\n      id\n      status\n      createdAt\n      updatedAt\n      candidate {\n        id\n        name\n        email\n      }\n      job {\n        id\n        title\n      }\n      evaluation {\n        id\n        overallScore\n        recommendation\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FilterJobs {\n    jobs {\n      id\n      title\n    }\n  }\n"): (typeof documents)["\n  query FilterJobs {\n    jobs {\n      id\n      title\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobList {\n    jobs {\n      id\n      title\n      ashbyJobId\n      createdAt\n      interviewCount\n      questionsGeneratedBy\n      description\n      questions {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobList {\n    jobs {\n      id\n      title\n      ashbyJobId\n      createdAt\n      interviewCount\n      questionsGeneratedBy\n      description\n      questions {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobDetail($id: ID!) {\n    job(id: $id) {\n      id\n      title\n      ashbyJobId\n      createdAt\n      description\n      interviewCount\n      questionsGeneratedBy\n      questions {\n        id\n        position\n        text\n        competency\n        weight\n        rubric {\n          level\n          description\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobDetail($id: ID!) {\n    job(id: $id) {\n      id\n      title\n      ashbyJobId\n      createdAt\n      description\n      interviewCount\n      questionsGeneratedBy\n      questions {\n        id\n        position\n        text\n        competency\n        weight\n        rubric {\n          level\n          description\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateQuestion($id: ID!, $input: QuestionInput!) {\n    updateQuestion(id: $id, input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateQuestion($id: ID!, $input: QuestionInput!) {\n    updateQuestion(id: $id, input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddQuestion($jobId: ID!, $input: QuestionInput!) {\n    addQuestion(jobId: $jobId, input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation AddQuestion($jobId: ID!, $input: QuestionInput!) {\n    addQuestion(jobId: $jobId, input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveQuestion($id: ID!) {\n    removeQuestion(id: $id)\n  }\n"): (typeof documents)["\n  mutation RemoveQuestion($id: ID!) {\n    removeQuestion(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReorderQuestions($jobId: ID!, $questionIds: [ID!]!) {\n    reorderQuestions(jobId: $jobId, questionIds: $questionIds) {\n      id\n      position\n    }\n  }\n"): (typeof documents)["\n  mutation ReorderQuestions($jobId: ID!, $questionIds: [ID!]!) {\n    reorderQuestions(jobId: $jobId, questionIds: $questionIds) {\n      id\n      position\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegenerateQuestions($jobId: ID!) {\n    regenerateQuestions(jobId: $jobId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation RegenerateQuestions($jobId: ID!) {\n    regenerateQuestions(jobId: $jobId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateJobDescription($jobId: ID!, $description: String!) {\n    updateJobDescription(jobId: $jobId, description: $description) {\n      id\n      description\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateJobDescription($jobId: ID!, $description: String!) {\n    updateJobDescription(jobId: $jobId, description: $description) {\n      id\n      description\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InterviewReport($id: ID!) {\n    interview(id: $id) {\n      id\n      status\n      source\n      createdAt\n      updatedAt\n      startedAt\n      completedAt\n      expiresAt\n      transcriptUrl\n      candidate {\n        id\n        name\n        email\n        profileUrl\n      }\n      job {\n        id\n        title\n      }\n      evaluation {\n        overallScore\n        recommendation\n        summary\n        model\n        promptVersion\n        createdAt\n      }\n      answerScores {\n        id\n        score\n        weight\n        rationale\n        evidence\n        questionText\n        competency\n      }\n      messages {\n        seq\n        role\n        text\n        createdAt\n      }\n      pushbacks {\n        id\n        kind\n        status\n        attempts\n        lastError\n        updatedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query InterviewReport($id: ID!) {\n    interview(id: $id) {\n      id\n      status\n      source\n      createdAt\n      updatedAt\n      startedAt\n      completedAt\n      expiresAt\n      transcriptUrl\n      candidate {\n        id\n        name\n        email\n        profileUrl\n      }\n      job {\n        id\n        title\n      }\n      evaluation {\n        overallScore\n        recommendation\n        summary\n        model\n        promptVersion\n        createdAt\n      }\n      answerScores {\n        id\n        score\n        weight\n        rationale\n        evidence\n        questionText\n        competency\n      }\n      messages {\n        seq\n        role\n        text\n        createdAt\n      }\n      pushbacks {\n        id\n        kind\n        status\n        attempts\n        lastError\n        updatedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendInvite($id: ID!) {\n    resendInvite(id: $id) {\n      id\n      status\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation ResendInvite($id: ID!) {\n    resendInvite(id: $id) {\n      id\n      status\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelInterview($id: ID!) {\n    cancelInterview(id: $id) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CancelInterview($id: ID!) {\n    cancelInterview(id: $id) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RescoreInterview($id: ID!) {\n    rescoreInterview(id: $id) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation RescoreInterview($id: ID!) {\n    rescoreInterview(id: $id) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryPushback($id: ID!) {\n    retryPushback(id: $id) {\n      id\n      status\n      attempts\n      lastError\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RetryPushback($id: ID!) {\n    retryPushback(id: $id) {\n      id\n      status\n      attempts\n      lastError\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ReportChanged {\n    interviewChanged {\n      id\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  subscription ReportChanged {\n    interviewChanged {\n      id\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Members {\n    members {\n      role\n      joinedAt\n      user {\n        id\n        name\n        email\n      }\n    }\n  }\n"): (typeof documents)["\n  query Members {\n    members {\n      role\n      joinedAt\n      user {\n        id\n        name\n        email\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Invitations {\n    invitations {\n      id\n      email\n      role\n      createdAt\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  query Invitations {\n    invitations {\n      id\n      email\n      role\n      createdAt\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteMember($email: String!, $role: Role!) {\n    inviteMember(email: $email, role: $role) {\n      id\n      email\n      role\n      createdAt\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation InviteMember($email: String!, $role: Role!) {\n    inviteMember(email: $email, role: $role) {\n      id\n      email\n      role\n      createdAt\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMemberRole($userId: ID!, $role: Role!) {\n    updateMemberRole(userId: $userId, role: $role) {\n      role\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateMemberRole($userId: ID!, $role: Role!) {\n    updateMemberRole(userId: $userId, role: $role) {\n      role\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveMember($userId: ID!) {\n    removeMember(userId: $userId)\n  }\n"): (typeof documents)["\n  mutation RemoveMember($userId: ID!) {\n    removeMember(userId: $userId)\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;