export type Totals = {
  requests: number
  success: number
  errors: number
  success_rate: number
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  cost: number
}
export type SeriesPoint = { ts: string; requests: number; errors: number; total_tokens: number; cost: number }
export type Series = { range: string; bucket: 'hour' | 'day' | string; points: SeriesPoint[] }
export type ModelStat = { model: string; requests: number; success_rate: number; total_tokens: number; cost: number }
export type Range = '24h' | '7d' | '30d'
