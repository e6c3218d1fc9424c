import type { EntityManager } from '@mikro-orm/postgresql';
import type { Interviewer } from '../ai/interviewer.js';
import type { Org } from '../orgs/org.entity.js';
import { DomainError, Errors } from '../platform/errors.js';
import { describeError, type Logger } from '../platform/logger.js';
import { Job, Question, type Rubric } from './job.entity.js';

export const QUESTION_LIMITS = {
  text: { min: 10, max: 600 },
  competency: { min: 2, max: 120 },
  weight: { min: 1, max: 3 },
  rubricDescription: { max: 600 },
  description: { max: 20_000 },
} as const;

const LEVELS = ['1', '2', '3', '4', '5'] as const;

/** A question as a recruiter writes it: rubric levels as a list, as the form sends them. */
export interface QuestionDraft {
  text: string;
  competency: string;
  weight: number;
  rubric: { level: number; description: string }[];
}

type QuestionData = Pick<Question, 'text' | 'competency' | 'weight' | 'rubric'>;

export const QuestionErrors = {
  lastQuestion: () => Errors.conflict('A job needs at least one question. Add another question before removing this one.'),
  generationFailed: () => Errors.upstream('The interviewer could not write new questions just now, so the current ones are unchanged. Try again in a minute.'),
};

/**
 * Recruiters' edits to a job's questions. Interviews refer to the questions they asked (their
 * question snapshot, messages, answer scores), so a question any interview has used is never
 * changed: it is archived and a new one takes its place. Unused questions are edited in place.
 */
export class QuestionService {
  constructor(private readonly deps: { interviewer: Interviewer }) {}

  async findJob(em: EntityManager, org: Org, jobId: string): Promise<Job> {
    const job = await em.findOne(Job, { id: jobId, org });
    if (!job) throw Errors.notFound('The job');
    return job;
  }

  /** The job's current questions, in order. */
  current(em: EntityManager, job: Job): Promise<Question[]> {
    return em.find(Question, { job, archivedAt: null }, { orderBy: { position: 'asc' } });
  }

  /** Returns the question as it now stands: the same row, or its replacement when an interview used the old one. */
  async update(em: EntityManager, org: Org, questionId: string, draft: QuestionDraft): Promise<Question> {
    const data = validateQuestion(draft);
    const question = await this.#findQuestion(em, org, questionId);

    return em.transactional(async (tem) => {
      await lockJob(tem, question.job.id);
      if (!(await isUsed(tem, question))) {
        await tem.nativeUpdate(Question, { id: question.id }, data);
        return tem.findOneOrFail(Question, question.id, { refresh: true });
      }
      await tem.nativeUpdate(Question, { id: question.id }, { archivedAt: new Date() });
      const replacement = tem.create(Question, { job: question.job, position: question.position, ...data });
      await tem.flush();
      return replacement;
    });
  }

  /** Adds a question at the end. */
  async add(em: EntityManager, org: Org, jobId: string, draft: QuestionDraft): Promise<Question> {
    const data = validateQuestion(draft);
    const job = await this.findJob(em, org, jobId);

    return em.transactional(async (tem) => {
      await lockJob(tem, job.id);
      const last = await tem.findOne(Question, { job, archivedAt: null }, { orderBy: { position: 'desc' } });
      const question = tem.create(Question, { job, position: (last?.position ?? 0) + 1, ...data });
      await tem.flush();
      return question;
    });
  }

  /** Archives the question (interviews that asked it keep it) and closes the gap in the order. */
  async remove(em: EntityManager, org: Org, questionId: string): Promise<void> {
    const question = await this.#findQuestion(em, org, questionId);

    await em.transactional(async (tem) => {
      await lockJob(tem, question.job.id);
      const remaining = (await this.current(tem, question.job)).filter((q) => q.id !== question.id);
      if (remaining.length === 0) throw QuestionErrors.lastQuestion();
      await tem.nativeUpdate(Question, { id: question.id }, { archivedAt: new Date() });
      remaining.forEach((q, i) => (q.position = i + 1));
      await tem.flush();
    });
  }

  /** Puts the job's current questions in the given order; the list must name each of them once. */
  async reorder(em: EntityManager, org: Org, jobId: string, questionIds: string[]): Promise<Question[]> {
    const job = await this.findJob(em, org, jobId);

    return em.transactional(async (tem) => {
      await lockJob(tem, job.id);
      const questions = await this.current(tem, job);
      checkSameQuestions(questions, questionIds);
      const byId = new Map(questions.map((q) => [q.id, q]));
      const ordered = questionIds.map((id, i) => Object.assign(byId.get(id)!, { position: i + 1 }));
      await tem.flush();
      return ordered;
    });
  }

