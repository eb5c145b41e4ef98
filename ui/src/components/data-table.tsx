import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table'
import { ChevronLeft, ChevronRight } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { NativeSelect, NativeSelectOption } from '@/components/ui/native-select'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { useT } from '@/lib/i18n'
import { cn } from '@/lib/utils'

type Props<T> = {
  columns: ColumnDef<T, any>[]
  data: T[]
  /** server-side paging; omit for an unpaged list */
  total?: number
  page?: number
  pageSize?: number
  onPage?: (page: number, pageSize: number) => void
  loading?: boolean
  onRowClick?: (row: T) => void
  rowTestId?: (row: T) => string
}

/** TanStack Table with manual (server-side) pagination. */
export function DataTable<T>({ columns, data, total, page = 1, pageSize = 20, onPage, loading, onRowClick, rowTestId }: Props<T>) {
  const t = useT()
  const pageCount = total == null ? 1 : Math.max(1, Math.ceil(total / pageSize))
  const table = useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    pageCount,
    state: { pagination: { pageIndex: page - 1, pageSize } },
  })
  return (
    <div className="space-y-3">
      <div className="rounded-md border">
        <Table>
          <TableHeader>
            {table.getHeaderGroups().map((hg) => (
              <TableRow key={hg.id}>
                {hg.headers.map((h) => (
                  <TableHead key={h.id}>{h.isPlaceholder ? null : flexRender(h.column.columnDef.header, h.getContext())}</TableHead>
                ))}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {table.getRowModel().rows.length ? (
              table.getRowModel().rows.map((row) => (
                <TableRow
                  key={row.id}
                  data-testid={rowTestId?.(row.original)}
                  className={cn(onRowClick && 'cursor-pointer')}
                  onClick={onRowClick ? () => onRowClick(row.original) : undefined}
                >
                  {row.getVisibleCells().map((cell) => (
                    <TableCell key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</TableCell>
                  ))}
                </TableRow>
              ))
            ) : (
              <TableRow>
                <TableCell colSpan={columns.length} className="text-muted-foreground h-24 text-center">
                  {loading ? t('Loading…') : t('No results.')}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </div>
      {total != null && onPage && (
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
          <span className="text-muted-foreground" data-testid="table-total">
            {t('{n} total', { n: total })}
          </span>
          <div className="flex items-center gap-2">
            <NativeSelect aria-label={t('Rows per page')} value={pageSize} onChange={(e) => onPage(1, Number(e.target.value))}>
              {[10, 20, 50, 100].map((n) => (
                <NativeSelectOption key={n} value={n}>
                  {t('{n} / page', { n })}
                </NativeSelectOption>
              ))}
            </NativeSelect>
            <span>
              {t('Page {p} of {n}', { p: page, n: pageCount })}
            </span>
            <Button variant="outline" size="icon" aria-label={t('Previous page')} disabled={page <= 1} onClick={() => onPage(page - 1, pageSize)}>
              <ChevronLeft />
            </Button>
            <Button variant="outline" size="icon" aria-label={t('Next page')} disabled={page >= pageCount} onClick={() => onPage(page + 1, pageSize)}>
              <ChevronRight />
            </Button>
          </div>
        </div>
      )}
    </div>
  )
}
