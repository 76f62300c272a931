/**
 * Screening criteria, version 1: rules the staff understand and tune themselves. Every rule a
 * candidate meets is reported with the value found and the threshold (no opaque scores).
 * Semantics are documented in docs/criteria.md; the engine and the test oracle follow them.
 */
import { z } from 'zod';
import { SECTORS } from './extract-format';

/** A service by catalogue code, or by legal paragraph in old or new numbering ("SEL §85", "BL §46"). */
export const ServiceRefSchema = z.union([
  z.strictObject({ code: z.string().trim().min(1).max(40) }),
  z.strictObject({ paragraph: z.string().trim().min(1).max(80) }),
]);
export type ServiceRef = z.infer<typeof ServiceRefSchema>;

const count = z.number().int().min(0).max(1000).default(0);
const days = z.number().int().min(0).max(3650);

/**
 * Problems the schema names beyond a number's range (the field's path says where). A criterion
 * that can match no one is refused, not run: the user meant something else.
 */
export const CRITERIA_PROBLEMS = { ageOrder: 'age-order', familyOnly: 'family-only' } as const;

export const CriteriaSchema = z.strictObject({
  version: z.literal(1),
  /** Whom the list is of: persons, or families rolled up through the relations file. */
  unit: z.enum(['person', 'family']).default('person'),
  /** Whether universal services (an ordinary daycare or school place) count towards the numbers. */
  countUniversal: z.boolean().default(false),
  minServices: count,
  /** There are six sectors: asking for more matches no one. */
  minSectors: z.number().int().min(0).max(SECTORS.length).default(0),
  minDepartments: count,
  minCaseworkers: count,
  /**
   * Every one of these must be received. An element that is a list is a group: one of its
   * services is enough ("cash or education benefit" and "housing support" and "a mentor").
   */
  allOf: z.array(z.union([ServiceRefSchema, z.array(ServiceRefSchema).min(1).max(20)])).max(20).default([]),
  /** At least one of these must be received (ignored when empty). */
  anyOf: z.array(ServiceRefSchema).max(20).default([]),
  /** None of these may be received. */
  noneOf: z.array(ServiceRefSchema).max(20).default([]),
  /** Age in whole years on the snapshot date, from the CPR number. */
  age: z.strictObject({ min: z.number().int().min(0).max(130).optional(), max: z.number().int().min(0).max(130).optional() }).optional(),
  /** Sum of yearly cost of the counted services, in kroner. */
  minYearlyCost: z.number().int().min(0).optional(),
  /** Leave out anyone for whom one of these services started within the last `days` days. */
  excludeRecentStart: z.strictObject({ days, services: z.array(ServiceRefSchema).min(1).max(20) }).optional(),
  /** Leave out anyone who has a counted service ending (or up for review) within `days` days. */
  excludeEndingWithin: z.strictObject({ days }).optional(),
  /** Family mode only: both a child (under 18) and an adult must receive a counted service. */
  requireChildAndAdult: z.boolean().default(false),
}).superRefine((c, ctx) => {
  if (c.age?.min !== undefined && c.age.max !== undefined && c.age.min > c.age.max) {
    ctx.addIssue({ code: 'custom', path: ['age', 'max'], message: CRITERIA_PROBLEMS.ageOrder });
  }
  if (c.requireChildAndAdult && c.unit !== 'family') {
    ctx.addIssue({ code: 'custom', path: ['requireChildAndAdult'], message: CRITERIA_PROBLEMS.familyOnly });
  }
});
export type Criteria = z.output<typeof CriteriaSchema>;
export type CriteriaInput = z.input<typeof CriteriaSchema>;

/**
 * The rules in the order the funnel applies them, each with the name its explanation line
 * carries. A rule is active only when the criteria set it.
 */
export const FUNNEL_RULES = {
  services: 'minServices',
  sectors: 'minSectors',
  departments: 'minDepartments',
  caseworkers: 'minCaseworkers',
  allOf: 'allOf',
  anyOf: 'anyOf',
  noneOf: 'noneOf',
  age: 'age',
  cost: 'minYearlyCost',
  childAndAdult: 'requireChildAndAdult',
  recentStart: 'excludeRecentStart',
  ending: 'excludeEndingWithin',
} as const;
export type FunnelRule = keyof typeof FUNNEL_RULES;
export type ExplainedRule = (typeof FUNNEL_RULES)[FunnelRule];

/** One line of a candidate's explanation: the rule, what was found, and what was asked. */
export interface RuleResult {
  rule: string;
  value: number | string;
  threshold: number | string;
  passed: boolean;
}
