import { ModelDetailPage } from '@/features/models/components/model-detail-page'

export default function Route() {
  return <ModelDetailPage />
}
