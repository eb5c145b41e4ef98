import * as React from 'react'
import { NavLink, Outlet } from 'react-router'
import { Activity, BarChart3, Boxes, HeartPulse, KeyRound, Languages, LayoutDashboard, LogOut, Menu, Moon, PanelLeft, ScrollText, Server, Settings, Sun } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { Sheet, SheetContent, SheetTitle } from '@/components/ui/sheet'
import { useI18n } from '@/lib/i18n'
import { useTheme } from '@/lib/theme'
import { cn } from '@/lib/utils'

export type NavItem = { to: string; label: string; icon: React.ComponentType<{ className?: string }> }

export const adminNav: NavItem[] = [
  { to: '/', label: 'Dashboard', icon: LayoutDashboard },
  { to: '/providers', label: 'Providers', icon: Server },
  { to: '/models', label: 'Models', icon: Boxes },
  { to: '/keys', label: 'API keys', icon: KeyRound },
  { to: '/logs', label: 'Logs', icon: ScrollText },
  { to: '/status', label: 'Health', icon: HeartPulse },
  { to: '/settings', label: 'Settings', icon: Settings },
]
export const keyNav: NavItem[] = [{ to: '/usage', label: 'Usage', icon: BarChart3 }]

const COLLAPSE_KEY = 'llmio.sidebar'

function NavList({ items, collapsed, onNavigate }: { items: NavItem[]; collapsed?: boolean; onNavigate?: () => void }) {
  const { t } = useI18n()
  return (
    <nav className="flex flex-col gap-1 p-2" aria-label={t('Main')}>
      {items.map(({ to, label, icon: Icon }) => (
        <NavLink
          key={to}
          to={to}
          end={to === '/'}
          onClick={onNavigate}
          title={collapsed ? t(label) : undefined}
          className={({ isActive }) =>
            cn(
              'hover:bg-sidebar-accent flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors',
              isActive ? 'bg-sidebar-accent text-foreground' : 'text-muted-foreground',
              collapsed && 'justify-center px-2',
            )
          }
        >
          <Icon className="size-4 shrink-0" />
          {!collapsed && <span>{t(label)}</span>}
        </NavLink>
      ))}
    </nav>
  )
}

export function AppShell({ items, footer, onLogout }: { items: NavItem[]; footer?: React.ReactNode; onLogout?: () => void }) {
  const { t, lang, setLang } = useI18n()
  const { theme, toggle } = useTheme()
  const [collapsed, setCollapsed] = React.useState(() => localStorage.getItem(COLLAPSE_KEY) === '1')
  const [mobileOpen, setMobileOpen] = React.useState(false)
  const toggleCollapsed = () => {
    localStorage.setItem(COLLAPSE_KEY, collapsed ? '0' : '1')
    setCollapsed(!collapsed)
  }
  const brand = (
    <div className="flex h-14 items-center gap-2 px-4 font-semibold">
      <Activity className="size-5" />
      {!collapsed && <span>llmio</span>}
    </div>
  )
  return (
    <div className="flex min-h-svh">
      <aside className={cn('bg-sidebar border-sidebar-border sticky top-0 hidden h-svh shrink-0 flex-col border-r transition-[width] md:flex', collapsed ? 'w-14' : 'w-56')}>
        {brand}
        <NavList items={items} collapsed={collapsed} />
        <div className="text-muted-foreground mt-auto p-3 text-xs">{!collapsed && footer}</div>
      </aside>
      <Sheet open={mobileOpen} onOpenChange={setMobileOpen}>
        <SheetContent side="left" className="bg-sidebar w-64 p-0">
          <SheetTitle className="sr-only">{t('Navigation')}</SheetTitle>
          <div className="flex h-14 items-center gap-2 px-4 font-semibold">
            <Activity className="size-5" /> llmio
          </div>
          <NavList items={items} onNavigate={() => setMobileOpen(false)} />
        </SheetContent>
      </Sheet>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="bg-background/95 sticky top-0 z-40 flex h-14 items-center gap-2 border-b px-4 backdrop-blur">
          <Button variant="ghost" size="icon" className="md:hidden" aria-label={t('Open menu')} onClick={() => setMobileOpen(true)}>
            <Menu />
          </Button>
          <Button variant="ghost" size="icon" className="hidden md:inline-flex" aria-label={t('Toggle sidebar')} onClick={toggleCollapsed}>
            <PanelLeft />
          </Button>
          <div className="ml-auto flex items-center gap-1">
            <Button variant="ghost" size="sm" aria-label={t('Language')} data-testid="lang-toggle" onClick={() => setLang(lang === 'en' ? 'zh' : 'en')}>
              <Languages /> {lang === 'en' ? '中文' : 'English'}
            </Button>
            <Button variant="ghost" size="icon" aria-label={t('Toggle theme')} data-testid="theme-toggle" onClick={toggle}>
              {theme === 'dark' ? <Sun /> : <Moon />}
            </Button>
            {onLogout && (
              <Button variant="ghost" size="icon" aria-label={t('Sign out')} onClick={onLogout}>
                <LogOut />
              </Button>
            )}
          </div>
        </header>
        <main className="mx-auto w-full max-w-7xl flex-1 space-y-6 p-4 md:p-6">
          <React.Suspense fallback={<div className="text-muted-foreground text-sm">…</div>}>
            <Outlet />
          </React.Suspense>
        </main>
      </div>
    </div>
  )
}
