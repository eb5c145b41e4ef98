const KEY = 'llmio.token'

export const getToken = () => localStorage.getItem(KEY) ?? ''
export const setToken = (t: string) => localStorage.setItem(KEY, t)
export const clearToken = () => localStorage.removeItem(KEY)
/** An API key (not the admin token) logs into its own usage page only. */
export const isApiKey = (t: string) => t.startsWith('sk-llmio-')
