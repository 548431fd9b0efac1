// The review UI's keypress-to-frame time on the synthetic series (40 patches x 2,000-line
// diffs), with the compiled UI in dist/. Run by bench.js in its own process (a fresh heap and JIT, no
// ink state left in the bench); prints one JSON document.
//   usage: node bench/review-frames.js [--patches N] [--diff-lines N] [--keys N]
import { parseArgs } from 'node:util';
import { measureSyntheticReview } from '../dist/bench/synthetic-review.js';

const { values } = parseArgs({
  options: {
    patches: { type: 'string', default: '40' },
    'diff-lines': { type: 'string', default: '2000' },
    keys: { type: 'string', default: '95' },
  },
});
const patches = Number(values.patches);
const diffLines = Number(values['diff-lines']);
const timings = await measureSyntheticReview(patches, diffLines, Number(values.keys));
process.stdout.write(`${JSON.stringify({ patches, diffLines, ...timings })}\n`);
