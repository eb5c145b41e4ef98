export type Model = {
  id: number
  name: string
  remark: string
  strategy: 'lottery' | 'rotor'
  max_retry: number
  timeout_seconds: number
  io_log: boolean
  breaker: boolean
  enabled: boolean
  association_count: number
  created_at: string
  updated_at: string
}
export type ModelInput = Omit<Model, 'id' | 'association_count' | 'created_at' | 'updated_at'>

export type Association = {
  id: number
  model_id: number
  provider_id: number
  provider_name: string
  provider_type: string
  provider_model: string
  weight: number
  tool_call: boolean
  structured_output: boolean
  image: boolean
  with_header: boolean
  headers: Record<string, string>
  extra_body: Record<string, unknown>
  enabled: boolean
  created_at: string
  updated_at: string
}
export type AssociationInput = Omit<Association, 'id' | 'provider_name' | 'provider_type' | 'created_at' | 'updated_at'>

export type TestResult = { ok: boolean; status: number | null; latency_ms: number | null; reply: string | null; error: string | null }
export type ToolCall = { name: string; arguments: string }
/** The "Test tools" check: the tool calls the upstream streamed, and whether they are the two asked for, in order. */
export type ToolTestResult = TestResult & { tool_calls: ToolCall[] }
