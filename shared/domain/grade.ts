/** Grades (CONTRACT.md §6): thresholds come from the rule set; a veto (一票否决) always fails. */
import type { RuleSet } from './rules.js';
import type { Grade } from './types.js';

/** Simplified Chinese labels used in mails and spreadsheets. */
export const GRADE_LABELS_ZH: Readonly<Record<Grade, string>> = {
  excellent: '优秀',
  good: '良好',
  pass: '合格',
  fail: '不合格',
};

/**
 * The grade of a score.
 * @param score the two-decimal score of the period
 * @param veto whether a vetoing event landed in the period (forces `fail`)
 * @param thresholds `rules.grades` (score ≥ threshold reaches the grade)
 */
export function gradeOf(score: number, veto: boolean, thresholds: RuleSet['grades']): Grade {
  if (veto) return 'fail';
  if (score >= thresholds.excellent) return 'excellent';
  if (score >= thresholds.good) return 'good';
  if (score >= thresholds.pass) return 'pass';
  return 'fail';
}
