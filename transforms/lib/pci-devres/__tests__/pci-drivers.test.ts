import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPciDrivers } from '../index.js';
import { moduleOf } from './module-source.js';

const callbacksOf = (d: { callbacks: { field: string; name: string; file: string }[] }) => d.callbacks.map((c) => `${c.field}=${c.name}@${c.file}`);

test('a driver wires its probe, remove, error handlers and dev_pm_ops fields', () => {
  const m = moduleOf('drivers/net/foo', {
    'drivers/net/foo_main.c': [
      'static const struct pci_error_handlers foo_err = {',
      '\t.error_detected = foo_error_detected,',
      '\t.slot_reset = foo_slot_reset,',
      '};',
      'static const struct dev_pm_ops foo_pm = {',
      '\tSET_SYSTEM_SLEEP_PM_OPS(foo_suspend, foo_resume)',
      '\t.freeze = foo_freeze,',
      '};',
      'static struct pci_driver foo_driver = {',
      '\t.name = "foo",',
      '\t.id_table = foo_ids,',
      '\t.probe = foo_probe,',
      '\t.remove = foo_remove,',
      '\t.err_handler = &foo_err,',
      '\t.driver.pm = pm_sleep_ptr(&foo_pm),',
      '\t.sriov_configure = foo_sriov,',
      '};',
    ].join('\n'),
  });
  const [driver, ...rest] = findPciDrivers(m.facts.module.sources, m.parseFile);
  assert.equal(rest.length, 0);
  assert.equal(driver.id, 'drivers/net/foo_main.c::foo_driver');
  assert.equal(driver.probe, 'foo_probe');
  assert.equal(driver.line, 9);
  assert.deepEqual(callbacksOf(driver), [
    '.id_table=foo_ids@drivers/net/foo_main.c',
    '.probe=foo_probe@drivers/net/foo_main.c',
    '.remove=foo_remove@drivers/net/foo_main.c',
    '.err_handler.error_detected=foo_error_detected@drivers/net/foo_main.c',
    '.err_handler.slot_reset=foo_slot_reset@drivers/net/foo_main.c',
    '.driver.pm.freeze=foo_freeze@drivers/net/foo_main.c',
    '.driver.pm SET_SYSTEM_SLEEP_PM_OPS()=foo_suspend@drivers/net/foo_main.c',
    '.driver.pm SET_SYSTEM_SLEEP_PM_OPS()=foo_resume@drivers/net/foo_main.c',
    '.sriov_configure=foo_sriov@drivers/net/foo_main.c',
  ]);
});

test('two drivers in two files; PM ops defined by macros, a static one of the driver file first', () => {
  const m = moduleOf('drivers/misc/pair', {
    'drivers/misc/pair_a.c': [
      'static SIMPLE_DEV_PM_OPS(pair_pm, a_suspend, a_resume);',
      'static struct pci_driver a_driver __refdata = {',
      '\t.probe = a_probe,',
      '\t.driver = { .pm = &pair_pm },',
      '};',
    ].join('\r\n'),
    'drivers/misc/pair_b.c': [
      'static DEFINE_RUNTIME_DEV_PM_OPS(pair_pm, b_suspend, b_resume, NULL);',
      'struct pci_driver b_driver = {',
      '\t.probe = b_probe,',
      '\t.driver.pm = pm_ptr(&pair_pm),',
      '\t.err_handler = &shared_err,',
      '};',
    ].join('\n'),
    'drivers/misc/pair_err.c': 'const struct pci_error_handlers shared_err = { .resume = shared_resume };',
  });
  const drivers = findPciDrivers(m.facts.module.sources, m.parseFile);
  assert.deepEqual(drivers.map((d) => [d.id, d.probe]), [
    ['drivers/misc/pair_a.c::a_driver', 'a_probe'],
    ['drivers/misc/pair_b.c::b_driver', 'b_probe'],
  ]);
  assert.deepEqual(callbacksOf(drivers[0]), [
    '.probe=a_probe@drivers/misc/pair_a.c',
    '.driver.pm SIMPLE_DEV_PM_OPS()=a_suspend@drivers/misc/pair_a.c',
    '.driver.pm SIMPLE_DEV_PM_OPS()=a_resume@drivers/misc/pair_a.c',
  ]);
  assert.deepEqual(callbacksOf(drivers[1]), [
    '.probe=b_probe@drivers/misc/pair_b.c',
    '.driver.pm DEFINE_RUNTIME_DEV_PM_OPS()=b_suspend@drivers/misc/pair_b.c',
    '.driver.pm DEFINE_RUNTIME_DEV_PM_OPS()=b_resume@drivers/misc/pair_b.c',
    '.err_handler.resume=shared_resume@drivers/misc/pair_err.c',
  ]);
});

test('a module without a struct pci_driver has no driver', () => {
  const m = moduleOf('drivers/base/lib', { 'drivers/base/lib.c': 'struct pci_driver;\nint lib_register(struct pci_driver *drv) { return 0; }' });
  assert.deepEqual(findPciDrivers(m.facts.module.sources, m.parseFile), []);
});

test('with readFile, a file naming no table is not parsed; tables in other files (CRLF, no final newline) still count', () => {
  const sources: Record<string, string> = {
    'drivers/misc/split_main.c': 'static struct pci_driver split_driver = {\r\n\t.probe = split_probe,\r\n\t.err_handler = &split_err,\r\n};',
    'drivers/misc/split_err.c': 'const struct pci_error_handlers split_err = { .resume = split_resume };',
    'drivers/misc/split_hw.c': 'int split_reset(void)\n{\n\treturn 0;\n}\n',
  };
  const m = moduleOf('drivers/misc/split', sources);
  const parsed: string[] = [];
  const parseFile = (rel: string) => (parsed.push(rel), m.parseFile(rel));
  const readFile = (rel: string) => (rel in sources ? Buffer.from(sources[rel], 'latin1') : null);
  const drivers = findPciDrivers(m.facts.module.sources, parseFile, readFile);
  assert.deepEqual(drivers.map(callbacksOf), [['.probe=split_probe@drivers/misc/split_main.c', '.err_handler.resume=split_resume@drivers/misc/split_err.c']]);
  assert.deepEqual(drivers, findPciDrivers(m.facts.module.sources, m.parseFile));
  assert.deepEqual(parsed.sort(), ['drivers/misc/split_err.c', 'drivers/misc/split_main.c']);
});
