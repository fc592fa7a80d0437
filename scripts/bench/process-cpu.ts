import { readFileSync } from 'node:fs';

/** CPU time (user + system, ms) a process (or one of its threads: the main one's id is the process's) has used so far; 0 once it is gone. */
export function cpuMsOf(pid: number, thread?: number): number {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat (or of one thread's, /proc/<pid>/task/<tid>/stat) (after the command in parentheses), in clock ticks of 10 ms.
    const fields = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8')
      .split(') ')[1]
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}
