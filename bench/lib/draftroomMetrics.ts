/** The server-side figures Draftroom reports at GET /metrics, as differences over one phase. */

export interface DraftroomCounters {
  syncMessages: number;
  awarenessMessages: number;
  refused: number;
  persists: number;
  persistMeanMs: number;
  broadcasts: number;
  broadcastMeanMs: number;
  eventLoopLagP99Ms: number;
}

export function metricDelta(before: Map<string, number>, after: Map<string, number>): DraftroomCounters {
  const d = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
  let refused = 0;
  for (const key of after.keys()) if (key.startsWith('draftroom_refused_changes_total')) refused += d(key);
  const persists = d('draftroom_persist_seconds_count');
  const broadcasts = d('draftroom_broadcast_seconds_count');
  return {
    syncMessages: d('draftroom_messages_total{kind="sync"}'),
    awarenessMessages: d('draftroom_messages_total{kind="awareness"}'),
    refused,
    persists,
    persistMeanMs: persists ? (d('draftroom_persist_seconds_sum') / persists) * 1000 : NaN,
    broadcasts,
    broadcastMeanMs: broadcasts ? (d('draftroom_broadcast_seconds_sum') / broadcasts) * 1000 : NaN,
    eventLoopLagP99Ms: (after.get('nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000,
  };
}
