import { api } from '@/lib/api-client'

export const exportConfig = (secrets: boolean) =>
  api<string>('/api/config/export', { query: { secrets: secrets ? 'true' : undefined }, text: true, headers: { Accept: 'text/yaml' } })

/** Fetches the YAML with the token and saves it as llmio.yaml. */
export async function downloadConfig(secrets: boolean) {
  const yaml = await exportConfig(secrets)
  const url = URL.createObjectURL(new Blob([yaml], { type: 'text/yaml' }))
  const a = document.createElement('a')
  a.href = url
  a.download = 'llmio.yaml'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
