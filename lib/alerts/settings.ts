import type { Queryable } from '../db/client';
import { isRuleKey, RULE_KEYS, RULES, type RuleKey, type RuleSetting } from './rules';

/** Every rule's setting: the admin's (alert_rule) where one was saved, else on with its default threshold. */
// SQL: the whole (small) alert_rule table
export async function ruleSettings(db: Queryable): Promise<Record<RuleKey, RuleSetting>> {
  const { rows } = await db.query<{ rule: string; enabled: boolean; threshold: number }>(`SELECT rule, enabled, threshold FROM alert_rule`);
  const out = Object.fromEntries(RULE_KEYS.map((k) => [k, { enabled: true, threshold: RULES[k].threshold.default }])) as Record<RuleKey, RuleSetting>;
  for (const r of rows) if (isRuleKey(r.rule)) out[r.rule] = { enabled: r.enabled, threshold: r.threshold };
  return out;
}
