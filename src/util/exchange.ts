// Swaps two directories in one step, renameat2(RENAME_EXCHANGE): at every instant each path names a
// complete directory. Node has no binding for it; perl's syscall() makes the call with the kernel's
// number for this machine, so nothing has to be compiled at install (perl is already needed for
// checkpatch.pl and get_maintainer.pl).
import { run, ToolMissingError } from './proc.js';

// renameat2's number per architecture (asm-generic for the newer ones).
const RENAMEAT2: Partial<Record<string, number>> = {
  x64: 316,
  ia32: 353,
  arm64: 276,
  arm: 382,
  riscv64: 276,
  loong64: 276,
  ppc64: 357,
  s390x: 347,
  mips64el: 311,
};

// renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE); perl passes a string as a pointer, a number as an integer.
const EXCHANGE_SCRIPT = 'my $r = syscall($ARGV[0] + 0, -100, $ARGV[1], -100, $ARGV[2], 2); if ($r != 0) { printf STDERR "%d %s\\n", $! + 0, $!; exit 1 } exit 0';

export class ExchangeUnsupported extends Error {}

/** Exchanges the directories A and B (absolute paths). Throws ExchangeUnsupported where the system cannot. */
export function exchangeDirectories(a: string, b: string): void {
  const number = process.platform === 'linux' ? RENAMEAT2[process.arch] : undefined;
  if (number === undefined) throw new ExchangeUnsupported(`an atomic directory exchange is not known on ${process.platform}/${process.arch}`);
  let result;
  try {
    result = run('perl', ['-e', EXCHANGE_SCRIPT, String(number), a, b], { timeout: 30_000 });
  } catch (error) {
    if (error instanceof ToolMissingError) throw new ExchangeUnsupported('perl is not installed: it makes the atomic directory exchange');
    throw error;
  }
  if (result.status === 0) return;
  const [errno, ...text] = result.stderr.trim().split(' ');
  // ENOSYS: old kernel; EINVAL: a filesystem without RENAME_EXCHANGE.
  if (errno === '38' || errno === '22') throw new ExchangeUnsupported(`the filesystem cannot exchange directories (${text.join(' ')})`);
  throw new Error(`cannot exchange ${a} and ${b}: ${text.join(' ') || `perl exit ${result.status}`}`);
}
