export type Provider = {
  id: number
  name: string
  type: string
  base_url: string
  api_key: string
  headers: Record<string, string>
  proxy: string
  error_matcher: string[]
  rpm_limit: number
  tpm_limit: number
  ip_lock_minutes: number
  console: string
  enabled: boolean
  /** a translated request's output limit goes out as max_completion_tokens (OpenAI reasoning models) instead of max_tokens */
  max_completion_tokens: boolean
  created_at: string
  updated_at: string
}
export type ProviderInput = Omit<Provider, 'id' | 'created_at' | 'updated_at'>

export type Limits = {
  rpm: { provider_id: number; provider_name: string; count: number; limit: number }[]
  ip_locks: { provider_id: number; provider_name: string; client_ip: string; expires_at: string }[]
  token_locks: { association_id: number; auth_key_id: number; expires_at: string }[]
  backend: string
}

export const BASE_URL_PLACEHOLDER: Record<string, string> = {
  openai: 'https://api.openai.com/v1',
  'openai-responses': 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com/v1',
  gemini: 'https://generativelanguage.googleapis.com/v1beta',
  azure: 'https://<resource>.openai.azure.com or …/openai/v1',
}
