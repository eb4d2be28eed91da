import { readFileSync, writeFileSync } from 'node:fs';

/** Resident and peak-resident memory of a process, in MB, from /proc/<pid>/status (Linux). */
export function readMemory(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/**
 * Measures a process's peak RSS over a window. The kernel's high-water mark (VmHWM) is reset
 * at the start through /proc/<pid>/clear_refs when allowed, so it covers this window only;
 * 50 ms samples of VmRSS back it up where the reset is not permitted.
 */
export function samplePeakRss(pid: number, intervalMs = 50): { stop(): number | null } {
  let hwmReset = false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    hwmReset = true;
  } catch {}
  let peak = readMemory(pid)?.rssMb ?? 0;
  const timer = setInterval(() => {
    const memory = readMemory(pid);
    if (memory) peak = Math.max(peak, memory.rssMb);
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const memory = readMemory(pid);
      if (!memory) return peak || null;
      peak = Math.max(peak, memory.rssMb);
      if (hwmReset) peak = Math.max(peak, memory.hwmMb);
      return Math.round(peak * 10) / 10;
    },
  };
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function readCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at state, field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on every Linux architecture node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** A process and its descendants (an API_PROCESSES primary and its api processes), Linux. */
export function processTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      const children = readFileSync(`/proc/${pids[i]}/task/${pids[i]}/children`, 'utf8');
      for (const child of children.trim().split(/\s+/).filter(Boolean)) pids.push(Number(child));
    } catch {}
  }
  return pids;
}

/** CPU time (user + system) of a process and its descendants so far, in ms. */
export function readTreeCpuMs(pid: number): number | null {
  let total = 0;
  for (const member of processTree(pid)) {
    const ms = readCpuMs(member);
    if (ms === null) {
      if (member === pid) return null;
      continue;
    }
    total += ms;
  }
  return total;
}