  /** Replaces the current questions with new ones written by the interviewer from the job's description. */
  async regenerate(em: EntityManager, org: Org, jobId: string, log: Logger): Promise<Question[]> {
    const job = await this.findJob(em, org, jobId);
    const interviewer = this.deps.interviewer;
    let generated;
    try {
      // Outside the transaction: a model may take many seconds, and nothing is locked meanwhile.
      generated = await interviewer.generateQuestions({ title: job.title, description: job.descriptionBody ?? job.description });
    } catch (error) {
      log.warn({ jobId: job.id, err: describeError(error) }, 'question generation failed');
      throw QuestionErrors.generationFailed();
    }
    if (generated.length === 0) throw QuestionErrors.generationFailed();

    const questions = await em.transactional(async (tem) => {
      await lockJob(tem, job.id);
      await tem.nativeUpdate(Question, { job, archivedAt: null }, { archivedAt: new Date() });
      await tem.nativeUpdate(Job, { id: job.id }, { questionsGeneratedBy: interviewer.label });
      const created = generated.map((q, i) => tem.create(Question, { job, position: i + 1, text: q.text, competency: q.competency, rubric: q.rubric, weight: q.weight }));
      await tem.flush();
      return created;
    });
    await em.refresh(job);
    log.info({ jobId: job.id, questions: questions.length }, 'questions regenerated');
    return questions;
  }

  /**
   * Sets the description questions are generated from, for jobs whose Ashby posting has none.
   * It replaces the job-specific part too, so regenerating uses what the recruiter wrote.
   */
  async updateDescription(em: EntityManager, org: Org, jobId: string, description: string): Promise<Job> {
    const text = description.trim();
    const max = QUESTION_LIMITS.description.max;
    if (!text) throw Errors.badInput('Enter the job description: what the role involves and what it asks for.', { description: 'Enter the job description.' });
    if (text.length > max) throw Errors.badInput(`The description can be up to ${max} characters; it has ${text.length}.`, { description: `At most ${max} characters (it has ${text.length}).` });
    const job = await this.findJob(em, org, jobId);
    job.description = text;
    job.descriptionBody = text;
    await em.flush();
    return job;
  }

  async #findQuestion(em: EntityManager, org: Org, questionId: string): Promise<Question> {
    const question = await em.findOne(Question, { id: questionId, archivedAt: null, job: { org } });
    if (!question) throw Errors.notFound('The question');
    return question;
  }
}

/** Checks every field of a question at once; BAD_USER_INPUT lists each problem in `fields`. */
export function validateQuestion(draft: QuestionDraft): QuestionData {
  const text = draft.text.trim();
  const competency = draft.competency.trim();
  const fields: Record<string, string> = {};
  const L = QUESTION_LIMITS;

  if (text.length < L.text.min || text.length > L.text.max) fields.text = `Write the question in ${L.text.min} to ${L.text.max} characters (it has ${text.length}).`;
  if (competency.length < L.competency.min || competency.length > L.competency.max) fields.competency = `Name the competency in ${L.competency.min} to ${L.competency.max} characters (it has ${competency.length}).`;
  if (!Number.isInteger(draft.weight) || draft.weight < L.weight.min || draft.weight > L.weight.max) fields.weight = `Choose a weight from ${L.weight.min} (nice to have) to ${L.weight.max} (essential); got ${draft.weight}.`;

  const levels = draft.rubric.map((r) => r.level);
  const exact = levels.length === LEVELS.length && LEVELS.every((l) => levels.filter((x) => String(x) === l).length === 1);
  if (!exact) fields.rubric = `Describe each rubric level 1 to 5 exactly once; got levels ${levels.length ? levels.join(', ') : 'none'}.`;
  const rubric = {} as Rubric;
  for (const { level, description } of draft.rubric) {
    const key = String(level) as keyof Rubric;
    const words = description.trim();
    if (exact && !words) fields[`rubric.${level}`] = `Describe what an answer at level ${level} looks like.`;
    else if (exact && words.length > L.rubricDescription.max) fields[`rubric.${level}`] = `Shorten level ${level} to at most ${L.rubricDescription.max} characters (it has ${words.length}).`;
    rubric[key] = words;
  }

  if (Object.keys(fields).length > 0) throw new DomainError('BAD_USER_INPUT', `The question was not saved: ${Object.values(fields).join(' ')}`, { fields });
  return { text, competency, weight: draft.weight, rubric };
}

function checkSameQuestions(questions: Question[], ids: string[]): void {
  const current = new Set(questions.map((q) => q.id));
  const missing = questions.filter((q) => !ids.includes(q.id)).length;
  const unknown = ids.filter((id) => !current.has(id)).length;
  const repeated = ids.length - new Set(ids).size;
  if (missing === 0 && unknown === 0 && repeated === 0) return;
  const problems = [missing && `${missing} missing`, unknown && `${unknown} not among them`, repeated && `${repeated} repeated`].filter(Boolean).join(', ');
  throw Errors.badInput(`List each of the job's ${questions.length} current questions exactly once (${problems}). Reload the job and try again.`, { questionIds: `Each of the job's ${questions.length} current questions exactly once.` });
}

/** Serialises edits of one job's questions, so positions stay a clean 1..n. */
async function lockJob(em: EntityManager, jobId: string): Promise<void> {
  await em.getConnection().execute('select id from job where id = ? for update', [jobId], 'all', em.getTransactionContext());
}

/** Whether any interview has this question in its snapshot, transcript or scores. */
async function isUsed(em: EntityManager, question: Question): Promise<boolean> {
  const rows = await em.getConnection().execute<{ used: boolean }[]>(
    `select exists (select 1 from interview where job_id = ? and question_ids @> ?::jsonb)
         or exists (select 1 from message where question_id = ?)
         or exists (select 1 from answer_score where question_id = ?) as used`,
    [question.job.id, JSON.stringify([question.id]), question.id, question.id],
    'all', em.getTransactionContext(),
  );
  return rows[0]!.used;
}
