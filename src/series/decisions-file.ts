// Reading a decisions file (--decisions FILE): a read failure is one line naming the file.
import fs from 'node:fs';
import { parseDecisions, type Decisions, type DecisionsOwner } from './decisions.js';

export function readDecisionsFile(file: string, transform: DecisionsOwner): Decisions {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read decisions file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseDecisions(text, transform, file);
}
