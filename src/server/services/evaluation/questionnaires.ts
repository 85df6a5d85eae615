import { createHash } from 'node:crypto';
import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../policy/actor.ts';
import { authorize } from '../../policy/policy.ts';
import type { Executor } from '../../db/database.ts';
import { NotFound } from '../../errors.ts';
import { DEFAULT_QUESTIONNAIRES } from '../../../domain/evaluation/defaults.ts';
import { nextVersion, validateQuestionnaire, type Questionnaire, type QuestionnaireError } from '../../../domain/evaluation/questionnaire.ts';
import {
  applyQuestionnaireAction,
  questionnaireFromForm,
  type FormErrors,
  type PostedQuestionnaireForm,
} from '../../../domain/evaluation/questionnaire-form.ts';
import type { BuilderAction } from '../../../domain/validation/builder-actions.ts';
import { useCase } from '../use-case.ts';
import {
  findBuiltinQuestionnaire,
  findQuestionnaire,
  insertBuiltinQuestionnaire,
  insertQuestionnaire,
  latestBuiltinQuestionnaireId,
  latestOwnVersion,
  questionnaireHasAnswers,
  questionnaireVersionsFor,
  updateQuestionnaireDefinition,
} from '../../repositories/evaluation/questionnaires.ts';

export interface StoredQuestionnaire {
  id: string;
  organisationId: string | null;
  questionnaire: Questionnaire;
  hasAnswers: boolean;
  /** A fingerprint of the stored definition: the builder sends it back, so a save can tell that someone else saved in between. */
  base: string;
}

function fingerprint(q: Questionnaire): string {
  return createHash('sha256').update(JSON.stringify(q)).digest('base64url').slice(0, 22);
}

const cache = new Map<string, Questionnaire>();

export async function loadQuestionnaire(db: Executor, id: string): Promise<{ id: string; organisationId: string | null; questionnaire: Questionnaire }> {
  const row = await findQuestionnaire(db, id);
  if (!row) throw new NotFound();
  let q = cache.get(id);
  if (!q) {
    const parsed = validateQuestionnaire(typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition);
    if (!parsed.ok) throw new Error('stored questionnaire is invalid');
    q = parsed.value;
    cache.set(id, q);
  }
  return { id: row.id, organisationId: row.organisation_id, questionnaire: q };
}

/** Our own default questionnaires, stored once per version. */
export async function ensureDefaultQuestionnaires(deps: Pick<AppDeps, 'db'>): Promise<void> {
  for (const q of DEFAULT_QUESTIONNAIRES) {
    const exists = await findBuiltinQuestionnaire(deps.db, q.key, q.version);
    if (!exists) {
      await insertBuiltinQuestionnaire(deps.db, { key: q.key, version: q.version, audience: q.audience, definition: q }).catch(async (e: unknown) => {
        const again = await findBuiltinQuestionnaire(deps.db, q.key, q.version);
        if (!again) throw e;
      });
    }
  }
}

export async function defaultQuestionnaireId(deps: Pick<AppDeps, 'db'>, key: string): Promise<string> {
  return latestBuiltinQuestionnaireId(deps.db, key);
}

