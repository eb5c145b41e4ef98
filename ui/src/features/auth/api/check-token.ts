import { useMutation } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { isApiKey, setToken } from '@/lib/auth'

/** Verifies a token before storing it: API keys against their summary, the admin token against a cheap list. */
export async function checkToken(token: string): Promise<'admin' | 'key'> {
  if (isApiKey(token)) {
    await api('/api/key/summary', { token, silent: true })
    return 'key'
  }
  await api('/api/models', { token, silent: true, query: { page_size: 1 } })
  return 'admin'
}

export const useLogin = () =>
  useMutation({
    mutationFn: async (token: string) => {
      const kind = await checkToken(token)
      setToken(token)
      return kind
    },
  })
