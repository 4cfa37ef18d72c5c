// Preloaded (--import) by bench/bot-cost.ts --heap-prof dir: a sampling heap profile of everything the process
// allocates (every 4 KB, the objects GC collected since included), written into $HEAP_PROF_DIR at its exit.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const session = new Session();
session.connect();
session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
process.on('exit', () => {
  // A session in the process's own thread answers synchronously: the profile is written before it exits.
  session.post('HeapProfiler.stopSampling', (err, res) => {
    if (err) throw err;
    writeFileSync(join(process.env.HEAP_PROF_DIR ?? '.', `heap-${process.pid}.heapprofile`), JSON.stringify(res.profile));
  });
});
