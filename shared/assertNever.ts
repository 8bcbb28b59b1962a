/**
 * The end of an exhaustive switch over a union: TypeScript refuses to compile a switch that
 * forgets a member, and a value from outside the types (a newer server, say) fails loudly.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
