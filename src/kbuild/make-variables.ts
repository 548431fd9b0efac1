// The variables of one Makefile (with what it includes), kept as the list of their assignments so
// that every branch of an ifeq/else can contribute: the reader does not know the configuration, so
// what is assigned under a conditional is added to the value (union), never replacing it.
import { expandText, type ExpansionScope } from './make-expand.js';

export interface Contribution {
  text: string;
  file: string;
  line: number;
  /** An unconditional `:=` or `=`: earlier contributions no longer count. */
  resets: boolean;
  /** The assignment operator as written (`+=`, `:=`, ...), for evidence quoting the line. */
  op?: string;
}

/** One assignment's part of a variable's final value. */
export interface ExpandedContribution {
  text: string;
  file: string;
  line: number;
  /** Position of the assignment among all assignments of the Makefile: textual order across variables. */
  sequence: number;
  /** The assignment operator as written. */
  op: string;
}

export interface ProblemSink {
  (file: string, line: number, message: string): void;
}

export class MakeVariables {
  private readonly contributions = new Map<string, (Contribution & { sequence: number })[]>();
  private readonly finalValues = new Map<string, string>();
  private readonly expanding = new Set<string>();
  private frozen = false;
  private assignments = 0;

  /** @param builtins values of make/Kbuild variables the Makefile does not define ($(src), $(srctree)) */
  constructor(
    private readonly builtins: ReadonlyMap<string, string>,
    private readonly report: ProblemSink,
  ) {}

  names(): string[] {
    return [...this.contributions.keys()];
  }

  isDefined(name: string): boolean {
    return this.contributions.has(name) || this.builtins.has(name);
  }

  add(name: string, contribution: Contribution): void {
    if (this.frozen) throw new Error('MakeVariables: add() after freeze()');
    const list = this.contributions.get(name) ?? [];
    list.push({ ...contribution, sequence: this.assignments++ });
    this.contributions.set(name, list);
  }

  /** After the last assignment: values no longer change and can be cached. */
  freeze(): void {
    this.frozen = true;
  }

  /** Expands text found at file:line; problems are reported there. */
  expandAt(text: string, file: string, line: number, nameMode = false): string {
    return expandText(text, this.scopeAt(file, line, null, 0), { nameMode });
  }

  /**
   * The expanded value of a variable, or undefined when it was never assigned. `$(foo-y)` also
   * takes every `foo-$(CONFIG_...)` list: any of those configs may be y. An unassigned `foo-y` or
   * `foo-m` is empty, not unknown: it is a list whose configs were all left out.
   */
  value(name: string): string | undefined {
    const cached = this.finalValues.get(name);
    if (cached !== undefined) return cached;
    const list = this.contributions.get(name);
    const parts: string[] = [];
    if (list) parts.push(this.valueBefore(name, list.length));
    else if (this.builtins.has(name)) parts.push(this.builtins.get(name) ?? '');
    for (const variant of this.configVariants(name)) parts.push(this.valueBefore(variant, this.contributions.get(variant)?.length ?? 0));
    if (parts.length === 0) return isConfigSelectedList(name) ? '' : undefined;
    const result = parts.join(' ');
    if (this.frozen) this.finalValues.set(name, result);
    return result;
  }

  /** For foo-y and foo-m: the names foo-$(CONFIG_...) assigned in the Makefile. */
  private configVariants(name: string): string[] {
    if (!isConfigSelectedList(name)) return [];
    const prefix = name.slice(0, -1);
    return this.names().filter((n) => n.startsWith(`${prefix}$(`) || n.startsWith(`${prefix}\${`));
  }

  /** The final value split by the assignment that contributed each part, for per-line evidence. */
  valueByAssignment(name: string): ExpandedContribution[] {
    const list = this.contributions.get(name) ?? [];
    return this.expandContributions(name, list.length).map((text, k, all) => {
      const c = list[list.length - all.length + k];
      return { text, file: c.file, line: c.line, sequence: c.sequence, op: c.op ?? '=' };
    });
  }

  /** The value made of the contributions before index `limit` (what `x := $(x) more` sees). */
  private valueBefore(name: string, limit: number): string {
    return this.expandContributions(name, limit).join(' ');
  }

  /** Expanded texts of the contributions that count at index `limit` (from the last reset on). */
  private expandContributions(name: string, limit: number): string[] {
    const list = this.contributions.get(name) ?? [];
    let first = 0;
    for (let k = limit - 1; k >= 0; k--) {
      if (list[k].resets) {
        first = k;
        break;
      }
    }
    const key = `${name}\u0000${limit}`;
    if (this.expanding.has(key)) {
      const at = list[Math.max(0, limit - 1)];
      this.report(at.file, at.line, `variable $(${name}) refers to itself, ignored`);
      return [];
    }
    this.expanding.add(key);
    try {
      const parts: string[] = [];
      for (let k = first; k < limit; k++) {
        const c = list[k];
        parts.push(expandText(c.text, this.scopeAt(c.file, c.line, name, k), {}));
      }
      return parts;
    } finally {
      this.expanding.delete(key);
    }
  }

  private scopeAt(file: string, line: number, self: string | null, selfIndex: number): ExpansionScope {
    return {
      variable: (n) => (n === self ? this.valueBefore(n, selfIndex) : this.value(n)),
      problem: (message) => this.report(file, line, message),
    };
  }
}

function isConfigSelectedList(name: string): boolean {
  return name.endsWith('-y') || name.endsWith('-m');
}
