/** What a room reports to the metrics registry (kept as an interface so rooms stay testable alone). */
export interface RoomMetrics {
  observePersist(seconds: number): void;
  observeBroadcast(seconds: number): void;
  refused(reason: string): void;
  /** A write to the store failed in this room (an update, a compaction). */
  saveFailed(docId: string): void;
  /** This room's writes succeed again. */
  saveRecovered(docId: string): void;
}
