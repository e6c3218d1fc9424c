import type { InterviewReportQuery } from '$lib/gql/graphql';

export type InterviewReport = NonNullable<InterviewReportQuery['interview']>;
export type AnswerScore = InterviewReport['answerScores'][number];
export type ReportMessage = InterviewReport['messages'][number];
export type Pushback = InterviewReport['pushbacks'][number];
