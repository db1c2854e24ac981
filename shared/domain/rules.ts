/**
 * The rule set (CONTRACT.md §6): every number of the scoring table is a field, so a hall can change
 * them with `PUT /v1/rules` without a release. Stored versions are numbered by the server.
 */
import * as z from 'zod';

const points = z.number().min(-1000).max(1000);
const penalty = z.number().min(-1000).max(0);
const bonus = z.number().min(0).max(1000);
const weight = z.number().min(0).max(1000);
/** Composite weights (CONTRACT.md §12); the defaults keep v1's scores (computed only). */
const CompositeWeights = z
  .object({
    computed: weight.default(1),
    self: weight.default(0),
    leader: weight.default(0),
    department: weight.default(0),
    peer: weight.default(0),
    public: weight.default(0),
  })
  .strict();

export const RuleSetBody = z
  .object({
    base: z.number().min(0).max(1000).default(100),
    floor: z.number().min(0).max(1000).default(0),
    attendance: z
      .object({
        late: penalty.default(-1),
        earlyLeave: penalty.default(-1),
        missingPunch: penalty.default(-1),
        absentPerSession: penalty.default(-3),
      })
      .prefault({}),
    evaluation: z
      .object({
        level2: penalty.default(-1),
        level1: penalty.default(-2),
      })
      .prefault({}),
    complaint: z
      .object({
        minor: penalty.default(-3),
        serious: penalty.default(-10),
        /** Categories whose substantiated complaint is a veto (一票否决). */
        vetoCategories: z.array(z.enum(['attitude', 'discipline', 'integrity', 'efficiency', 'other'])).default(['integrity']),
      })
      .prefault({}),
    inspection: z
      .object({
        finding: penalty.default(-1),
        absentFromPost: penalty.default(-2),
      })
      .prefault({}),
    criticism: penalty.default(-5),
    commendation: bonus.default(2),
    satisfactionBonus: z
      .object({
        minEvaluations: z.number().int().min(1).max(100000).default(20),
        minRate: z.number().min(0).max(1).default(0.99),
        points: bonus.default(1),
      })
      .prefault({}),
    bonusCapPerMonth: bonus.default(5),
    grades: z
      .object({
        excellent: points.default(95),
        good: points.default(85),
        pass: points.default(70),
      })
      .prefault({})
      .refine((g) => g.excellent >= g.good && g.good >= g.pass, {
        message: 'thresholds must satisfy excellent ≥ good ≥ pass',
      }),
    returnRule: z
      .object({
        windowMonths: z.number().int().min(1).max(60).default(12),
        substantiatedComplaints: z.number().int().min(1).max(100).default(2),
        criticisms: z.number().int().min(1).max(100).default(2),
      })
      .prefault({}),
    // Service efficiency (CONTRACT.md §10).
    cases: z.object({ overdue: penalty.default(-2) }).prefault({}),
    participation: z
      .object({
        minCases: z.number().int().min(1).max(100000).default(10),
        minRate: z.number().min(0).max(1).default(0.8),
        points: penalty.default(-1),
      })
      .prefault({}),
    queue: z
      .object({
        longWait: z
          .object({ minutes: z.number().min(0).max(1440).default(30), points: penalty.default(0) })
          .prefault({}),
      })
      .prefault({}),
    /** Weights of the composite score of quarters and years (CONTRACT.md §12). */
    composite: z
      .object({ quarter: CompositeWeights.prefault({}), year: CompositeWeights.prefault({}) })
      .strict()
      .prefault({}),
    /** At most this share of a hall's ranked staff keep `excellent` for a year (rounded down). */
    annual: z
      .object({ excellentQuota: z.number().min(0).max(1).default(0.15) })
      .strict()
      .prefault({}),
    /** `review`: a close holds its mails and assessment.published until POST /v1/publish/{period}. */
    publication: z.enum(['auto', 'review']).default('auto'),
  })
  .strict();

export type CompositeWeights = z.infer<typeof CompositeWeights>;
export type RuleSetBody = z.infer<typeof RuleSetBody>;
export type RuleSet = RuleSetBody & { version: number };

/** Version 0 is the contract's default table; the first PUT /v1/rules becomes version 1. */
export const DEFAULT_RULES: RuleSet = { ...RuleSetBody.parse({}), version: 0 };
