import { graphql } from '$lib/gql';

export const JOB_LIST_QUERY = graphql(`
  query JobList {
    jobs {
      id
      title
      ashbyJobId
      createdAt
      interviewCount
      questionsGeneratedBy
      description
      questions {
        id
      }
    }
  }
`);

export const JOB_DETAIL_QUERY = graphql(`
  query JobDetail($id: ID!) {
    job(id: $id) {
      id
      title
      ashbyJobId
      createdAt
      description
      interviewCount
      questionsGeneratedBy
      questions {
        id
        position
        text
        competency
        weight
        rubric {
          level
          description
        }
      }
    }
  }
`);

export const UPDATE_QUESTION_MUTATION = graphql(`
  mutation UpdateQuestion($id: ID!, $input: QuestionInput!) {
    updateQuestion(id: $id, input: $input) {
      id
    }
  }
`);

export const ADD_QUESTION_MUTATION = graphql(`
  mutation AddQuestion($jobId: ID!, $input: QuestionInput!) {
    addQuestion(jobId: $jobId, input: $input) {
      id
    }
  }
`);

export const REMOVE_QUESTION_MUTATION = graphql(`
  mutation RemoveQuestion($id: ID!) {
    removeQuestion(id: $id)
  }
`);

export const REORDER_QUESTIONS_MUTATION = graphql(`
  mutation ReorderQuestions($jobId: ID!, $questionIds: [ID!]!) {
    reorderQuestions(jobId: $jobId, questionIds: $questionIds) {
      id
      position
    }
  }
`);

export const REGENERATE_QUESTIONS_MUTATION = graphql(`
  mutation RegenerateQuestions($jobId: ID!) {
    regenerateQuestions(jobId: $jobId) {
      id
    }
  }
`);

export const UPDATE_JOB_DESCRIPTION_MUTATION = graphql(`
  mutation UpdateJobDescription($jobId: ID!, $description: String!) {
    updateJobDescription(jobId: $jobId, description: $description) {
      id
      description
    }
  }
`);
