export type LogRow = {
  id: number
  trace_id: string
  created_at: string
  model: string
  provider_id: number | null
  provider_name: string | null
  provider_model: string | null
  style: string
  /** protocol spoken to the upstream: equal to style (passthrough) or another one (translated); '' on old rows */
  upstream_style: string
  stream: boolean
  auth_key_id: number | null
  client_ip: string | null
  user_agent: string | null
  attempt: number
  status: 'running' | 'success' | 'error'
  http_status: number | null
  error: string | null
  proxy_ms: number | null
  first_token_ms: number | null
  total_ms: number | null
  prompt_tokens: number | null
  completion_tokens: number | null
  total_tokens: number | null
  cached_tokens: number | null
  reasoning_tokens: number | null
  usage_source: string | null
  tokens_per_second: number | null
  response_bytes: number | null
  cost: number | null
  has_body: boolean
}
export type LogBody = {
  request_body: string | null
  response_body: string | null
  response_events: string[] | null
  /** stored cut to the server's per-body cap (the text ends with "…[llmio: truncated, kept K of N bytes]") */
  request_truncated?: boolean
  response_truncated?: boolean
  /** events the streamed answer had when the stored list was cut */
  events_total?: number | null
}

/** "anthropic → openai" when the request was translated, else the caller's style alone */
export function styleLabel(row: Pick<LogRow, 'style' | 'upstream_style'>): string {
  return row.upstream_style && row.upstream_style !== row.style ? `${row.style} → ${row.upstream_style}` : row.style
}

export const STYLES = ['openai', 'openai-responses', 'openai-embeddings', 'anthropic', 'anthropic-count-tokens', 'gemini', 'gemini-count-tokens', 'gemini-embeddings']
export const FILTER_KEYS = ['model', 'provider_id', 'status', 'style', 'auth_key_id', 'from', 'to'] as const
