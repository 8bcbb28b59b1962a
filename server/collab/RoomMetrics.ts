/** What a room reports to the metrics registry (kept as an interface so rooms stay testable alone). */
export interface RoomMetrics {
  observePersist(seconds: number): void;
  observeBroadcast(seconds: number): void;
  refused(reason: string): void;
}
