// The subject and message body of a model patch, as its mail shows them.
import type { SeriesPatch } from '../model.js';
import { commitMessage, parseMessage } from '../../render/message.js';

/** Subject and message body of a model patch, exactly as the mail shows them. */
export function messageOf(patch: SeriesPatch): { subject: string; body: string } {
  const parsed = parseMessage(commitMessage(patch));
  const lines = [...parsed.bodyLines];
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return { subject: parsed.title, body: lines.join('\n') };
}
