import { graphql } from '$lib/gql';

export const INTERVIEW_REPORT_QUERY = graphql(`
  query InterviewReport($id: ID!) {
    interview(id: $id) {
      id
      status
      createdAt
      startedAt
      completedAt
      candidate {
        id
        name
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
