// Texts shown over the screen: the cover letter as w writes it and the function around a site;
// also handing a site to the person's editor.
import type { ReviewActionId } from './keys.js';
import { displayText, wrapLine, type StyledLine } from './patch-lines.js';
import { enclosingFunctionLines } from './source.js';
import { clamp, maxTop, withInfo, type ReviewEnv, type ReviewState, type TextView } from './state.js';
import { targetSite } from './selection.js';

function textView(kind: TextView['kind'], title: string, text: string, env: ReviewEnv, mark?: { line: number; first: number }): TextView {
  const lines: StyledLine[] = [];
  text.replace(/\n$/, '').split('\n').forEach((raw, index) => {
    const shown = displayText(raw);
    if (!mark) {
      lines.push(...wrapLine([{ text: shown, tone: index === 0 ? 'subject' : 'plain' }], env.width));
      return;
    }
    const number = mark.first + index;
    const here = number === mark.line;
    lines.push([{ text: `${here ? '▶' : ' '}${String(number).padStart(5)}  `, tone: here ? 'label' : 'dim' }, { text: shown, tone: here ? 'caution' : 'plain' }]);
  });
  // The function from its signature when the site fits on that screen, else the site mid-screen.
  const at = mark ? mark.line - mark.first : 0;
  const top = at < env.bodyHeight - 1 ? 0 : clamp(at - Math.floor(env.bodyHeight / 2), 0, maxTop(lines.length, env.bodyHeight));
  return { kind, title, lines, top };
}

export function showCover(state: ReviewState, env: ReviewEnv): ReviewState {
  const text = env.backend.renderCoverText(state.series, state.decisions);
  return { ...state, view: textView('cover', 'Cover letter, as w writes it  (e edits, Esc or q closes)', text, env) };
}

function selectedSiteId(state: ReviewState): string | undefined {
  const target = targetSite(state);
  return 'siteId' in target ? target.siteId : undefined;
}

export function showSource(state: ReviewState, env: ReviewEnv): ReviewState {
  const siteId = selectedSiteId(state);
  const site = siteId === undefined ? undefined : state.model.sitesById.get(siteId);
  if (!site) return withInfo(state, 'Select a site first (in a patch, or under Needs review)');
  const bytes = env.backend.readTreeFile(site.file);
  if (!bytes) return withInfo(state, `${site.file} cannot be read from the tree`, 'error');
  const excerpt = enclosingFunctionLines(bytes.toString('latin1'), site.line);
  const title = `${site.file}:${site.line}${site.function ? ` ${site.function}()` : ''}  (Esc or q closes)`;
  return { ...state, view: textView('source', title, excerpt.lines.join('\n'), env, { line: site.line, first: excerpt.first }) };
}

export function openSiteInEditor(state: ReviewState, env: ReviewEnv): ReviewState {
  const siteId = selectedSiteId(state);
  const site = siteId === undefined ? undefined : state.model.sitesById.get(siteId);
  if (!site) return withInfo(state, 'Select a site first (in a patch, or under Needs review)');
  if (!env.openInEditor) return withInfo(state, 'No editor here', 'error');
  const failure = env.openInEditor(`${env.backend.plan.tree}/${site.file}`, site.line);
  return failure ? withInfo(state, `Editor: ${failure}`, 'error') : withInfo(state, `Back from ${site.file}:${site.line} (the series is what the plan found; edits to the tree need a new run)`);
}

export function scrollView(state: ReviewState, action: ReviewActionId, env: ReviewEnv): ReviewState {
  const view = state.view!;
  const page = Math.max(1, env.bodyHeight - 1);
  const last = maxTop(view.lines.length, env.bodyHeight);
  const moves: Partial<Record<ReviewActionId, number>> = { down: 1, up: -1, 'page-down': page, 'page-up': -page };
  let top = view.top;
  if (action === 'top') top = 0;
  else if (action === 'bottom') top = last;
  else if (moves[action] !== undefined) top += moves[action]!;
  else return state;
  return { ...state, view: { ...view, top: clamp(top, 0, last) } };
}
