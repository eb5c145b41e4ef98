import { DashboardPage } from '@/features/dashboard/components/dashboard-page'

export default function Route() {
  return <DashboardPage />
}
