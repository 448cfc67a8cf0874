import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * Where the CPU went during a run (Linux /proc): the app's process group, the PostgreSQL server (postmaster and its
 * backends), this process (autocannon + the marketplace emulator) and the whole machine. On a small machine the load
 * generator competes with the app for the same cores; these figures say how much.
 */

export interface CpuSample {
  at: number;
  app: number;
  postgres: number;
  bench: number;
  /** busy ticks of the whole machine (all cores) */
  machineBusy: number;
}

export interface CpuShare {
  /** % of one core, averaged over the run */
  app: number;
  postgres: number;
  bench: number;
  /** % of one core summed over all cores (max = cores × 100) */
  machine: number;
  /** machine − app − postgres − bench: other work on the machine (other test runs …) */
  others: number;
  cores: number;
}

let clkTck: number | undefined;
function ticksPerSecond(): number {
  if (clkTck === undefined) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

interface ProcStat {
  pid: number;
  ppid: number;
  pgrp: number;
  ticks: number;
}

function readStat(pid: string): ProcStat | undefined {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name may hold spaces and parentheses: fields start after the last ')'
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // rest[0] = state (field 3); ppid = field 4, pgrp = 5, utime = 14, stime = 15
    return { pid: Number(pid), ppid: Number(rest[1]), pgrp: Number(rest[2]), ticks: Number(rest[11]) + Number(rest[12]) };
  } catch {
    return undefined;
  }
}

function machineBusyTicks(): number {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [, ...nums] = line.trim().split(/\s+/);
    const v = nums.map(Number);
    // user nice system idle iowait irq softirq steal guest…: busy = user + nice + system + irq + softirq
    return (v[0] ?? 0) + (v[1] ?? 0) + (v[2] ?? 0) + (v[5] ?? 0) + (v[6] ?? 0);
  } catch {
    return 0;
  }
}

export function sampleCpu(opts: { appPgid?: number; postmasterPid?: number }): CpuSample {
  let app = 0;
  let postgres = 0;
  let bench = 0;
  let dirs: string[] = [];
  try {
    dirs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    // not Linux
  }
  for (const d of dirs) {
    const st = readStat(d);
    if (!st) continue;
    if (opts.appPgid && st.pgrp === opts.appPgid) app += st.ticks;
    else if (opts.postmasterPid && (st.pid === opts.postmasterPid || st.ppid === opts.postmasterPid)) postgres += st.ticks;
    else if (st.pid === process.pid) bench += st.ticks;
  }
  return { at: performance.now(), app, postgres, bench, machineBusy: machineBusyTicks() };
}

export function cpuShare(a: CpuSample, b: CpuSample, cores: number): CpuShare {
  const seconds = (b.at - a.at) / 1000;
  const pct = (ticks: number) => (seconds > 0 ? Math.round((ticks / ticksPerSecond() / seconds) * 1000) / 10 : 0);
  const share = { app: pct(b.app - a.app), postgres: pct(b.postgres - a.postgres), bench: pct(b.bench - a.bench), machine: pct(b.machineBusy - a.machineBusy) };
  const others = Math.max(0, Math.round((share.machine - share.app - share.postgres - share.bench) * 10) / 10);
  return { ...share, others, cores };
}

/** The postmaster's pid, from <data dir>/postmaster.pid. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
    return Number.isFinite(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