/** Built-in questionnaires and the organisation's own, newest version of each, with whether answers exist. */
export async function questionnairesFor(deps: AppDeps, actor: Actor, organisationId: string): Promise<StoredQuestionnaire[]> {
  authorize(actor, 'organisation.manage', { organisationId: organisationId });
  const rows = await questionnaireVersionsFor(deps.db, organisationId);
  const seen = new Set<string>();
  const out: StoredQuestionnaire[] = [];
  for (const r of rows) {
    const k = `${r.organisation_id ?? ''}:${r.key}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const loaded = await loadQuestionnaire(deps.db, r.id);
    out.push({ ...loaded, hasAnswers: await questionnaireHasAnswers(deps.db, r.id), base: fingerprint(loaded.questionnaire) });
  }
  return out;
}

type SaveQuestionnaireResult = { ok: true; id: string; version: number } | { ok: false; errors: QuestionnaireError[] };

/**
 * Saves an organisation's questionnaire. A version that has answers is locked: the change
 * becomes a new version, and the answered one stays as it was.
 */
async function saveQuestionnaire(deps: AppDeps, actor: Actor, organisationId: string, input: unknown): Promise<SaveQuestionnaireResult> {
  authorize(actor, 'organisation.manage', { organisationId: organisationId });
  const parsed = validateQuestionnaire(input);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const q = parsed.value;
  // Definitions are nobody's data, but who changed a questionnaire is logged as it always was.
  return useCase(deps, actor, 'questionnaire.save', async ({ tx: trx, audit }) => {
    const latest = await latestOwnVersion(trx, organisationId, q.key);
    let toStore = { ...q, version: 1 };
    if (latest) {
      if (!(await questionnaireHasAnswers(trx, latest.id))) {
        await updateQuestionnaireDefinition(trx, latest.id, { ...q, version: latest.version }, q.audience);
        cache.delete(latest.id);
        await audit('questionnaire.update', null, { type: 'questionnaire', id: latest.id });
        return { ok: true as const, id: latest.id, version: latest.version };
      }
      toStore = nextVersion({ ...q, version: latest.version });
    }
    const id = await insertQuestionnaire(trx, {
      organisationId,
      key: toStore.key,
      version: toStore.version,
      audience: toStore.audience,
      definition: toStore,
      createdBy: actor.id,
    });
    await audit('questionnaire.create', null, { type: 'questionnaire', id });
    return { ok: true as const, id, version: toStore.version };
  });
}

/** The organisation's own questionnaire with this id (newest version only); anything else is NotFound. */
function ownOne(list: StoredQuestionnaire[], organisationId: string, id: string): StoredQuestionnaire {
  const found = list.find((q) => q.id === id && q.organisationId === organisationId);
  if (!found) throw new NotFound();
  return found;
}

/** The organisation's own questionnaire, to edit. */
export async function ownQuestionnaire(deps: AppDeps, actor: Actor, organisationId: string, id: string): Promise<StoredQuestionnaire> {
  return ownOne(await questionnairesFor(deps, actor, organisationId), organisationId, id);
}

/** Any questionnaire the organisation may start from: built-in or its own; an unknown id is NotFound. */
export async function startingPoint(deps: AppDeps, actor: Actor, organisationId: string, id: string): Promise<StoredQuestionnaire> {
  const found = (await questionnairesFor(deps, actor, organisationId)).find((q) => q.id === id);
  if (!found) throw new NotFound();
  return found;
}

function sameQuestionnaire(a: Questionnaire, b: Questionnaire): boolean {
  return JSON.stringify({ ...a, version: 0 }) === JSON.stringify({ ...b, version: 0 });
}

export type SaveFormResult =
  | { kind: 'saved'; id: string }
  | { kind: 'unchanged'; id: string }
  /** The draft after an add, move or remove, or back from the preview: nothing is stored. */
  | { kind: 'draft'; editing: StoredQuestionnaire | undefined; form: PostedQuestionnaireForm }
  /** The draft is a whole questionnaire: shown as those who answer will see it. Nothing is stored. */
  | { kind: 'preview'; editing: StoredQuestionnaire | undefined; form: PostedQuestionnaireForm; questionnaire: Questionnaire }
  /** What was typed (and the keys made up for it), each problem beside its input. */
  | { kind: 'invalid'; editing: StoredQuestionnaire | undefined; form: PostedQuestionnaireForm; errors: FormErrors }
  /** Someone else saved since the editing began: nothing is stored; saving again (with the new base) replaces theirs. */
  | { kind: 'conflict'; editing: StoredQuestionnaire; form: PostedQuestionnaireForm };

/**
 * One press of a button in the builder: save the form (a new questionnaire, or a change to one
 * of the organisation's own), show the preview, or change the draft (add, move, remove).
 * Sending the page back unchanged makes no new version of an answered one.
 */
export async function submitQuestionnaireForm(
  deps: AppDeps,
  actor: Actor,
  organisationId: string,
  submitted: { form: PostedQuestionnaireForm; editingId: string | null; base: string; action: BuilderAction },
): Promise<SaveFormResult> {
  const { form, editingId, base, action } = submitted;
  // Also the access check: another organisation's coordinator is refused here.
  const list = await questionnairesFor(deps, actor, organisationId);
  const editing = editingId ? ownOne(list, organisationId, editingId) : undefined;
  if (action.kind === 'edit') return { kind: 'draft', editing, form };
  if (action.kind !== 'save' && action.kind !== 'preview') return { kind: 'draft', editing, form: applyQuestionnaireAction(form, action) };
  const result = questionnaireFromForm(
    form,
    editing ? { key: editing.questionnaire.key, version: editing.questionnaire.version } : { takenKeys: list.map((q) => q.questionnaire.key) },
  );
  if (!result.ok) return { kind: 'invalid', editing, form: result.form, errors: result.errors };
  if (action.kind === 'preview') return { kind: 'preview', editing, form, questionnaire: result.questionnaire };
  if (editing && sameQuestionnaire(result.questionnaire, editing.questionnaire)) return { kind: 'unchanged', id: editing.id };
  if (editing && base !== editing.base) return { kind: 'conflict', editing, form };
  const saved = await saveQuestionnaire(deps, actor, organisationId, result.questionnaire);
  if (saved.ok) return { kind: 'saved', id: saved.id };
  // The form checks the same rules as the service, so this is only a fallback.
  return { kind: 'invalid', editing, form, errors: { 'title.da': saved.errors.map((e) => e.problem) } };
}
