/**
 * How a person is named wherever others read it: lock labels, decisions, exports and the
 * client's lists all say "Name (Delegation)", or just "Name" without a delegation.
 *
 * Brackets never nest. A delegation written with its own parentheses ("Chairmanship (Malta)")
 * keeps them as square brackets inside ours, as formal texts write a bracket within a bracket:
 * "Marta Kowalska (Chairmanship [Malta])", never "(Chairmanship (Malta))".
 */
export function personName(name: string, delegation?: string | null): string {
  return delegation ? `${name} (${inParentheses(delegation)})` : name;
}

/** `text` made fit to stand inside parentheses: its own round brackets become square ones. */
export function inParentheses(text: string): string {
  return text.replace(/\(/g, '[').replace(/\)/g, ']');
}
