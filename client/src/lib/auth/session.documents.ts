import { graphql } from '$lib/gql';

export const VIEWER_QUERY = graphql(`
  query Viewer {
    viewer {
      role
      user {
        id
        email
        name
      }
      org {
        id
        name
      }
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

export const SIGN_UP_MUTATION = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      role
      org {
        id
        name
      }
    }
  }
`);

export const INVITATION_PREVIEW_QUERY = graphql(`
  query InvitationPreview($token: String!) {
    invitation(token: $token) {
      orgName
      email
      role
      expired
    }
  }
`);

export const ACCEPT_INVITATION_MUTATION = graphql(`
  mutation AcceptInvitation($token: String!, $name: String!, $password: String!) {
    acceptInvitation(token: $token, name: $name, password: $password) {
      role
      org {
        id
        name
      }
    }
  }
`);
