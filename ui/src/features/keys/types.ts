/** Budgets and limits of a key; 0 = none. USD budgets in price-table currency, per UTC day / month. */
export type KeyLimits = {
  budget_usd: number
  budget_usd_daily: number
  budget_usd_monthly: number
  budget_tokens: number
  budget_tokens_daily: number
  budget_tokens_monthly: number
  rpm_limit: number
  tpm_limit: number
  max_parallel: number
}

/** What a key used against each: spend and tokens in total, today and this month (UTC); the last minute; in flight. */
export type KeyUsage = {
  usd: number
  usd_daily: number
  usd_monthly: number
  tokens: number
  tokens_daily: number
  tokens_monthly: number
  rpm: number
  tpm: number
  parallel: number
}

export type AuthKey = KeyLimits & {
  id: number
  name: string
  key: string
  enabled: boolean
  allow_all: boolean
  models: string[]
  expires_at: string | null
  usage_count: number
  last_used_at: string | null
  created_at: string
  updated_at: string
  usage: KeyUsage
}
export type AuthKeyInput = Pick<AuthKey, 'name' | 'enabled' | 'allow_all' | 'models' | 'expires_at'> & Partial<KeyLimits>

/** Each budget and limit with the usage it is measured against. */
export const LIMITS: { field: keyof KeyLimits; usage: keyof KeyUsage; label: string; money?: boolean }[] = [
  { field: 'budget_usd', usage: 'usd', label: 'Spend, total', money: true },
  { field: 'budget_usd_daily', usage: 'usd_daily', label: 'Spend per day', money: true },
  { field: 'budget_usd_monthly', usage: 'usd_monthly', label: 'Spend per month', money: true },
  { field: 'budget_tokens', usage: 'tokens', label: 'Tokens, total' },
  { field: 'budget_tokens_daily', usage: 'tokens_daily', label: 'Tokens per day' },
  { field: 'budget_tokens_monthly', usage: 'tokens_monthly', label: 'Tokens per month' },
  { field: 'rpm_limit', usage: 'rpm', label: 'Requests per minute' },
  { field: 'tpm_limit', usage: 'tpm', label: 'Tokens per minute' },
  { field: 'max_parallel', usage: 'parallel', label: 'Requests at once' },
]
