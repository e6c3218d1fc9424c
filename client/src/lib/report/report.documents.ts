import { graphql } from '$lib/gql';

export const INTERVIEW_REPORT_QUERY = graphql(`
  query InterviewReport($id: ID!) {
    interview(id: $id) {
      id
      status
      source
      createdAt
      updatedAt
      startedAt
      completedAt
      expiresAt
      transcriptUrl
      candidate {
        id
        name
        email
        profileUrl
      }
      job {
        id
        title
      }
      evaluation {
        overallScore
        recommendation
        summary
        model
        promptVersion
        createdAt
      }
      answerScores {
        id
        score
        weight
        rationale
        evidence
        questionText
        competency
      }
      messages {
        seq
        role
        text
        createdAt
      }
      pushbacks {
        id
        kind
        status
        attempts
        lastError
        updatedAt
      }
    }
  }
`);

// Each action answers with the interview's new state; the page then reloads the whole report.

export const RESEND_INVITE_MUTATION = graphql(`
  mutation ResendInvite($id: ID!) {
    resendInvite(id: $id) {
      id
      status
      expiresAt
    }
  }
`);

export const CANCEL_INTERVIEW_MUTATION = graphql(`
  mutation CancelInterview($id: ID!) {
    cancelInterview(id: $id) {
      id
      status
    }
  }
`);

export const RESCORE_INTERVIEW_MUTATION = graphql(`
  mutation RescoreInterview($id: ID!) {
    rescoreInterview(id: $id) {
      id
      status
    }
  }
`);

export const RETRY_PUSHBACK_MUTATION = graphql(`
  mutation RetryPushback($id: ID!) {
    retryPushback(id: $id) {
      id
      status
      attempts
      lastError
      updatedAt
    }
  }
`);

export const REPORT_CHANGED_SUBSCRIPTION = graphql(`
  subscription ReportChanged {
    interviewChanged {
      id
      updatedAt
    }
  }
`);
