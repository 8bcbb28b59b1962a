/**
 * How a person is named wherever others read it: lock labels, decisions, exports and the
 * client's lists all say "Name (Delegation)", or just "Name" without a delegation.
 */
export function personName(name: string, delegation?: string | null): string {
  return delegation ? `${name} (${delegation})` : name;
}
