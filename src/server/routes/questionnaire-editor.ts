import type { RequestContext, Route } from '../http/types.ts';
import { isUuid } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { NotFound } from '../errors.ts';
import { questionnairesFor, saveQuestionnaire, type StoredQuestionnaire } from '../services/evaluation/questionnaires.ts';
import { questionnaireEditorPage, type QuestionnaireEditorView } from '../views/pages/questionnaire-editor.ts';
import { blankQuestionnaireForm, questionnaireFromForm, questionnaireToForm, type FormErrors } from '../../domain/evaluation/questionnaire-form.ts';
import type { Errors } from '../views/components.ts';
import type { Questionnaire } from '../../domain/evaluation/questionnaire.ts';

// A coordinator's own questionnaires, built in a plain form. The route lets coordinators (and
// admins) in; the service checks that the organisation is theirs. Saving goes through
// saveQuestionnaire, which edits a version in place until it has answers and then makes a new one.


function idParam(value: string | null | undefined): string {
  if (!value || !isUuid(value)) throw new NotFound();
  return value;
}

/** The organisation's own questionnaire with this id (newest version only), or 404. */
function ownOne(list: StoredQuestionnaire[], orgId: string, id: string): StoredQuestionnaire {
  const found = list.find((q) => q.id === id && q.organisationId === orgId);
  if (!found) throw new NotFound();
  return found;
}

function editingOf(ctx: RequestContext, q: StoredQuestionnaire): NonNullable<QuestionnaireEditorView['editing']> {
  return { id: q.id, key: q.questionnaire.key, version: q.questionnaire.version, hasAnswers: q.hasAnswers, title: q.questionnaire.title[ctx.locale] };
}

function sameQuestionnaire(a: Questionnaire, b: Questionnaire): boolean {
  return JSON.stringify({ ...a, version: 0 }) === JSON.stringify({ ...b, version: 0 });
}

function errorTexts(ctx: RequestContext, errors: FormErrors): Errors {
  const out: Errors = {};
  for (const [name, messages] of Object.entries(errors)) out[name] = messages.map((m) => m[ctx.locale]).join(' ');
  return out;
}

export const questionnaireEditorRoutes: Route[] = [
  {
    method: 'GET',
    path: '/organisation/:orgId/questionnaires/new',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx.params.orgId);
      const list = await questionnairesFor(ctx.deps, ctx.actor, orgId);
      const from = ctx.url.searchParams.get('from');
      if (!from) return { status: 200, body: questionnaireEditorPage(ctx, { orgId, form: blankQuestionnaireForm() }) };
      const start = list.find((q) => q.id === idParam(from));
      if (!start) throw new NotFound();
      return {
        status: 200,
        body: questionnaireEditorPage(ctx, {
          orgId,
          form: questionnaireToForm(start.questionnaire, { lang: ctx.locale, keepKey: false }),
          startedFrom: { title: start.questionnaire.title[ctx.locale], builtin: start.organisationId === null },
        }),
      };
    },
  },
  {
    method: 'GET',
    path: '/organisation/:orgId/questionnaires/:questionnaireId/edit',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx.params.orgId);
      const q = ownOne(await questionnairesFor(ctx.deps, ctx.actor, orgId), orgId, idParam(ctx.params.questionnaireId));
      const saved = ctx.url.searchParams.has('saved') ? q.questionnaire.version : undefined;
      return {
        status: 200,
        body: questionnaireEditorPage(ctx, {
          orgId,
          editing: editingOf(ctx, q),
          form: questionnaireToForm(q.questionnaire, { lang: ctx.locale, keepKey: true }),
          ...(saved ? { saved } : {}),
          unchanged: ctx.url.searchParams.has('unchanged'),
        }),
      };
    },
  },
  {
    method: 'POST',
    path: '/organisation/:orgId/questionnaires',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx.params.orgId);
      const fields = await ctx.form();
      const form = fields.toRecord();
      delete form._csrf;
      // Also the access check: the service refuses another organisation's coordinator.
      const list = await questionnairesFor(ctx.deps, ctx.actor, orgId);
      const editingId = fields.string('editing');
      const editing = editingId ? ownOne(list, orgId, idParam(editingId)) : undefined;
      const result = questionnaireFromForm(
        form,
        editing ? { key: editing.questionnaire.key, version: editing.questionnaire.version } : { takenKeys: list.map((q) => q.questionnaire.key) },
      );
      if (result.ok) {
        // Sending the page back unchanged must not make a new version of an answered one.
        if (editing && sameQuestionnaire(result.questionnaire, editing.questionnaire)) return redirect(`/organisation/${orgId}/questionnaires/${editing.id}/edit?unchanged=1`);
        const saved = await saveQuestionnaire(ctx.deps, ctx.actor, orgId, result.questionnaire);
        if (saved.ok) return redirect(`/organisation/${orgId}/questionnaires/${saved.id}/edit?saved=1`);
        // The form checks the same rules as the service, so this is only a fallback.
        const errors: Errors = { 'title.da': saved.errors.map((e) => e.message[ctx.locale]).join(' ') };
        return { status: 400, body: questionnaireEditorPage(ctx, { orgId, ...(editing ? { editing: editingOf(ctx, editing) } : {}), form, errors }) };
      }
      // The page shows exactly what was typed (and the keys made up for it), each problem
      // beside its input. Nothing is stored.
      return { status: 400, body: questionnaireEditorPage(ctx, { orgId, ...(editing ? { editing: editingOf(ctx, editing) } : {}), form: result.form, errors: errorTexts(ctx, result.errors) }) };
    },
  },
];
