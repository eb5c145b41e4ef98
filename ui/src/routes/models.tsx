import { ModelsPage } from '@/features/models/components/models-page'

export default function Route() {
  return <ModelsPage />
}
