// The `struct pci_driver` definitions of a module and the callbacks they name, read from the
// sources' text: which functions the PCI core calls (.probe, .remove, .shutdown, ...).
export interface PciDriver {
  /** `file::variable`, the plan's name for the driver. */
  id: string;
  file: string;
  variable: string;
  line: number;
  /** Callback field (probe, remove, shutdown, ...) -> function name. */
  callbacks: Map<string, string>;
}

const DRIVER = /\bstruct\s+pci_driver\s+(?:__refdata\s+|__initdata\s+)?([A-Za-z_]\w*)\s*(?:__refdata\s*|__initdata\s*)?=\s*\{/g;

/** Drivers defined at file scope in `files`. */
export function pciDriversOf(files: string[], readFile: (rel: string) => Buffer | null): PciDriver[] {
  const drivers: PciDriver[] = [];
  for (const file of files) {
    const bytes = readFile(file);
    if (!bytes || !bytes.includes('pci_driver')) continue;
    const text = bytes.toString('latin1');
    for (const m of text.matchAll(DRIVER)) {
      const open = m.index! + m[0].length - 1;
      const close = matchingBrace(text, open);
      if (close < 0) continue;
      const body = text.slice(open + 1, close);
      const callbacks = new Map<string, string>();
      for (const f of body.matchAll(/\.\s*([a-z_]+)\s*=\s*(?:&\s*)?([A-Za-z_]\w*)/g)) callbacks.set(f[1], f[2]);
      drivers.push({ id: `${file}::${m[1]}`, file, variable: m[1], line: text.slice(0, m.index).split('\n').length, callbacks });
    }
  }
  return drivers;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}
