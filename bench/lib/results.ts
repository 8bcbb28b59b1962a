/** Everything one bench run measured, as written to bench/results/latest-<mode>.json. */
import type { MachineInfo } from './machine.js';
import type { ServerKind } from './servers.js';
import type { MeetingResult } from '../scenarios/meeting.js';
import type { BareResult, ReplayResult } from '../scenarios/traceReplay.js';
import type { JoinStormResult } from '../scenarios/joinStorm.js';
import type { LockCostRow } from '../scenarios/lockCost.js';
import type { MemoryResult } from '../scenarios/memory.js';
import type { BrowserResult } from '../scenarios/browser.js';
import type { LongAmendmentsResult } from '../scenarios/longAmendments.js';
import type { StoreEnginesResult } from '../scenarios/storeEngines.js';
import type { ClusterResult } from '../scenarios/cluster.js';
import type { ProfileReport } from './profileSummary.js';

export interface StartupFigures {
  wallMs: number;
  cpuSeconds: number;
  rssMb: number;
}

export interface RunResults {
  mode: 'full' | 'quick';
  machine: MachineInfo;
  config: unknown;
  servers: ServerKind[];
  startup: Partial<Record<ServerKind, StartupFigures>>;
  /** Median over the rounds (one round unless --rounds=N). */
  meeting: Partial<Record<ServerKind, MeetingResult>>;
  meetingRounds: Partial<Record<ServerKind, MeetingResult[]>>;
  traces: { bare: Record<string, BareResult>; replay: Partial<Record<ServerKind, ReplayResult[]>> };
  joinStorm: Partial<Record<ServerKind, JoinStormResult>>;
  lockCost: LockCostRow[];
  browser: BrowserResult | { skipped: string } | null;
  memory: Partial<Record<ServerKind, MemoryResult>>;
  /** Scenario 7, Draftroom only (absent from results written before it existed). */
  longAmendments?: LongAmendmentsResult | null;
  /** Scenario 8 (issue 15): Draftroom on SQLite and on PostgreSQL, and the stock server. */
  storeEngines?: StoreEnginesResult | null;
  /** Scenario 9 (issue 15): two servers on one PostgreSQL and one Redis against one server, and a failover; or why it was skipped. */
  cluster?: ClusterResult | { skipped: string } | null;
  /** Draftroom CPU profiles per phase (with --profile): the summary, the file and the window in it. */
  profiles: Record<string, ProfileReport & { file: string; windowMs: [number, number] }>;
  errors: string[];
  durationSeconds: number;
  loadAverageAtEnd: number[];
}
