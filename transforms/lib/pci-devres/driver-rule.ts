// The per-driver rule. A module may hold several PCI drivers, each enabling its own device its own
// way: a site then belongs to the drivers whose callbacks reach its function through the module's
// direct calls, and the enable calls reached from those drivers' .probe decide. A module with one
// driver or none, and a site no driver reaches (a work item, a function pointer), keep the module
// rule: every enable call of the module decides.
import type { Evidence, FunctionDef, ModuleFacts, ParsedFile, UseFact } from '../../../src/sdk.js';
import { ModuleCallGraph } from '../../../src/sdk.js';
import { moduleEnableCalls, splitEnableCalls, type EnableCalls } from './enable-calls.js';
import { decideByEnableCalls, type DeviceKind } from './device-rule.js';
import { findPciDrivers, type PciDriver } from './pci-drivers.js';

/** What decides whether the device of one site is managed. */
export interface DeviceDecision {
  kind: DeviceKind;
  /** Whose enable calls decided: the reaching driver's (from its .probe) or the whole module's. */
  scope: 'driver' | 'module';
  /** The driver (`file::variable`) whose enable calls decided, or the one driver reaching the site
   *  under the module rule; null otherwise. */
  driver: string | null;
  /** Every driver of the module whose callbacks reach the site's function. */
  drivers: string[];
  /** The enable calls that decided: the driver's (reached from its .probe) or the module's. */
  enableCalls: EnableCalls;
  reason: string;
  evidence: Evidence[];
}

interface DriverReach {
  driver: PciDriver;
  /** The functions its callbacks name, in the driver's order. */
  roots: FunctionDef[];
  /** The callback field of each root function, for the path's text. */
  fieldOf: Map<string, string>;
  /** A path from a callback to each function asked about (by functionKey), or null: not reached. */
  paths: Map<string, FunctionDef[] | null>;
  /** The enable calls reached from .probe (null when .probe is not a function of the module); on first need. */
  enableCalls?: EnableCalls | null;
}

export class ModuleDevices {
  readonly drivers: PciDriver[];
  readonly moduleEnableCalls: EnableCalls;
  private readonly graph: ModuleCallGraph;
  private reaches: DriverReach[] | null = null;

  /**
   * `facts` must hold the module's enable calls (a transform lists ENABLE_FUNCTIONS among its fact
   * functions). `files`: the module's sources and the headers holding its sites. `graph`: the module's
   * call graph over those files when another analysis of the module already built it (parses once).
   */
  constructor(
    private readonly facts: ModuleFacts,
    files: string[],
    parseFile: (rel: string) => ParsedFile | null,
    readFile?: (rel: string) => Buffer | null,
    graph?: ModuleCallGraph,
  ) {
    this.graph = graph ?? ModuleCallGraph.build(files, parseFile, readFile);
    this.drivers = findPciDrivers(facts.module.sources, parseFile, readFile);
    this.moduleEnableCalls = moduleEnableCalls(facts);
  }

  /** The decision for one site (a call or reference collected as a fact of this module). */
  decide(site: UseFact): DeviceDecision {
    const moduleSubject = `module ${this.facts.module.id}`;
    const fn = this.graph.enclosing(site.file, site.calleeStart);
    const reaching = fn ? this.driverReaches().filter((r) => this.pathTo(r, fn) !== null) : [];
    const drivers = reaching.map((r) => r.driver.id);
    const byModule = (prefix = ''): DeviceDecision => {
      const decided = decideByEnableCalls(site, this.moduleEnableCalls, moduleSubject);
      return { ...decided, scope: 'module', reason: prefix + decided.reason, driver: drivers.length === 1 ? drivers[0] : null, drivers, enableCalls: this.moduleEnableCalls };
    };
    if (this.drivers.length < 2) return byModule();
    if (reaching.length === 0) {
      const names = this.drivers.map((d) => d.variable).join(', ');
      return byModule(`no PCI driver of the module (${names}) reaches ${fn ? `${fn.name}()` : 'the call'} through direct calls, so every enable call of the module counts: `);
    }
    const perDriver = reaching.map((r) => ({ reach: r, decided: this.decideForDriver(site, r, fn!) }));
    const kinds = new Set(perDriver.map((p) => p.decided.kind));
    const allCalls = splitEnableCalls(dedupe(perDriver.flatMap((p) => [...p.decided.enableCalls.managed, ...p.decided.enableCalls.unmanaged])));
    if (kinds.size > 1) {
      return {
        kind: 'drivers-disagree',
        scope: 'driver',
        driver: null,
        drivers,
        enableCalls: allCalls,
        reason: `${fn!.name}() is reached from PCI drivers that disagree: ${perDriver.map((p, i) => `(${i + 1}) ${p.decided.reason}`).join('; ')}`,
        evidence: dedupeEvidence(perDriver.flatMap((p) => p.decided.evidence)),
      };
    }
    const [first, ...others] = perDriver;
    if (others.length === 0) return { ...first.decided, drivers };
    return {
      ...first.decided,
      driver: null,
      drivers,
      enableCalls: allCalls,
      reason: `${first.decided.reason}; ${others.map((o) => o.reach.driver.id).join(', ')} ${others.length === 1 ? 'reaches' : 'reach'} it too and ${others.length === 1 ? 'agrees' : 'agree'}`,
      evidence: dedupeEvidence(perDriver.flatMap((p) => p.decided.evidence)),
    };
  }

