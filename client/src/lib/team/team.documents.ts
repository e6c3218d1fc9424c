import { graphql } from '$lib/gql';

export const MEMBERS_QUERY = graphql(`
  query Members {
    members {
      role
      joinedAt
      user {
        id
        name
        email
      }
    }
  }
`);

export const INVITATIONS_QUERY = graphql(`
  query Invitations {
    invitations {
      id
      email
      role
      createdAt
      expiresAt
    }
  }
`);

export const INVITE_MEMBER_MUTATION = graphql(`
  mutation InviteMember($email: String!, $role: Role!) {
    inviteMember(email: $email, role: $role) {
      id
      email
      role
      createdAt
      expiresAt
    }
  }
`);

export const REVOKE_INVITATION_MUTATION = graphql(`
  mutation RevokeInvitation($id: ID!) {
    revokeInvitation(id: $id)
  }
`);

export const UPDATE_MEMBER_ROLE_MUTATION = graphql(`
  mutation UpdateMemberRole($userId: ID!, $role: Role!) {
    updateMemberRole(userId: $userId, role: $role) {
      role
      user {
        id
      }
    }
  }
`);

export const REMOVE_MEMBER_MUTATION = graphql(`
  mutation RemoveMember($userId: ID!) {
    removeMember(userId: $userId)
  }
`);
