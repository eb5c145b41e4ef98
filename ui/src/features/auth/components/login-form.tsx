import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { z } from 'zod'
import { useNavigate } from 'react-router'
import { KeyRound } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { ApiError } from '@/lib/api-client'
import { useT } from '@/lib/i18n'
import { useLogin } from '../api/check-token'

const schema = z.object({ token: z.string().trim().min(1, 'Enter the admin token or an API key') })

export function LoginForm() {
  const t = useT()
  const navigate = useNavigate()
  const login = useLogin()
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema), defaultValues: { token: '' } })
  const submit = form.handleSubmit(async ({ token }) => {
    try {
      const kind = await login.mutateAsync(token)
      navigate(kind === 'key' ? '/usage' : '/', { replace: true })
    } catch (e) {
      const msg = e instanceof ApiError && (e.status === 401 || e.status === 403) ? t('Invalid token') : (e as Error).message
      form.setError('token', { message: msg })
    }
  })
  const err = form.formState.errors.token?.message
  return (
    <Card className="w-full max-w-sm">
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-xl">
          <KeyRound className="size-5" /> llmio
        </CardTitle>
        <CardDescription>{t('Sign in with the admin token, or an API key to see its usage.')}</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <div className="space-y-2">
            <Label htmlFor="token">{t('Token')}</Label>
            <Input id="token" type="password" autoComplete="current-password" aria-invalid={!!err} {...form.register('token')} />
            {err && (
              <p role="alert" className="text-destructive text-sm">
                {t(err)}
              </p>
            )}
          </div>
          <Button type="submit" className="w-full" disabled={login.isPending}>
            {t('Sign in')}
          </Button>
        </form>
      </CardContent>
    </Card>
  )
}