  private decideForDriver(site: UseFact, reach: DriverReach, fn: FunctionDef): DeviceDecision {
    const id = reach.driver.id;
    const path = this.pathTo(reach, fn)!;
    const field = reach.fieldOf.get(functionKey(path[0]));
    const via = `driver ${id} reaches ${fn.name}() ${path.length === 1 ? `as its ${field}` : `through ${field} = ${path.map((f) => `${f.name}()`).join(' → ')}`}`;
    const calls = this.enableCallsOf(reach);
    if (!calls || calls.managed.length + calls.unmanaged.length === 0) {
      const decided = decideByEnableCalls(site, this.moduleEnableCalls, `module ${this.facts.module.id}`);
      const probe = reach.driver.probe ? `its .probe ${reach.driver.probe}()` : 'it has no .probe that';
      return { ...decided, scope: 'module', driver: id, drivers: [id], enableCalls: this.moduleEnableCalls, reason: `${via}, but ${probe} reaches no enable call, so every enable call of the module counts: ${decided.reason}` };
    }
    const decided = decideByEnableCalls(site, calls, `its .probe ${reach.driver.probe}()`);
    return { ...decided, scope: 'driver', driver: id, drivers: [id], enableCalls: calls, reason: `${via}; ${decided.reason}` };
  }

  private driverReaches(): DriverReach[] {
    this.reaches ??= this.drivers.map((driver) => {
      const roots: FunctionDef[] = [];
      const fieldOf = new Map<string, string>();
      for (const cb of driver.callbacks) {
        const fn = this.graph.resolve(cb.name, cb.file);
        if (!fn || fieldOf.has(functionKey(fn))) continue;
        roots.push(fn);
        fieldOf.set(functionKey(fn), cb.field);
      }
      return { driver, roots, fieldOf, paths: new Map() };
    });
    return this.reaches;
  }

  /** The path by which the driver's callbacks reach `fn` through direct calls (shortest, callback first), or null. */
  private pathTo(reach: DriverReach, fn: FunctionDef): FunctionDef[] | null {
    const key = functionKey(fn);
    if (!reach.paths.has(key)) reach.paths.set(key, byKey(this.graph.reachableTowards(reach.roots, [fn])).get(key) ?? null);
    return reach.paths.get(key)!;
  }

  private enableCallsOf(reach: DriverReach): EnableCalls | null {
    if (reach.enableCalls === undefined) {
      const probe = reach.driver.probe ? this.graph.resolve(reach.driver.probe, reach.driver.file) : null;
      reach.enableCalls = probe ? this.enableCallsReachedFrom(probe) : null;
    }
    return reach.enableCalls;
  }

  private enableCallsReachedFrom(probe: FunctionDef): EnableCalls {
    const calls = [...this.moduleEnableCalls.managed, ...this.moduleEnableCalls.unmanaged].map((u) => ({ use: u, fn: this.graph.enclosing(u.file, u.calleeStart) }));
    const targets = calls.flatMap((c) => (c.fn ? [c.fn] : []));
    const reached = byKey(this.graph.reachableTowards([probe], targets));
    return splitEnableCalls(calls.filter((c) => c.fn !== null && reached.has(functionKey(c.fn))).map((c) => c.use));
  }
}

/** #ifdef variants of one function in one file are one function: the key ignores which definition. */
function functionKey(fn: FunctionDef): string {
  return `${fn.file}\0${fn.name}\0${fn.isStatic}`;
}

function byKey(paths: Map<FunctionDef, FunctionDef[]>): Map<string, FunctionDef[]> {
  return new Map([...paths].map(([fn, path]) => [functionKey(fn), path]));
}

function dedupe(uses: UseFact[]): UseFact[] {
  return [...new Map(uses.map((u) => [`${u.file}:${u.calleeStart}`, u])).values()];
}

function dedupeEvidence(evidence: Evidence[]): Evidence[] {
  return [...new Map(evidence.map((e) => [`${e.file}:${e.line}:${e.call}`, e])).values()];
}

