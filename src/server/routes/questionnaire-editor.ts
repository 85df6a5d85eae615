import { z } from 'zod';
import { route, type RequestContext, type Route } from '../http/types.ts';
import { formInput } from '../http/input.ts';
import { knownId } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import {
  ownQuestionnaire,
  questionnairesFor,
  startingPoint,
  submitQuestionnaireForm,
  type StoredQuestionnaire,
} from '../services/evaluation/questionnaires.ts';
import { questionnaireEditorPage, questionnairePreviewPage, type QuestionnaireEditorView } from '../views/pages/questionnaire-editor.ts';
import { blankQuestionnaireForm, QUESTIONNAIRE_BASES, questionnaireToForm } from '../../domain/evaluation/questionnaire-form.ts';
import { parseBuilderAction } from '../../domain/validation/builder-actions.ts';

// A coordinator's own questionnaires, built in a plain form. The route lets coordinators (and
// admins) in; the service checks that the organisation is theirs. Saving goes through
// submitQuestionnaireForm, which edits a version in place until it has answers and then makes a
// new one. Every button of the builder posts the whole form with its `action` (add, move, remove,
// preview, save), so the draft lives in the page and nothing typed is lost.

// The builder's inputs are as many as the questionnaire has questions, so the schema names only
// the hidden id of the one being changed; questionnaireFromForm checks the rest, input by input.
// An id that is not one of the organisation's questionnaires is NotFound in the service.
const questionnaireForm = z
  .object({ editing: z.string().default(''), base: z.string().default(''), action: z.string().optional(), _csrf: z.string().optional() })
  .catchall(z.union([z.string(), z.array(z.string())]));

function editingOf(ctx: RequestContext, q: StoredQuestionnaire): NonNullable<QuestionnaireEditorView['editing']> {
  return { id: q.id, key: q.questionnaire.key, version: q.questionnaire.version, hasAnswers: q.hasAnswers, title: q.questionnaire.title[ctx.locale] };
}

export const questionnaireEditorRoutes: Route[] = [
  {
    method: 'GET',
    path: '/organisation/:orgId/questionnaires/new',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = knownId(ctx.params.orgId);
      const from = ctx.url.searchParams.get('from');
      if (!from) {
        // Also the access check for the blank page.
        await questionnairesFor(ctx.deps, ctx.actor, orgId);
        return { status: 200, body: questionnaireEditorPage(ctx, { orgId, form: blankQuestionnaireForm() }) };
      }
      const start = await startingPoint(ctx.deps, ctx.actor, orgId, from);
      return {
        status: 200,
        body: questionnaireEditorPage(ctx, {
          orgId,
          form: questionnaireToForm(start.questionnaire, { lang: ctx.locale }),
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
      const orgId = knownId(ctx.params.orgId);
      const q = await ownQuestionnaire(ctx.deps, ctx.actor, orgId, knownId(ctx.params.questionnaireId));
      const saved = ctx.url.searchParams.has('saved') ? q.questionnaire.version : undefined;
      return {
        status: 200,
        body: questionnaireEditorPage(ctx, {
          orgId,
          editing: editingOf(ctx, q),
          base: q.base,
          form: questionnaireToForm(q.questionnaire, { lang: ctx.locale }),
          ...(saved ? { saved } : {}),
          unchanged: ctx.url.searchParams.has('unchanged'),
        }),
      };
    },
  },
  route({
    method: 'POST',
    path: '/organisation/:orgId/questionnaires',
    permission: 'organisationManager',
    input: formInput(questionnaireForm),
    handler: async (ctx) => {
      const orgId = knownId(ctx.params.orgId);
      const { editing: editingId, base, action: rawAction, _csrf, ...form } = ctx.input;
      const action = parseBuilderAction(rawAction, QUESTIONNAIRE_BASES);
      if (!action) {
        // A button this page never shows: the draft comes back exactly as it was sent.
        const editing = editingId ? await ownQuestionnaire(ctx.deps, ctx.actor, orgId, knownId(editingId)) : undefined;
        if (!editing) await questionnairesFor(ctx.deps, ctx.actor, orgId);
        return {
          status: 400,
          body: questionnaireEditorPage(ctx, { orgId, ...(editing ? { editing: editingOf(ctx, editing) } : {}), base, form, unknownAction: true }),
        };
      }
      const result = await submitQuestionnaireForm(ctx.deps, ctx.actor, orgId, { form, editingId: editingId || null, base, action });
      if (result.kind === 'saved') return redirect(`/organisation/${orgId}/questionnaires/${result.id}/edit?saved=1`);
      if (result.kind === 'unchanged') return redirect(`/organisation/${orgId}/questionnaires/${result.id}/edit?unchanged=1`);
      const view: QuestionnaireEditorView = {
        orgId,
        ...(result.editing ? { editing: editingOf(ctx, result.editing) } : {}),
        // After a conflict the page carries the newest base, so saving again is a choice, not an accident.
        base: result.kind === 'conflict' ? result.editing.base : base,
        form: result.form,
      };
      if (result.kind === 'preview') return { status: 200, body: questionnairePreviewPage(ctx, view, result.questionnaire) };
      if (result.kind === 'draft') return { status: 200, body: questionnaireEditorPage(ctx, view) };
      if (result.kind === 'conflict') return { status: 409, body: questionnaireEditorPage(ctx, { ...view, conflict: true }) };
      // The page shows exactly what was typed, each problem beside its input. Nothing is stored.
      return { status: 400, body: questionnaireEditorPage(ctx, { ...view, problems: result.errors }) };
    },
  }),
];
