/** A writable stream for pino that keeps every log line (give it as a server's logger stream). */
export function captureLines(): { stream: { write(line: string): void }; lines: string[] } {
  const lines: string[] = [];
  return { stream: { write: (line: string) => void lines.push(line) }, lines };
}
