// The machine a run happened on, recorded with every result: numbers without
// their hardware, Node version and background load are not reproducible.
import { cpus, loadavg, totalmem, availableParallelism } from 'node:os';
import { spawnSync } from 'node:child_process';

export function machine() {
  const ulimit = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim();
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    openFilesLimit: Number(ulimit) || ulimit,
    // Load average at the end of the run: > 0 on an idle machine means others were working.
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
