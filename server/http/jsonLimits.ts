import type { NextFunction, Request, Response } from 'express';
import { problem, type Problem } from '../../contracts/problems';

/**
 * How deep a JSON body may nest. A real interview is at most 5 levels deep (a matrix answer inside the
 * answers inside the response); the margin leaves room for new question types. Checked before anything
 * recursive (hashing, validation, the BSON encoder, survey-core) touches the value.
 */
export const MAX_JSON_DEPTH = 32;
/** Values (numbers, strings, members, items) in one response: an interview has a few hundred. */
export const MAX_RESPONSE_VALUES = 10_000;

/**
 * Walks a parsed JSON value with an explicit stack (so a hostile value cannot exhaust the call stack)
 * and reports the first place it nests deeper than `maxDepth` (too-deep), or that it holds more than
 * `maxValues` (too-many-values); undefined when it fits.
 */
export function jsonShapeProblem(root: unknown, limits: { maxDepth: number; maxValues?: number }): Problem | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: root, depth: 0, path: '' }];
  let values = 0;
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    values += 1;
    if (limits.maxValues !== undefined && values > limits.maxValues) {
      return problem('too-many-values', { maxValues: limits.maxValues });
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limits.maxDepth) {
      return problem('too-deep', { maxDepth: limits.maxDepth, at: path || '(body)' }, [{ path: path || '(body)', message: `nested deeper than ${limits.maxDepth} levels` }]);
    }
    if (Array.isArray(value)) value.forEach((item, index) => stack.push({ value: item, depth: depth + 1, path: `${path}[${index}]` }));
    else for (const [key, item] of Object.entries(value)) stack.push({ value: item, depth: depth + 1, path: path ? `${path}.${key}` : key });
  }
  return undefined;
}

/** After a JSON body parser: a body nested deeper than the limit is a 400 naming it, before any route sees it. */
export function limitJsonDepth(maxDepth = MAX_JSON_DEPTH) {
  return (request: Request, _response: Response, next: NextFunction): void => {
    const refused = jsonShapeProblem(request.body, { maxDepth });
    if (refused) return next(refused);
    next();
  };
}
