// A full garbage collection on demand, for the moments the CLI knows a great deal has just become garbage: V8 sizes its
// next collection from the heap it last found live, so without one the old copies are carried (and the heap grown) through
// the writing of every output. The same way jest's leak detector reaches `gc` without --expose-gc on the command line.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}
