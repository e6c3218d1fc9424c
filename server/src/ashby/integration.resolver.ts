import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ADMIN_ROLES } from '../orgs/org.entity.js';
import { viewerOf, type GqlContext } from '../platform/graphql-context.js';
import { AshbyIntegration, WebhookDelivery } from './ashby-integration.entity.js';

@Resolver(() => AshbyIntegration)
export class IntegrationResolver {
  @Authorized()
  @Query(() => AshbyIntegration, { nullable: true, description: "The organisation's Ashby integration, or null before the first connection." })
  ashbyIntegration(@Ctx() ctx: GqlContext): Promise<AshbyIntegration | null> {
    return ctx.services.integrations.find(ctx.em, viewerOf(ctx).org);
  }

  @Authorized('admin')
  @Query(() => [String], { description: "Distinct stage names across the organisation's active Ashby interview plans, for choosing the trigger stage." })
  ashbyStages(@Ctx() ctx: GqlContext): Promise<string[]> {
    return ctx.services.integrations.stageNames(ctx.em, viewerOf(ctx).org);
  }

  @Authorized('admin')
  @Mutation(() => AshbyIntegration, { description: 'Checks the key with Ashby and stores it encrypted. Also rotates the key of a connected integration.' })
  connectAshby(@Arg('apiKey', () => String) apiKey: string, @Ctx() ctx: GqlContext): Promise<AshbyIntegration> {
    return ctx.services.integrations.connect(ctx.em, viewerOf(ctx).org, apiKey);
  }

  @Authorized('admin')
  @Mutation(() => AshbyIntegration, { description: 'The exact stage name (case and spaces included) that starts an interview.' })
  setTriggerStage(@Arg('name', () => String) name: string, @Ctx() ctx: GqlContext): Promise<AshbyIntegration> {
    return ctx.services.integrations.setTriggerStage(ctx.em, viewerOf(ctx).org, name);
  }

  @Authorized('admin')
  @Mutation(() => AshbyIntegration, { description: "Issues a new signing secret; Ashby's webhook form must then be updated with it." })
  regenerateSigningSecret(@Ctx() ctx: GqlContext): Promise<AshbyIntegration> {
    return ctx.services.integrations.regenerateSigningSecret(ctx.em, viewerOf(ctx).org);
  }

  @Authorized('admin')
  @Mutation(() => AshbyIntegration, { description: "Issues a new assessment partner key; the old one stops working, so Ashby's assessment integration must be given the new one." })
  regenerateAssessmentKey(@Ctx() ctx: GqlContext): Promise<AshbyIntegration> {
    return ctx.services.integrations.regenerateAssessmentKey(ctx.em, viewerOf(ctx).org);
  }

  @Authorized('admin')
  @Mutation(() => AshbyIntegration, { description: 'Erases the key and secret; webhooks are refused from then on. Interviews stay.' })
  disconnectAshby(@Ctx() ctx: GqlContext): Promise<AshbyIntegration> {
    return ctx.services.integrations.disconnect(ctx.em, viewerOf(ctx).org);
  }

  @FieldResolver(() => String, { description: "The URL to enter in Ashby's webhook form." })
  webhookUrl(@Root() integration: AshbyIntegration, @Ctx() ctx: GqlContext): string {
    return ctx.services.urls.webhook(integration.webhookToken);
  }

  @FieldResolver(() => String, { nullable: true, description: "The secret token for Ashby's webhook form. Owners and admins only; null for others and after a disconnect." })
  signingSecret(@Root() integration: AshbyIntegration, @Ctx() ctx: GqlContext): string | null {
    if (!ADMIN_ROLES.includes(viewerOf(ctx).role)) return null;
    return ctx.services.integrations.signingSecret(integration);
  }

  @FieldResolver(() => String, { description: 'The base URL to give Ashby for the assessment integration; Ashby calls <base>/assessment.list, .start and .cancel.' })
  assessmentBaseUrl(@Ctx() ctx: GqlContext): string {
    return ctx.services.urls.assessmentBase();
  }

  @FieldResolver(() => String, { nullable: true, description: 'The partner key Ashby presents when it calls the assessment API. Owners and admins only; null for others and after a disconnect.' })
  assessmentApiKey(@Root() integration: AshbyIntegration, @Ctx() ctx: GqlContext): string | null {
    if (!ADMIN_ROLES.includes(viewerOf(ctx).role)) return null;
    return ctx.services.integrations.assessmentKey(integration);
  }

  @FieldResolver(() => [WebhookDelivery], { description: 'Newest first: the troubleshooting log.' })
  recentDeliveries(@Root() integration: AshbyIntegration, @Arg('limit', () => Int, { defaultValue: 20 }) limit: number, @Ctx() ctx: GqlContext): Promise<WebhookDelivery[]> {
    return ctx.em.find(WebhookDelivery, { integration }, { orderBy: { receivedAt: 'desc' }, limit: Math.min(Math.max(limit, 1), 100) });
  }
}
