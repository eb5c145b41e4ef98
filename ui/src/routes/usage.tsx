import { UsagePage } from '@/features/usage/components/usage-page'

export default function Route() {
  return <UsagePage />
}
