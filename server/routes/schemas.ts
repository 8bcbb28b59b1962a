/** Small TypeBox helpers shared by the route files. */
import { Type } from 'typebox';

/** A schema accepting exactly one of `values` (a union of literals), e.g. ROLES or EXPORT_FORMATS. */
export const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((value) => Type.Literal(value)));
