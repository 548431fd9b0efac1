// Fault-injection harness: writes the series in SOURCE (its numbered patches) into TARGET with an
// mbox beside it, through the compiled writeSeriesDirectory, as `kcodemod series -o TARGET --mbox`
// does at the end of a run. Usage: node write-series.mjs SOURCE TARGET MBOX
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { writeSeriesDirectory } = await import(path.join(root, 'dist', 'src', 'render', 'output-dir.js'));
const [source, target, mbox] = process.argv.slice(2);
const files = fs.readdirSync(source).filter((name) => name.endsWith('.patch')).sort().map((name) => ({ name, bytes: fs.readFileSync(path.join(source, name)) }));
try {
  writeSeriesDirectory(target, files, { force: false, manifest: Buffer.from(`{"from":"${path.basename(source)}"}\n`), extraOutputs: [{ path: path.resolve(mbox), bytes: Buffer.concat(files.map((f) => f.bytes)) }] });
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
