import type { AshbyActivityQuery, AshbySettingsQuery } from '$lib/gql/graphql';

export type Integration = NonNullable<AshbySettingsQuery['ashbyIntegration']>;
export type Delivery = NonNullable<AshbyActivityQuery['ashbyIntegration']>['recentDeliveries'][number];
export type FailedPushback = AshbyActivityQuery['failedPushbacks'][number];

/** Where Ashby keeps the settings Prelim needs, as its admin menus name them. */
export const ASHBY_PERMISSIONS = ['candidatesRead', 'candidatesWrite', 'jobsRead', 'interviewsRead'] as const;
