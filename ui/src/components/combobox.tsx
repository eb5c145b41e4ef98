import * as React from 'react'
import { useCommandState } from 'cmdk'
import { Command, CommandItem, CommandList } from '@/components/ui/command'
import { Input } from '@/components/ui/input'
import { Popover, PopoverAnchor, PopoverContent } from '@/components/ui/popover'
import { cn } from '@/lib/utils'

type Props = {
  value: string
  onChange: (v: string) => void
  options: string[]
  placeholder?: string
  id?: string
  loading?: boolean
}

/**
 * Text input with a filtered suggestion list; free text is allowed. Arrow keys (Home/End once in
 * the list) move through the suggestions, Enter picks the highlighted one, Escape closes the list.
 * Until an arrow key is pressed, Enter keeps the typed text (and submits the form as usual).
 */
export function Combobox(props: Props) {
  const [active, setActive] = React.useState('')
  return (
    <Command shouldFilter={false} loop value={active} onValueChange={setActive} className="overflow-visible bg-transparent">
      <ComboboxBody {...props} setActive={setActive} />
    </Command>
  )
}

function ComboboxBody({ value, onChange, options, placeholder, id, loading, setActive }: Props & { setActive: (v: string) => void }) {
  const [open, setOpen] = React.useState(false)
  // true once the user moves through the list with the keyboard: only then does Enter pick an option
  const [navigating, setNavigating] = React.useState(false)
  const activeValue = useCommandState((s) => s.value)
  const list = React.useRef<HTMLDivElement>(null)
  const [activeId, setActiveId] = React.useState<string>()
  const filtered = React.useMemo(() => {
    const q = value.toLowerCase()
    return options.filter((o) => o.toLowerCase().includes(q)).slice(0, 50)
  }, [options, value])
  const shown = open && (filtered.length > 0 || !!loading)
  React.useLayoutEffect(() => {
    setActiveId(list.current?.querySelector('[cmdk-item][aria-selected="true"]')?.id)
  }, [activeValue, shown, filtered])

  const close = () => {
    setOpen(false)
    setNavigating(false)
  }
  const pick = (o: string) => {
    onChange(o)
    close()
  }
  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    const arrow = e.key === 'ArrowDown' || e.key === 'ArrowUp'
    if (e.key === 'Escape') {
      close()
    } else if (!shown || filtered.length === 0) {
      if (arrow) setOpen(true)
      e.stopPropagation() // the list's own handling would swallow Enter (the form's submit)
    } else if (!navigating) {
      if (arrow) {
        e.preventDefault()
        setNavigating(true)
        setActive(e.key === 'ArrowDown' ? filtered[0] : filtered[filtered.length - 1])
      } else {
        e.stopPropagation() // Enter, Home, End act on the text as in a plain input
      }
    }
  }

  return (
    <Popover open={shown} onOpenChange={(o) => (o ? setOpen(true) : close())}>
      <PopoverAnchor asChild>
        <Input
          id={id}
          role="combobox"
          aria-expanded={shown}
          aria-autocomplete="list"
          aria-activedescendant={shown && navigating ? activeId : undefined}
          autoComplete="off"
          value={value}
          placeholder={placeholder}
          onFocus={() => setOpen(true)}
          onChange={(e) => {
            onChange(e.target.value)
            setOpen(true)
            setNavigating(false)
          }}
          onKeyDown={onKeyDown}
        />
      </PopoverAnchor>
      <PopoverContent className="w-(--radix-popover-trigger-width) p-1" align="start" onOpenAutoFocus={(e) => e.preventDefault()}>
        <CommandList ref={list} className="max-h-64">
          {loading && <div className="text-muted-foreground px-2 py-1.5 text-sm">…</div>}
          {filtered.map((o) => (
            <CommandItem
              key={o}
              value={o}
              onSelect={() => pick(o)}
              className={cn('hover:bg-accent', !navigating && 'data-[selected=true]:bg-transparent data-[selected=true]:text-current', o === value && 'font-medium')}
            >
              {o}
            </CommandItem>
          ))}
        </CommandList>
      </PopoverContent>
    </Popover>
  )
}
