/**
 * npm run bench [-- --quick] [--only=1,2,3,4,5,6,7,8,9] [--servers=draftroom,yws,hocuspocus]
 *               [--rounds=N] [--profile] [--real-clients] [--no-echo] [--content-visibility] [--no-write]
 * npm run bench -- --report-only   (table and BENCHMARKS.md again from bench/results/latest-full.json)
 *
 * Runs the issue-6 scenarios against Draftroom and the two reference servers (each its own
 * process, one load generator: this process), prints the table with ratios Draftroom /
 * reference and the targets, writes bench/results/latest-<mode>.json and (full run) the
 * results section of BENCHMARKS.md. Scenario 7 (issue 10, the long-paragraph amendment
 * case) runs on Draftroom only and has a section of its own, written by any full run of it;
 * so has scenario 8 (issue 15, the store on SQLite and on PostgreSQL), which a quick run skips
 * unless asked for by --only, and scenario 9 (issue 15, two servers on one PostgreSQL and one
 * Redis, and one of them killed), which a quick run does at its smallest.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { benchConfig } from './config.js';
import { machineInfo } from './lib/machine.js';
import { SERVER_KINDS, buildServers, startServer, type RunningServer, type ServerKind, type StartOptions } from './lib/servers.js';
import { summarizeProfile, formatProfile } from './lib/profileSummary.js';
import { summarizeTrace } from './lib/traceSummary.js';
import type { RunResults } from './lib/results.js';
import { checkTargets, lockCostTable, longAmendmentsTable, resultsTable, targetsList } from './lib/report.js';
import { writeBenchmarksMd, writeClusterMd, writeLongAmendmentsMd, writeStoreEnginesMd } from './lib/benchmarksMd.js';
import { measureStoreEngines, storeEnginesTable } from './scenarios/storeEngines.js';
import { clusterSkipReason, clusterTable, clusterTargets, runCluster } from './scenarios/cluster.js';
import { cachedTrace } from './lib/traceCache.js';
import { runMeeting } from './scenarios/meeting.js';
import { bareThroughput, replayTraceMedian } from './scenarios/traceReplay.js';
import { runJoinStorm } from './scenarios/joinStorm.js';
import { measureLockCosts } from './scenarios/lockCost.js';
import { measureStartups } from './scenarios/startup.js';
import { runMemory } from './scenarios/memory.js';
import { browserSkipReason, runBrowser } from './scenarios/browser.js';
import { runLongAmendments, type LongAmendmentsResult } from './scenarios/longAmendments.js';
import { medianOfResults } from './lib/stats.js';
import type { BuiltTrace } from './lib/traces.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = flag('quick');
const profile = flag('profile');
const ALL_SCENARIOS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const only = new Set((option('only') ?? ALL_SCENARIOS.join(',')).split(',').map((s) => s.trim()));
const servers = (option('servers')?.split(',') ?? SERVER_KINDS) as ServerKind[];
const config = benchConfig(quick, flag('real-clients'));
// Diagnostic only: listeners that do not echo awareness, unlike the stock y-websocket provider.
if (flag('no-echo')) config.meeting.noEcho = true;
const rounds = Math.max(1, Number(option('rounds') ?? 1));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_DIR = join(ROOT, 'bench', 'results');
const PROFILE_DIR = join(RESULTS_DIR, 'profiles');

if (flag('report-only')) {
  const saved = JSON.parse(readFileSync(join(RESULTS_DIR, 'latest-full.json'), 'utf8')) as RunResults;
  const savedChecks = checkTargets(saved);
  process.stdout.write(`${resultsTable(saved)}\n\n${lockCostTable(saved)}\n\n${targetsList(savedChecks)}\n`);
  if (!flag('no-write')) writeBenchmarksMd(join(ROOT, 'BENCHMARKS.md'), saved, savedChecks);
  process.exit(0);
}

const started = performance.now();
const log = (line: string) => process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
const running = new Set<RunningServer>();
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopping = true;
    void Promise.all([...running].map((s) => s.stop())).finally(() => process.exit(130));
  });
}

const results: RunResults = {
  mode: config.mode,
  machine: machineInfo(),
  config,
  servers,
  startup: {},
  meeting: {},
  meetingRounds: {},
  traces: { bare: {}, replay: {} },
  joinStorm: {},
  lockCost: [],
  browser: null,
  memory: {},
  longAmendments: null,
  profiles: {},
  errors: [],
  durationSeconds: 0,
  loadAverageAtEnd: [],
};

async function start(kind: ServerKind, group: string, options: StartOptions = {}): Promise<RunningServer> {
  const profileDir = profile && kind === 'draftroom' ? join(PROFILE_DIR, `${config.mode}-${group}`) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const server = await startServer(kind, { ...options, cpuProfDir: profileDir });
  running.add(server);
  log(`${kind} up on :${server.port} (pid ${server.pid})`);
  return server;
}

/** Stops the server; with --profile, summarizes Draftroom's CPU profile over each named window. */
async function stop(server: RunningServer, group: string, windows: Array<[string, [number, number]]> = []): Promise<void> {
  await server.stop();
  running.delete(server);
  if (!profile || server.kind !== 'draftroom') return;
  const dir = join(PROFILE_DIR, `${config.mode}-${group}`);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f));
  const newest = files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs || statSync(b).size - statSync(a).size);
  // The main thread writes the largest profile (tsx's loader thread writes a small one).
  const main = newest.slice(0, 2).sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!main) return;
  for (const [name, [from, to]] of windows) {
    const windowMs: [number, number] = [from - server.spawnedAt, to - server.spawnedAt];
    const report = summarizeProfile(main, 20, windowMs);
    results.profiles[name] = { ...report, file: main, windowMs };
    log(`profile of Draftroom during ${name} (${main}):\n${formatProfile(report)}`);
  }
}

