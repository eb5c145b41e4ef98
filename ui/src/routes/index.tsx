import { lazy } from 'react'
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router'
import { AppShell, adminNav, keyNav } from '@/components/layout/app-shell'
import { useVersion } from '@/features/auth/api/get-version'
import { clearToken, getToken, isApiKey } from '@/lib/auth'
import LoginRoute from './login'

// one chunk per page; recharts only loads with the pages that chart
const DashboardRoute = lazy(() => import('./dashboard'))
const ProvidersRoute = lazy(() => import('./providers'))
const ModelsRoute = lazy(() => import('./models'))
const ModelDetailRoute = lazy(() => import('./model-detail'))
const KeysRoute = lazy(() => import('./keys'))
const LogsRoute = lazy(() => import('./logs'))
const HealthRoute = lazy(() => import('./health'))
const SettingsRoute = lazy(() => import('./settings'))
const UsageRoute = lazy(() => import('./usage'))

/** Admin pages need the admin token unless the server runs without one; an API key sees /usage only. */
function Guard({ mode }: { mode: 'admin' | 'key' }) {
  const version = useVersion()
  const location = useLocation()
  const navigate = useNavigate()
  const token = getToken()
  if (version.isPending) return null
  const open = version.data?.auth === false
  if (mode === 'admin') {
    if (token && isApiKey(token)) return <Navigate to="/usage" replace />
    if (!token && !open) return <Navigate to="/login" replace state={{ from: location.pathname }} />
  } else if (!token || !isApiKey(token)) {
    return <Navigate to={token || open ? '/' : '/login'} replace />
  }
  const logout = () => {
    clearToken()
    navigate('/login', { replace: true })
  }
  const footer = version.data ? `v${version.data.version} · ${version.data.database}` : null
  return <AppShell items={mode === 'admin' ? adminNav : keyNav} footer={footer} onLogout={token ? logout : undefined} />
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginRoute />} />
      <Route element={<Guard mode="admin" />}>
        <Route index element={<DashboardRoute />} />
        <Route path="providers" element={<ProvidersRoute />} />
        <Route path="models" element={<ModelsRoute />} />
        <Route path="models/:id" element={<ModelDetailRoute />} />
        <Route path="keys" element={<KeysRoute />} />
        <Route path="logs" element={<LogsRoute />} />
        {/* not /health: that path is the server's own health endpoint */}
        <Route path="status" element={<HealthRoute />} />
        <Route path="settings" element={<SettingsRoute />} />
      </Route>
      <Route element={<Guard mode="key" />}>
        <Route path="usage" element={<UsageRoute />} />
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  )
}
