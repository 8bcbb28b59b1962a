/**
 * Fastify's own schema compilers (Ajv for requests, fast-json-stringify for responses), each
 * route's schema compiled on the route's first use instead of while the server starts.
 *
 * Compiling every route's schemas up front (some 200: params, bodies and each response status of
 * 36 routes) was about 0.2 s of the CPU time from spawning the process to its first answer
 * (BENCHMARKS.md section 6): a restarted server was that much longer away from its rooms.
 * Compiled lazily, each route pays a few milliseconds once, on its first request (the very first
 * also builds the Ajv instance). Nothing else changes: the same compilers, options
 * and shared schemas, the same validation errors (Fastify reads `errors` from the validator
 * after a failed call, so the wrapper passes it on).
 *
 * `compilePendingSchemas()` compiles everything still waiting: the test suite calls it so that
 * a schema Ajv or fast-json-stringify cannot compile fails a test, not a delegate's first request.
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type BuildValidator = NonNullable<CompilersFactory['buildValidator']>;
type BuildSerializer = NonNullable<CompilersFactory['buildSerializer']>;

/** Compilations not yet forced, so a test can force them all. */
const pending = new Set<() => unknown>();

/** A function standing for `compile()`'s result, which is produced on its first call. */
function compiledOnFirstCall<F extends (...args: never[]) => unknown>(compile: () => F): F & { errors?: unknown } {
  let compiled: F | undefined;
  const force = (): F => {
    if (compiled === undefined) {
      compiled = compile();
      pending.delete(force);
    }
    return compiled;
  };
  pending.add(force);
  const stand = ((...args: Parameters<F>) => {
    const target = force();
    const result = target(...args);
    // Ajv reports why validation failed on the function itself; Fastify reads it from ours.
    stand.errors = (target as { errors?: unknown }).errors;
    return result;
  }) as F & { errors?: unknown };
  return stand;
}

const buildEagerValidator = AjvCompiler() as unknown as BuildValidator;
const buildEagerSerializer = SerializerSelector() as unknown as BuildSerializer;

const buildValidator: BuildValidator = (externalSchemas, options) => {
  // The Ajv instance itself (meta-schemas compiled) is made on the first compilation too.
  let compiler: ReturnType<BuildValidator> | undefined;
  const compilerOf = () => (compiler ??= buildEagerValidator(externalSchemas, options));
  return ((routeSchema: Parameters<ReturnType<BuildValidator>>[0]) =>
    compiledOnFirstCall(() => compilerOf()(routeSchema) as (data: unknown) => unknown)) as ReturnType<BuildValidator>;
};

const buildSerializer: BuildSerializer = (externalSchemas, options) => {
  let compiler: ReturnType<BuildSerializer> | undefined;
  const compilerOf = () => (compiler ??= buildEagerSerializer(externalSchemas, options));
  return ((routeSchema: Parameters<ReturnType<BuildSerializer>>[0]) =>
    compiledOnFirstCall(() => compilerOf()(routeSchema) as (data: unknown) => string)) as ReturnType<BuildSerializer>;
};

/** For `Fastify({ schemaController })`. */
export const lazySchemaController: FastifyServerOptions['schemaController'] = {
  compilersFactory: { buildValidator, buildSerializer },
};

/** Compiles every route schema not yet used; throws what a compiler throws. Returns how many it compiled. */
export function compilePendingSchemas(): number {
  const forces = [...pending];
  for (const force of forces) force();
  return forces.length;
}
