/**
 * Variables and DataWorks scheduling expressions, evaluated against a run's scheduled time with exact arithmetic
 * in an explicit time zone.
 *
 * @example
 * const run = createRunContext({ nominal: '20240315100500', timeZone: 'Asia/Shanghai' });
 * const params = evaluateParameters(parseAssignments(['startTime=$[yyyymmddhh24miss-10/24/60]']), run);
 * expandString('${startTime}', { run, parameters: params.values }).value; // '20240315095500'
 */
export { parseAssignments, evaluateParameters, type EvaluatedParameters } from './parameters';
export { expandString, builtinValue, type Expansion, type ExpansionProblem, type VariableScope } from './template';
export { evaluateCycExpression, evaluateBizExpression, isBizExpression } from './scheduling-expression';
export {
  createRunContext,
  checkTimeZone,
  parseNominalTime,
  parseCompactDate,
  parseCompactDateTime,
  DEFAULT_TIME_ZONE,
  type RunContext,
  type RunIds,
} from './run-context';
export { parseDayOffset, wholeSeconds, type Rational } from './day-offset';
