import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors';

/**
 * How deep a JSON body may nest. A real interview is at most 5 levels deep (a matrix answer inside the
 * answers inside the response); the margin leaves room for new question types. Checked before anything
 * recursive (hashing, validation, the BSON encoder, survey-core) touches the value.
 */
export const MAX_JSON_DEPTH = 32;
/** Values (numbers, strings, members, items) in one response: an interview has a few hundred. */
export const MAX_RESPONSE_VALUES = 10_000;

/** Why a value is refused, or undefined when it fits. */
export type JsonShapeProblem = { code: 'too-deep'; message: string; path: string } | { code: 'too-large'; message: string };

/**
 * Walks a parsed JSON value with an explicit stack (so a hostile value cannot exhaust the call stack)
 * and reports the first place it nests deeper than `maxDepth`, or that it holds more than `maxValues`.
 */
export function jsonShapeProblem(root: unknown, limits: { maxDepth: number; maxValues?: number }): JsonShapeProblem | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: root, depth: 0, path: '' }];
  let values = 0;
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    values += 1;
    if (limits.maxValues !== undefined && values > limits.maxValues) {
      return { code: 'too-large', message: `The body holds more than ${limits.maxValues.toLocaleString('en')} values; an interview has a few hundred. 数据项超过 ${limits.maxValues} 个。` };
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limits.maxDepth) {
      return { code: 'too-deep', path: path || '(body)', message: `The body nests deeper than ${limits.maxDepth} levels (at ${path || 'the top'}); no answer needs more. 数据嵌套超过 ${limits.maxDepth} 层。` };
    }
    if (Array.isArray(value)) value.forEach((item, index) => stack.push({ value: item, depth: depth + 1, path: `${path}[${index}]` }));
    else for (const [key, item] of Object.entries(value)) stack.push({ value: item, depth: depth + 1, path: path ? `${path}.${key}` : key });
  }
  return undefined;
}

/** After a JSON body parser: a body nested deeper than the limit is a 400 naming it, before any route sees it. */
export function limitJsonDepth(maxDepth = MAX_JSON_DEPTH) {
  return (request: Request, _response: Response, next: NextFunction): void => {
    const problem = jsonShapeProblem(request.body, { maxDepth });
    if (problem) return next(new HttpError(400, problem.code, problem.message, 'path' in problem ? [{ path: problem.path, message: `nested deeper than ${maxDepth} levels` }] : undefined));
    next();
  };
}