/** The run must end within its budget (issue 6: full ≤ 10 min, quick < 1 min): later work is skipped. */
const BUDGET_SECONDS = quick ? 55 : 570;
function overBudget(what: string, needsSeconds: number): boolean {
  const elapsed = (performance.now() - started) / 1000;
  if (elapsed + needsSeconds <= BUDGET_SECONDS) return false;
  const message = `${what}: skipped to stay within the ${BUDGET_SECONDS} s budget (${elapsed.toFixed(0)} s used, ~${needsSeconds} s needed)`;
  results.errors.push(message);
  log(message);
  return true;
}

function logLongAmendments(r: LongAmendmentsResult): void {
  log(
    `7 long amendments on draftroom: /healthz p50 ${r.healthMs.p50.toFixed(1)} ms, p99 ${r.healthMs.p99.toFixed(1)} ms, max ${r.healthMs.max.toFixed(1)} ms; ` +
      `proposal max ${r.proposeMs.max.toFixed(0)} ms; list p50 ${r.listMs.p50.toFixed(0)} ms, max ${r.listMs.max.toFixed(0)} ms; accept ${r.acceptMs.toFixed(0)} ms` +
      (r.failures.length ? `; failures: ${r.failures.join('; ')}` : ''),
  );
}

async function guarded(what: string, action: () => Promise<void>): Promise<void> {
  if (stopping) return;
  try {
    await action();
  } catch (error) {
    const message = `${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    results.errors.push(message);
    log(`ERROR ${message}`);
  }
}

log(
  `Draftroom bench, ${config.mode} run on ${results.machine.cpus} × ${results.machine.cpuModel}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

const serverScenarios = ['1', '2', '3', '6', '7', '8', '9'].some((s) => only.has(s));
// Every server runs as compiled JavaScript, built once here (Draftroom only when its sources changed).
if (serverScenarios) await buildServers();
// Start-up (with scenario 6): alone on the machine, before anything else runs.
if (only.has('6')) {
  await guarded('start-up', async () => {
    results.startup = await measureStartups(servers, config.startupRounds);
    for (const kind of servers) {
      const s = results.startup[kind];
      if (s) log(`start-up ${kind}: ${s.wallMs.toFixed(0)} ms to first answer, ${s.cpuSeconds.toFixed(2)} s CPU, ${s.rssMb.toFixed(0)} MB`);
    }
  });
}
// Quick run: one process per server for everything, started together while this process
// does its in-process work (figures of a quick run are a smoke test, not a measurement).
const quickServers =
  ['1', '2', '3', '6', '7'].some((s) => only.has(s)) && !config.freshServers
    ? Promise.all(servers.map((kind) => start(kind, 'all', { inspect: only.has('6') })))
    : null;
quickServers?.catch(() => undefined);

// In-process work (full run: before any server runs): trace updates, bare Y.Doc baseline, lock costs.
const traces: BuiltTrace[] = [];
const traceRepeats = new Map<BuiltTrace, number>();
if (only.has('2')) {
  await guarded('building traces', async () => {
    for (const { file, limit, repeats } of config.traces) {
      const trace = cachedTrace(file, limit);
      traces.push(trace);
      traceRepeats.set(trace, repeats ?? 1);
      results.traces.bare[trace.name] = bareThroughput(trace, repeats);
      log(
        `trace ${trace.name}: ${trace.updates.length} updates; bare Y.Doc ${results.traces.bare[trace.name]!.updatesPerSecond.toFixed(0)} updates/s`,
      );
    }
  });
}
if (only.has('4')) {
  await guarded('scenario 4', async () => {
    measureLockCosts([{ paragraphs: 10, authors: 1 }], Math.min(500, config.lockCost.updates), 5, 2); // warm-up (JIT)
    for (const row of measureLockCosts(
      config.lockCost.sizes,
      config.lockCost.updates,
      config.lockCost.refusedUpdates,
      config.lockCost.rounds,
    )) {
      results.lockCost.push(row);
      const { paragraphs, authors } = row;
      log(
        `4 lock cost ${paragraphs} paragraphs, ${authors} authors: bare ${row.bareUs.toFixed(1)} µs, checked ${row.checkedUs.toFixed(1)} µs, pipeline ${row.pipelineUs.toFixed(1)} µs, refused ${row.refusedUs.toFixed(1)} µs`,
      );
    }
  });
}

if (quickServers) {
  const all = await quickServers;
  for (const server of all) {
    const kind = server.kind;
    const windows: Array<[string, [number, number]]> = [];
    if (only.has('1'))
      await guarded(`1 ${kind}`, async () => {
        log(`1 meeting scale on ${kind}`);
        const r = await runMeeting(server, config.meeting, log);
        results.meeting[kind] = r;
        results.meetingRounds[kind] = [r];
        windows.push(['1a text', r.text.window], ['1b carets', r.carets.window]);
      });
    if (only.has('2'))
      await guarded(`2 ${kind}`, async () => {
        for (const trace of traces) {
          const r = await replayTraceMedian(server, trace, config.traceTimeoutMs, traceRepeats.get(trace));
          results.traces.replay[kind] ??= [];
          results.traces.replay[kind].push(r);
          log(`2 ${trace.name} on ${kind}: ${r.updatesPerSecond.toFixed(0)} updates/s`);
        }
      });
    if (only.has('3'))
      await guarded(`3 ${kind}`, async () => {
        const r = await runJoinStorm(server, config.joinStorm.clients, config.joinStorm.documentBytes);
        results.joinStorm[kind] = r;
        log(`3 join storm on ${kind}: p50 ${r.joinMs.p50.toFixed(0)} ms, p99 ${r.joinMs.p99.toFixed(0)} ms`);
      });
    if (only.has('6'))
      await guarded(`6 ${kind}`, async () => {
        const r = await runMemory(server, config.memory.count, (results.startup[kind]?.rssMb ?? 0) * 1024 ** 2, config.memory.settleMaxMs);
        results.memory[kind] = r;
        log(
          `6 memory on ${kind}: heap ${r.heapPerConnectionKb?.toFixed(1)} KB per connection, ${r.heapPerDocumentKb?.toFixed(1)} KB per document`,
        );
      });
    if (only.has('7') && kind === 'draftroom')
      await guarded('7 draftroom', async () => {
        const r = await runLongAmendments(server, config.longAmendments);
        results.longAmendments = r;
        windows.push(['7 long amendments', r.window]);
        logLongAmendments(r);
      });
    await stop(server, 'all', windows);
  }
} else if (serverScenarios) {
  if (only.has('1')) {
    // Rounds interleave the servers, so a busy moment of the machine does not hit one only.
    for (let round = 1; round <= rounds; round++) {
      for (const kind of servers) {
        await guarded(`1 ${kind}`, async () => {
          const server = await start(kind, 'meeting');
          try {
            log(`1 meeting scale on ${kind}${rounds > 1 ? `, round ${round} of ${rounds}` : ''}`);
            const r = await runMeeting(server, config.meeting, log);
            results.meetingRounds[kind] ??= [];
            results.meetingRounds[kind].push(r);
            await stop(server, 'meeting', [
              ['1a text', r.text.window],
              ['1b carets', r.carets.window],
              ['1 arrival all at once', r.burst.window],
            ]);
          } finally {
            if (running.has(server)) await stop(server, 'meeting');
          }
        });
      }
    }
    for (const kind of servers) {
      const all = results.meetingRounds[kind];
      if (all?.length) results.meeting[kind] = medianOfResults(all);
    }
  }
  if (only.has('2') || only.has('3')) {
    for (const kind of servers) {
      await guarded(`2/3 ${kind}`, async () => {
        const server = await start(kind, 'traces');
        const windows: Array<[string, [number, number]]> = [];
        try {
          if (only.has('2')) {
            for (const trace of traces) {
              const r = await replayTraceMedian(server, trace, config.traceTimeoutMs, traceRepeats.get(trace));
              results.traces.replay[kind] ??= [];
              results.traces.replay[kind].push(r);
              windows.push([`2 ${trace.name}`, r.window]);
              log(
                `2 ${trace.name} on ${kind}: ${r.updatesPerSecond.toFixed(0)} updates/s (${r.ms.toFixed(0)} ms, server CPU ${r.cpuSeconds.toFixed(2)} s)`,
              );
            }
          }
          if (only.has('3')) {
            const r = await runJoinStorm(server, config.joinStorm.clients, config.joinStorm.documentBytes);
            results.joinStorm[kind] = r;
            windows.push(['3 join storm', r.window]);
            log(
              `3 join storm on ${kind}: p50 ${r.joinMs.p50.toFixed(0)} ms, p99 ${r.joinMs.p99.toFixed(0)} ms, server CPU ${r.cpuSeconds.toFixed(2)} s`,
            );
          }
        } finally {
          await stop(server, 'traces', windows);
        }
      });
    }
  }
  if (only.has('7') && servers.includes('draftroom') && !overBudget('7 draftroom', 30)) {
    await guarded('7 draftroom', async () => {
      const server = await start('draftroom', 'long-amendments');
      const windows: Array<[string, [number, number]]> = [];
      try {
        const r = await runLongAmendments(server, config.longAmendments);
        results.longAmendments = r;
        windows.push(['7 long amendments', r.window]);
        logLongAmendments(r);
      } finally {
        await stop(server, 'long-amendments', windows);
      }
    });
  }
  if (only.has('6')) {
    for (const kind of servers) {
      if (overBudget(`6 ${kind}`, 20)) continue;
      await guarded(`6 ${kind}`, async () => {
        const server = await start(kind, 'memory', { inspect: true });
        try {
          const r = await runMemory(
            server,
            config.memory.count,
            (results.startup[kind]?.rssMb ?? 0) * 1024 ** 2,
            config.memory.settleMaxMs,
          );
          results.memory[kind] = r;
          log(
            `6 memory on ${kind}: heap ${r.heapPerConnectionKb?.toFixed(1)} KB per connection, ${r.heapPerDocumentKb?.toFixed(1)} KB per document`,
          );
        } finally {
          await stop(server, 'memory');
        }
      });
    }
  }
}
if (only.has('5')) {
  const reason = config.browser ? browserSkipReason() : 'not part of the quick run (it builds the client and starts Chromium)';
  if (reason !== null) {
    results.browser = { skipped: reason };
    log(`5 browser: skipped (${reason})`);
  } else if (servers.includes('draftroom') && !overBudget('5 browser', 45)) {
    await guarded('5 browser', async () => {
      const server = await start('draftroom', 'browser');
      try {
        if (profile) mkdirSync(PROFILE_DIR, { recursive: true });
        const r = await runBrowser(
          server,
          {
            ...config.browserOptions,
            // Diagnostic: a client-side remedy for whole-document rendering work, tried from outside.
            contentVisibility: flag('content-visibility'),
            cpuProfilePath: profile ? join(PROFILE_DIR, `${config.mode}-browser-page.cpuprofile`) : undefined,
            tracePath: profile ? join(PROFILE_DIR, `${config.mode}-browser-trace.json`) : undefined,
          },
          log,
        );
        results.browser = r;
        log(`5 browser keystroke-to-paint: p50 ${r.p50Ms.toFixed(1)} ms, p95 ${r.p95Ms.toFixed(1)} ms (${r.keystrokes} keystrokes)`);
        if (profile) {
          const page = join(PROFILE_DIR, `${config.mode}-browser-page.cpuprofile`);
          log(`page CPU profile while typing (${page}):\n${formatProfile(summarizeProfile(page, 15))}`);
          const trace = summarizeTrace(join(PROFILE_DIR, `${config.mode}-browser-trace.json`));
          log(
            `Chromium trace while typing: textInput median ${trace.textInputMedianMs.toFixed(1)} ms; inside it: ${trace.insideTextInput
              .slice(0, 6)
              .map((e) => `${e.name} ${e.totalMs.toFixed(0)} ms`)
              .join(', ')}`,
          );
        }
      } finally {
        await stop(server, 'browser');
      }
    });
  }
}

// Scenario 8 (issue 15): the store engines side by side, with fresh servers in turns.
if (only.has('8') && (!quick || option('only') !== undefined) && servers.includes('draftroom')) {
  await guarded('8 store engines', async () => {
    const { file, limit } = config.traces[0]!;
    const r = await measureStoreEngines(
      cachedTrace(file, limit),
      quick ? 1 : Math.max(3, rounds),
      config.traceTimeoutMs,
      (kind, options) => start(kind, 'store-engines', options),
      (server) => stop(server, 'store-engines'),
    );
    results.storeEngines = r;
    log(`8 store engines:\n${storeEnginesTable(r)}`);
  });
}

// Scenario 9 (issue 15): two servers on one PostgreSQL and one Redis, one server as the
// reference, then a failover; each server a fresh process, nothing else running meanwhile.
if (only.has('9') && servers.includes('draftroom')) {
  const reason = clusterSkipReason();
  if (reason !== null) {
    results.cluster = { skipped: reason };
    log(`9 cluster: skipped: ${reason}`);
  } else if (!overBudget('9 cluster', quick ? 15 : 150)) {
    await guarded('9 cluster', async () => {
      const r = await runCluster(
        config.cluster,
        (kind, options) => start(kind, 'cluster', options),
        (server) => stop(server, 'cluster'),
        log,
      );
      results.cluster = r;
      log(`9 cluster:\n${clusterTable(r)}\n${targetsList(clusterTargets(r))}`);
    });
  }
}

results.durationSeconds = (performance.now() - started) / 1000;
results.loadAverageAtEnd = os.loadavg();
mkdirSync(RESULTS_DIR, { recursive: true });
const complete =
  ALL_SCENARIOS.every((s) => only.has(s)) &&
  servers.length === SERVER_KINDS.length &&
  !['no-echo', 'real-clients', 'content-visibility'].some(flag);
const resultsFile = `latest-${config.mode}${complete ? '' : '-partial'}${profile ? '-profile' : ''}.json`;
writeFileSync(join(RESULTS_DIR, resultsFile), JSON.stringify(results, null, 2));

const checks = checkTargets(results);
const report = [
  '',
  resultsTable(results),
  '',
  lockCostTable(results),
  '',
  longAmendmentsTable(results),
  '',
  ...(results.storeEngines ? [storeEnginesTable(results.storeEngines), ''] : []),
  ...(results.cluster && !('skipped' in results.cluster) ? [clusterTable(results.cluster), ''] : []),
  'Targets (issues 6, 10 and 15):',
  targetsList(checks),
  ...(results.cluster
    ? ['skipped' in results.cluster ? `- **9** skipped: ${results.cluster.skipped}` : targetsList(clusterTargets(results.cluster))]
    : []),
  '',
  ...(results.errors.length ? ['Errors:', ...results.errors.map((e) => `- ${e.split('\n')[0]}`), ''] : []),
  `${config.mode} run took ${results.durationSeconds.toFixed(0)} s; load average at end ${results.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' ')}.`,
].join('\n');
process.stdout.write(`${report}\n`);
log(`results in bench/results/${resultsFile}`);
if (config.mode === 'full' && !flag('no-write') && complete && !profile) {
  writeBenchmarksMd(join(ROOT, 'BENCHMARKS.md'), results, checks);
  log('wrote the results section of BENCHMARKS.md');
}
if (config.mode === 'full' && !flag('no-write') && results.longAmendments && !profile) {
  writeLongAmendmentsMd(join(ROOT, 'BENCHMARKS.md'), results);
  log('wrote the scenario 7 section of BENCHMARKS.md');
}
if (config.mode === 'full' && !flag('no-write') && results.storeEngines && !profile) {
  writeStoreEnginesMd(join(ROOT, 'BENCHMARKS.md'), results);
  log('wrote the scenario 8 section of BENCHMARKS.md');
}
if (config.mode === 'full' && !flag('no-write') && results.cluster && !('skipped' in results.cluster) && !profile) {
  writeClusterMd(join(ROOT, 'BENCHMARKS.md'), results);
  log('wrote the scenario 9 section of BENCHMARKS.md');
}
process.exit(0);
