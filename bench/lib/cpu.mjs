// CPU accounting from /proc, to tell how much of the machine other processes took while the bench
// measured: the machine's busy time (/proc/stat) minus the bench's own (this process and its
// reaped children, /proc/self/stat, plus any extra pids such as ministack's).

import fs from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

function machine() {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith('cpu '));
  const [user, nice, system, idle, iowait, irq, softirq, steal] = cpu.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** utime + stime (+ cutime + cstime with `children`) of a pid, in ticks; 0 when it is gone. */
function processTicks(pid, children) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
    return utime + stime + (children ? cutime + cstime : 0);
  } catch {
    return 0;
  }
}

export function cpuSnapshot(extraPids = []) {
  return {
    at: Date.now(),
    ...machine(),
    own: processTicks('self', true) + extraPids.reduce((s, p) => s + processTicks(p, true), 0),
  };
}

/**
 * Between two snapshots: {seconds, cores, machineBusyPct, ownPct, otherPct} where the
 * percentages are of the whole machine's capacity (all cores) over the interval.
 */
export function cpuShare(before, after) {
  const total = after.total - before.total;
  const busy = after.busy - before.busy;
  const own = Math.min(after.own - before.own, busy);
  const pct = (t) => (total > 0 ? (100 * t) / total : 0);
  return {
    seconds: (after.at - before.at) / 1000,
    ownSeconds: own / TICKS,
    otherSeconds: Math.max(0, busy - own) / TICKS,
    machineBusyPct: pct(busy),
    ownPct: pct(own),
    otherPct: pct(Math.max(0, busy - own)),
  };
}
