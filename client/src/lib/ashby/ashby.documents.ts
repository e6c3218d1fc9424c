import { graphql } from '$lib/gql';

export const ASHBY_SETTINGS_QUERY = graphql(`
  query AshbySettings {
    ashbyIntegration {
      id
      status
      apiKeyLast4
      apiKeyTitle
      webhookUrl
      signingSecret
      triggerStage
      lastPingAt
      lastDeliveryAt
      connectedAt
      disconnectedAt
      assessmentBaseUrl
      assessmentApiKey
    }
  }
`);

/** Polled while the page is open: the troubleshooting log and whether Ashby's ping arrived. */
export const ASHBY_ACTIVITY_QUERY = graphql(`
  query AshbyActivity($limit: Int!) {
    ashbyIntegration {
      id
      lastPingAt
      lastDeliveryAt
      recentDeliveries(limit: $limit) {
        id
        receivedAt
        action
        webhookActionId
        outcome
        reason
        httpStatus
        stageSeen
        applicationId
        processingResult
        processingReason
        processedAt
      }
    }
    failedPushbacks {
      id
      kind
      status
      attempts
      lastError
      updatedAt
      interview {
        id
        candidate {
          id
          name
        }
        job {
          id
          title
        }
      }
    }
  }
`);

export const ASHBY_STAGES_QUERY = graphql(`
  query AshbyStages {
    ashbyStages
  }
`);

export const CONNECT_ASHBY_MUTATION = graphql(`
  mutation ConnectAshby($apiKey: String!) {
    connectAshby(apiKey: $apiKey) {
      id
      status
      apiKeyLast4
      apiKeyTitle
      webhookUrl
      signingSecret
      triggerStage
      lastPingAt
      lastDeliveryAt
      connectedAt
      disconnectedAt
      assessmentBaseUrl
      assessmentApiKey
    }
  }
`);

export const SET_TRIGGER_STAGE_MUTATION = graphql(`
  mutation SetTriggerStage($name: String!) {
    setTriggerStage(name: $name) {
      id
      triggerStage
    }
  }
`);

export const REGENERATE_SECRET_MUTATION = graphql(`
  mutation RegenerateSigningSecret {
    regenerateSigningSecret {
      id
      signingSecret
    }
  }
`);

export const DISCONNECT_ASHBY_MUTATION = graphql(`
  mutation DisconnectAshby {
    disconnectAshby {
      id
      status
      apiKeyLast4
      apiKeyTitle
      signingSecret
      disconnectedAt
    }
  }
`);

export const REGENERATE_ASSESSMENT_KEY_MUTATION = graphql(`
  mutation RegenerateAssessmentKey {
    regenerateAssessmentKey {
      id
      assessmentApiKey
    }
  }
`);
