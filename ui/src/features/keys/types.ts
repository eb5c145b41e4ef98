export type AuthKey = {
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
}
export type AuthKeyInput = Pick<AuthKey, 'name' | 'enabled' | 'allow_all' | 'models' | 'expires_at'>
