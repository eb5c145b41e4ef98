import * as React from 'react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import { Toaster } from '@/components/ui/sonner'
import { ApiError, setUnauthorizedHandler } from '@/lib/api-client'
import { I18nProvider } from '@/lib/i18n'
import { ThemeProvider } from '@/lib/theme'
import { AppRoutes } from '@/routes'

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: false,
        retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 2,
      },
      mutations: { retry: false },
    },
  })
}

function UnauthorizedRedirect() {
  const navigate = useNavigate()
  React.useEffect(() => setUnauthorizedHandler(() => navigate('/login', { replace: true })), [navigate])
  return null
}

/** Providers and routes; the router itself is supplied by the caller (BrowserRouter, MemoryRouter in tests). */
export function App({ client }: { client?: QueryClient }) {
  const [qc] = React.useState(() => client ?? makeQueryClient())
  return (
    <ThemeProvider>
      <I18nProvider>
        <QueryClientProvider client={qc}>
          <UnauthorizedRedirect />
          <AppRoutes />
          <Toaster richColors position="top-right" />
        </QueryClientProvider>
      </I18nProvider>
    </ThemeProvider>
  )
}
