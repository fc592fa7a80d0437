import { readdirSync, readFileSync } from 'node:fs';

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

/** CPU ms so far of each of a process's threads, by thread id (Node names them all `node`). */
export function cpuMsByThread(pid: number): Map<number, number> {
  const byThread = new Map<number, number>();
  let threads: string[] = [];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return byThread;
  }
  for (const tid of threads) byThread.set(Number(tid), cpuMsOf(pid, Number(tid)));
  return byThread;
}
