// The PCI drivers of a module: every `struct pci_driver` initializer, with the functions it wires as
// callbacks, its error handlers and power-management callbacks included.
import type { ParsedFile, FieldValue, MacroEntry, StructInitializer, MacroDefinition } from '../../../src/sdk.js';
import { findMacroDefinitions, findStructInitializers, mentionsWord } from '../../../src/sdk.js';
import { DRIVER_ERROR_HANDLERS_FIELD, DRIVER_PM_FIELD, DRIVER_PROBE_FIELD, DRIVER_STRUCT, ERROR_HANDLERS_STRUCT, PM_OPS_MACROS, PM_OPS_STRUCT } from './names.js';

export interface DriverCallback {
  /** Where the driver names it: '.probe', '.err_handler.slot_reset', '.driver.pm.suspend',
   *  '.driver.pm SET_SYSTEM_SLEEP_PM_OPS()' (a macro entry), '.driver.pm SIMPLE_DEV_PM_OPS()'. */
  field: string;
  /** The name given; data fields (.name, .id_table) are listed too, and resolve to no function. */
  name: string;
  /** The file that names it: a static function is looked up there first. */
  file: string;
  line: number;
}

export interface PciDriver {
  /** `file::variable`, unique in the tree. */
  id: string;
  file: string;
  line: number;
  variable: string;
  /** The `.probe` function's name, or null when the initializer names none. */
  probe: string | null;
  callbacks: DriverCallback[];
}

interface ModuleTables {
  drivers: StructInitializer[];
  errorHandlers: StructInitializer[];
  pmOps: StructInitializer[];
  pmMacros: MacroDefinition[];
}

/** The words a file must mention to hold any table a driver reads. */
const TABLE_WORDS: readonly string[] = [DRIVER_STRUCT, ERROR_HANDLERS_STRUCT, PM_OPS_STRUCT, ...PM_OPS_MACROS];

/**
 * Every `struct pci_driver` of the module's files, in file order. `readFile`, when given, lets a file
 * that names none of the tables go unparsed (parsing is the cost of a large module).
 */
export function findPciDrivers(files: string[], parseFile: (rel: string) => ParsedFile | null, readFile?: (rel: string) => Buffer | null): PciDriver[] {
  const tables = readTables(readFile ? files.filter((f) => mayHoldTables(readFile(f))) : files, parseFile);
  return tables.drivers.map((init) => {
    const callbacks: DriverCallback[] = [];
    for (const field of init.fields) {
      if (field.identifier === null) continue;
      if (field.path === DRIVER_ERROR_HANDLERS_FIELD) {
        callbacks.push(...tableCallbacks(field, init.file, tables.errorHandlers, []));
      } else if (field.path === DRIVER_PM_FIELD) {
        callbacks.push(...tableCallbacks(field, init.file, tables.pmOps, tables.pmMacros));
      } else {
        callbacks.push({ field: field.path, name: field.identifier, file: init.file, line: field.line });
      }
    }
    callbacks.push(...init.macros.flatMap((m) => macroCallbacks(m.path, m, init.file)));
    const probe = init.fields.find((f) => f.path === DRIVER_PROBE_FIELD)?.identifier ?? null;
    return { id: `${init.file}::${init.variable}`, file: init.file, line: init.line, variable: init.variable, probe, callbacks };
  });
}

function mayHoldTables(bytes: Buffer | null): boolean {
  if (!bytes) return false;
  const text = bytes.toString('latin1');
  return TABLE_WORDS.some((word) => mentionsWord(text, word));
}

function readTables(files: string[], parseFile: (rel: string) => ParsedFile | null): ModuleTables {
  const tables: ModuleTables = { drivers: [], errorHandlers: [], pmOps: [], pmMacros: [] };
  for (const file of [...new Set(files)].sort()) {
    const parsed = parseFile(file);
    if (!parsed) continue;
    tables.drivers.push(...findStructInitializers(parsed, DRIVER_STRUCT));
    tables.errorHandlers.push(...findStructInitializers(parsed, ERROR_HANDLERS_STRUCT));
    tables.pmOps.push(...findStructInitializers(parsed, PM_OPS_STRUCT));
    tables.pmMacros.push(...findMacroDefinitions(parsed, PM_OPS_MACROS));
  }
  return tables;
}

/**
 * The callbacks of the table a driver field points to (`.err_handler = &foo_err`). The table is the
 * variable of that name in the driver's file (a static one), else in another file of the module.
 */
function tableCallbacks(field: FieldValue, driverFile: string, initializers: StructInitializer[], macroDefinitions: MacroDefinition[]): DriverCallback[] {
  const name = field.identifier!;
  const named = <T extends { file: string; variable: string }>(all: T[]): T | undefined =>
    all.find((t) => t.variable === name && t.file === driverFile) ?? all.find((t) => t.variable === name);
  const table = named(initializers);
  if (table) {
    return [
      ...table.fields.filter((f) => f.identifier !== null).map((f) => ({ field: field.path + f.path, name: f.identifier!, file: table.file, line: f.line })),
      ...table.macros.flatMap((m) => macroCallbacks(field.path + m.path, m, table.file)),
    ];
  }
  const defined = named(macroDefinitions);
  if (!defined) return [];
  return [
    ...defined.args.filter((a) => a.identifier !== null).map((a) => ({ field: `${field.path} ${defined.macro}()`, name: a.identifier!, file: defined.file, line: defined.line })),
    ...defined.fields.filter((f) => f.identifier !== null).map((f) => ({ field: field.path + f.path, name: f.identifier!, file: defined.file, line: f.line })),
    ...defined.macros.flatMap((m) => macroCallbacks(field.path + m.path, m, defined.file)),
  ];
}

/** A macro entry of a table (`SET_SYSTEM_SLEEP_PM_OPS(suspend, resume)`): every name it is given. */
function macroCallbacks(path: string, entry: MacroEntry, file: string): DriverCallback[] {
  return entry.args.filter((a) => a.identifier !== null).map((a) => ({ field: `${path} ${entry.macro}()`, name: a.identifier!, file, line: entry.line }));
}
