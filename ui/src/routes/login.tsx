import { Navigate } from 'react-router'
import { LoginForm } from '@/features/auth/components/login-form'
import { useVersion } from '@/features/auth/api/get-version'

export default function LoginRoute() {
  const version = useVersion()
  if (version.data?.auth === false) return <Navigate to="/" replace />
  return (
    <div className="bg-muted/40 flex min-h-svh items-center justify-center p-4">
      <LoginForm />
    </div>
  )
}
