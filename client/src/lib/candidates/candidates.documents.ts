import { graphql } from '$lib/gql';

// The list query and the subscription select the same fields, so an event replaces a row as is.

export const CANDIDATE_LIST_QUERY = graphql(`
  query CandidateList($filter: InterviewFilter, $first: Int!, $after: String) {
    interviews(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      nodes {
        id
        status
        createdAt
        updatedAt
        candidate {
          id
          name
          email
        }
        job {
          id
          title
        }
        evaluation {
          id
          overallScore
          recommendation
        }
      }
    }
  }
`);

export const CANDIDATE_CHANGED_SUBSCRIPTION = graphql(`
  subscription CandidateChanged {
    interviewChanged {
      id
      status
      createdAt
      updatedAt
      candidate {
        id
        name
        email
      }
      job {
        id
        title
      }
      evaluation {
        id
        overallScore
        recommendation
      }
    }
  }
`);

export const FILTER_JOBS_QUERY = graphql(`
  query FilterJobs {
    jobs {
      id
      title
    }
  }
`);
