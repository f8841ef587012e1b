import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { MenuCommand, Session } from '../../shared/contract';
import { call, useCrmEvent } from './api';
import { Board } from './board/Board';
import { ImportWizard } from './import/ImportWizard';
import { LeadWorkspace } from './lead/LeadWorkspace';
import { LogCallDialog } from './lead/LogCallDialog';
import { NewLeadDialog } from './lead/NewLeadDialog';
import { Reports } from './reports/Reports';
import { navigate, useRoute, type Route } from './router';
import { SessionContext } from './session';
import { CommandPalette } from './shell/CommandPalette';
import { Inbox } from './shell/Inbox';
import { showPageReminder } from './shell/page-reminders';
import { isTyping } from './shell/shortcuts';
import { ShortcutsHelp } from './shell/ShortcutsHelp';
import { SignIn } from './shell/SignIn';
import { StatusBar } from './shell/StatusBar';
import { UserMenu } from './shell/UserMenu';
import { LeadsTable } from './table/LeadsTable';

// Managers only, and it brings the phone normaliser (libphonenumber's metadata): loaded when opened.
const PossibleDuplicates = lazy(() => import('./duplicates/PossibleDuplicates').then((m) => ({ default: m.PossibleDuplicates })));

type Overlay = { kind: 'none' } | { kind: 'newLead' } | { kind: 'logCall'; leadId: string } | { kind: 'palette' } | { kind: 'shortcuts' } | { kind: 'importLeads' };

/** The app shell: sign-in gate, navigation, the current view, the status bar, and global shortcuts. */
export function App() {
  const [session, setSession] = useState<Session | null>(null);
  useEffect(() => {
    void call('session.current', {}).then(setSession);
  }, []);
  useCrmEvent('sessionChanged', setSession);

  if (!session) return <div className="loading" role="status">Opening Fieldline…</div>;
  if (!session.signedIn) return <SignIn onSignedIn={setSession} />;
  return (
    <SessionContext.Provider value={session}>
      <SignedIn session={session} />
    </SessionContext.Provider>
  );
}

function SignedIn({ session }: { session: Session }) {
  const route = useRoute();
  const [overlay, setOverlay] = useState<Overlay>({ kind: 'none' });
  // The lead the board or table has selected, so `L` knows which lead to call.
  const [selectedLeadId, setSelectedLeadId] = useState<string | null>(null);
  const pendingG = useRef(false);
  const currentLeadId = route.view === 'lead' ? route.id : selectedLeadId;
  const close = useCallback(() => setOverlay({ kind: 'none' }), []);
  useCrmEvent('followUpDue', showPageReminder);
  // The desktop menu runs the same actions as the shortcuts it lists.
  useCrmEvent('menu', ({ command }) => {
    const actions: Record<MenuCommand, () => void> = {
      newLead: () => setOverlay({ kind: 'newLead' }),
      logCall: () => currentLeadId && setOverlay({ kind: 'logCall', leadId: currentLeadId }),
      search: () => setOverlay({ kind: 'palette' }),
      goToBoard: () => navigate({ view: 'board' }),
      goToLeads: () => navigate({ view: 'leads' }),
      goToAttention: () => navigate({ view: 'inbox' }),
      goToReports: () => navigate({ view: 'reports' }),
      showShortcuts: () => setOverlay({ kind: 'shortcuts' }),
    };
    actions[command]();
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setOverlay({ kind: 'palette' });
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isTyping(event.target) || document.querySelector('dialog[open]')) return;
      const key = event.key;
      if (pendingG.current) {
        pendingG.current = false;
        const to: Record<string, Route> = { b: { view: 'board' }, l: { view: 'leads' }, i: { view: 'inbox' }, r: { view: 'reports' } };
        const route = to[key.toLowerCase()];
        if (route) {
          event.preventDefault();
          navigate(route);
        }
        return;
      }
      if (key === 'g') pendingG.current = true;
      else if (key === 'n' || key === 'N') {
        event.preventDefault();
        setOverlay({ kind: 'newLead' });
      } else if ((key === 'l' || key === 'L') && currentLeadId) {
        event.preventDefault();
        setOverlay({ kind: 'logCall', leadId: currentLeadId });
      } else if (key === '?') {
        event.preventDefault();
        setOverlay({ kind: 'shortcuts' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [currentLeadId]);

  const section = route.view === 'lead' ? route.from : route.view;
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Fieldline</span>
        <nav aria-label="Views">
          {(
            [
              ['board', 'Board'],
              ['leads', 'Leads'],
              ['inbox', 'Needs attention'],
              ['reports', 'Reports'],
              // Merging is a manager's call: only they get the list.
              ...(session.user?.role === 'manager' ? [['duplicates', 'Possible duplicates'] as const] : []),
            ] as const
          ).map(([view, label]) => (
            <a key={view} href={`#/${view}`} aria-current={section === view ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <button type="button" className="primary" onClick={() => setOverlay({ kind: 'newLead' })}>
          New lead <kbd>N</kbd>
        </button>
        <button type="button" onClick={() => setOverlay({ kind: 'importLeads' })}>
          Import CSV
        </button>
        <button type="button" onClick={() => setOverlay({ kind: 'palette' })} aria-label="Search and commands (Ctrl+K)">
          Search <kbd>Ctrl K</kbd>
        </button>
        <button type="button" onClick={() => setOverlay({ kind: 'shortcuts' })} aria-label="Keyboard shortcuts">
          ?
        </button>
        <UserMenu session={session} />
      </header>
      <main className="content">
        {route.view === 'board' && <Board onSelectLead={setSelectedLeadId} />}
        {route.view === 'leads' && <LeadsTable onSelectLead={setSelectedLeadId} />}
        {route.view === 'inbox' && <Inbox />}
        {route.view === 'reports' && <Reports />}
        {route.view === 'duplicates' && (
          <Suspense fallback={<p className="loading" role="status">Opening Possible duplicates…</p>}>
            <PossibleDuplicates />
          </Suspense>
        )}
        {route.view === 'lead' && (
          <LeadWorkspace
            key={route.id}
            id={route.id}
            onLogCall={() => setOverlay({ kind: 'logCall', leadId: route.id })}
            onClose={() => navigate({ view: route.from })}
          />
        )}
      </main>
      <StatusBar />
      {overlay.kind === 'newLead' && <NewLeadDialog onClose={close} />}
      {overlay.kind === 'logCall' && <LogCallDialog leadId={overlay.leadId} onClose={close} />}
      {overlay.kind === 'palette' && (
        <CommandPalette
          onClose={close}
          onNewLead={() => setOverlay({ kind: 'newLead' })}
          onLogCall={currentLeadId ? () => setOverlay({ kind: 'logCall', leadId: currentLeadId }) : null}
          onShowShortcuts={() => setOverlay({ kind: 'shortcuts' })}
          onImportLeads={() => setOverlay({ kind: 'importLeads' })}
        />
      )}
      {overlay.kind === 'shortcuts' && <ShortcutsHelp onClose={close} />}
      {overlay.kind === 'importLeads' && <ImportWizard onClose={close} />}
    </div>
  );
}
