import { graphql } from '$lib/gql';

export const ME_QUERY = graphql(`
  query Me {
    me {
      id
      email
      name
    }
  }
`);

export const SIGN_IN_MUTATION = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      id
      email
      name
    }
  }
`);

export const SIGN_OUT_MUTATION = graphql(`
  mutation SignOut {
    signOut
  }
`);
