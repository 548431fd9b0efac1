// The build check's choice of objects: a C file is its own object unless its directory's Makefile
// never names it and other C files #include it; and the objects make reports as failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { failedObjects, includersOf, objectsOf } from './kernel/build-objects.js';
import { makeTempDir } from './helpers/temp.js';

function tree(files: Record<string, string>): string {
  const root = makeTempDir('build-objects');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const echo = tree({
  'sound/pci/echo/Makefile': 'snd-darla-y := darla.o\nsnd-mia-y := mia.o\nobj-$(CONFIG_SND_ECHO) += snd-darla.o snd-mia.o\n',
  'sound/pci/echo/echo.c': 'int echo_probe(void) { return 0; }\n',
  'sound/pci/echo/darla.c': '#define NAME "darla"\n#include "echo.c"\n',
  'sound/pci/echo/mia.c': '#include <linux/pci.h>\n  #  include "echo.c"\n',
  'sound/pci/echo/other.c': '/* #include "echo.c" in a comment is no include */\n#include "echo.h"\n',
  'drivers/misc/Makefile': 'obj-m += gull.o\n',
  'drivers/misc/gull.c': 'int x;\n',
  'drivers/misc/lone.c': 'int y;\n',
});

test('a C file other C files #include, and no Makefile names, is built as its includers', () => {
  assert.deepEqual(includersOf(echo, 'sound/pci/echo/echo.c'), ['sound/pci/echo/darla.c', 'sound/pci/echo/mia.c']);
  assert.deepEqual(objectsOf(echo, { files: ['sound/pci/echo/echo.c', 'sound/pci/echo/echo.h'] }), ['sound/pci/echo/darla.o', 'sound/pci/echo/mia.o']);
});

test('a C file its Makefile names, or that nothing includes, is its own object', () => {
  assert.equal(includersOf(echo, 'drivers/misc/gull.c'), null);
  assert.equal(includersOf(echo, 'drivers/misc/lone.c'), null);
  assert.deepEqual(objectsOf(echo, { files: ['drivers/misc/gull.c', 'drivers/misc/lone.c', 'include/linux/pci.h'] }), ['drivers/misc/gull.o', 'drivers/misc/lone.o']);
});

test('the objects make reports as failed, each once', () => {
  const log = [
    'make[4]: *** [scripts/Makefile.build:234: drivers/ata/pata_macio.o] Error 1',
    'make[3]: *** [scripts/Makefile.build:471: drivers/ata] Error 2',
    'make[5]: *** [scripts/Makefile.build:234: sound/pci/echoaudio/echoaudio.o] Error 1',
    'make[5]: *** [scripts/Makefile.build:234: sound/pci/echoaudio/echoaudio.o] Error 1',
    "make: Target 'sound/pci/fm801.o' not remade because of errors.",
  ].join('\n');
  assert.deepEqual([...failedObjects(log)].sort(), ['drivers/ata/pata_macio.o', 'sound/pci/echoaudio/echoaudio.o']);
});
