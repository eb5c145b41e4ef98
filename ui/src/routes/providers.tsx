import { ProvidersPage } from '@/features/providers/components/providers-page'

export default function Route() {
  return <ProvidersPage />
}
