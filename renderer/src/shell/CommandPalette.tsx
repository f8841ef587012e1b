import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Lead } from '../../../shared/model';
import { STAGE_LABELS } from '../../../shared/pipeline';
import { call, messageOf } from '../api';
import { navigate, openLead, type Route } from '../router';
import { useSession } from '../session';
import { Dialog } from '../ui/Dialog';
import { syncNow } from './sync-now';
import './shell.css';

interface Command {
  id: string;
  label: string;
  /** Other words a person might type for it. */
  words: string;
  keys?: string;
  run: () => void;
}

type Option = { kind: 'command'; command: Command } | { kind: 'lead'; lead: Lead };

const LEAD_LIMIT = 8;

/** Every query word starts some word of the command ("go lea" finds "Go to leads"). */
function matches(command: Command, query: string): boolean {
  const words = `${command.label} ${command.words}`.toLowerCase().split(/\s+/);
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((part) => words.some((word) => word.startsWith(part)));
}

/**
 * Ctrl/⌘ K: find a lead by name, phone or email, or run a command, without the mouse.
 * The input keeps focus; the arrow keys move the active option (aria-activedescendant).
 */
export function CommandPalette(props: {
  onClose: () => void;
  onNewLead: () => void;
  onLogCall: (() => void) | null;
  onShowShortcuts: () => void;
  onImportLeads: () => void;
}) {
  const { onClose, onNewLead, onLogCall, onShowShortcuts, onImportLeads } = props;
  const [query, setQuery] = useState('');
  const [leads, setLeads] = useState<Lead[]>([]);
  // The search the shown leads answer, so "no match" waits for the answer.
  const [answered, setAnswered] = useState('');
  const [searchError, setSearchError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const latestSearch = useRef(0);
  const input = useRef<HTMLInputElement>(null);
  const ids = useId();
  const manager = useSession().user?.role === 'manager';

  // <Dialog> opens in its own effect, which runs before this one, and focuses its Close button.
  useEffect(() => input.current?.focus(), []);

  useEffect(() => {
    const asked = ++latestSearch.current;
    const search = query.trim();
    if (!search) {
      setLeads([]);
      setSearchError(null);
      return;
    }
    // Typing sends one search per key; only the answer to the latest one may show.
    call('leads.list', { search, limit: LEAD_LIMIT }).then(
      (page) => {
        if (asked !== latestSearch.current) return;
        setLeads(page.items);
        setAnswered(search);
        setSearchError(null);
      },
      (failure: unknown) => {
        if (asked === latestSearch.current) setSearchError(messageOf(failure));
      },
    );
  }, [query]);

  const go = (route: Route) => {
    navigate(route);
    onClose();
  };
  // New lead, Log a call, Import and Keyboard shortcuts replace the palette with their own dialog.
  const commands: Command[] = [
    { id: 'new-lead', label: 'New lead', words: 'create add', keys: 'N', run: onNewLead },
    { id: 'import-leads', label: 'Import leads from CSV', words: 'upload file spreadsheet excel', run: onImportLeads },
    ...(onLogCall ? [{ id: 'log-call', label: 'Log a call', words: 'phone record', keys: 'L', run: onLogCall }] : []),
    { id: 'go-board', label: 'Go to board', words: 'pipeline stages kanban', keys: 'G B', run: () => go({ view: 'board' }) },
    { id: 'go-leads', label: 'Go to leads', words: 'table list all', keys: 'G L', run: () => go({ view: 'leads' }) },
    { id: 'go-inbox', label: 'Go to Needs attention', words: 'inbox conflicts refused parked', keys: 'G I', run: () => go({ view: 'inbox' }) },
    { id: 'go-reports', label: 'Go to Reports', words: 'funnel aging activity sources charts', keys: 'G R', run: () => go({ view: 'reports' }) },
    ...(manager
      ? [{ id: 'go-duplicates', label: 'Go to Possible duplicates', words: 'merge same twice double clean', run: () => go({ view: 'duplicates' }) }]
      : []),
    {
      id: 'sync',
      label: 'Sync now',
      words: 'send refresh server',
      run: () => {
        void syncNow();
        onClose();
      },
    },
    { id: 'shortcuts', label: 'Keyboard shortcuts', words: 'help keys', keys: '?', run: onShowShortcuts },
  ];

  const shownCommands = commands.filter((command) => matches(command, query));
  const shownLeads = query.trim() ? leads : [];
  const options: Option[] = [
    ...shownCommands.map((command) => ({ kind: 'command' as const, command })),
    ...shownLeads.map((lead) => ({ kind: 'lead' as const, lead })),
  ];
  const activeIndex = Math.min(active, options.length - 1);
  const optionId = (index: number) => `${ids}-option-${index}`;

  useEffect(() => {
    if (activeIndex >= 0) document.getElementById(optionId(activeIndex))?.scrollIntoView({ block: 'nearest' });
  });

  const run = (option: Option) => {
    if (option.kind === 'command') {
      option.command.run();
    } else {
      openLead(option.lead.id);
      onClose();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing || options.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + options.length) % options.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      run(options[activeIndex]!);
    }
  };

  const renderOption = (option: Option, index: number) => (
    <div
      key={option.kind === 'command' ? option.command.id : option.lead.id}
      id={optionId(index)}
      role="option"
      aria-selected={index === activeIndex}
      className="palette-option"
      // Clicking must not take the focus from the input.
      onMouseDown={(event) => event.preventDefault()}
      onMouseMove={() => index !== activeIndex && setActive(index)}
      onClick={() => run(option)}
    >
      {option.kind === 'command' ? (
        <>
          <span className="palette-label">{option.command.label}</span>
          {option.command.keys && <kbd>{option.command.keys}</kbd>}
        </>
      ) : (
        <>
          <span className="palette-label">{option.lead.name}</span>
          <span className="palette-detail muted">{leadDetail(option.lead)}</span>
        </>
      )}
    </div>
  );

  const listId = `${ids}-list`;
  return (
    <Dialog title="Search and commands" onClose={onClose}>
      <div className="dialog-body palette">
        <label htmlFor={`${ids}-input`} className="sr-only">
          Search or type a command
        </label>
        <input
          id={`${ids}-input`}
          ref={input}
          type="text"
          className="palette-input"
          placeholder="Search leads by name, phone or email, or type a command"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          role="combobox"
          aria-expanded={options.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
        />
        <div id={listId} role="listbox" aria-label="Commands and leads" className="palette-list">
          {shownCommands.length > 0 && (
            <div role="group" aria-label="Commands">
              <div className="palette-group" aria-hidden="true">
                Commands
              </div>
              {shownCommands.map((command, index) => renderOption({ kind: 'command', command }, index))}
            </div>
          )}
          {shownLeads.length > 0 && (
            <div role="group" aria-label="Leads">
              <div className="palette-group" aria-hidden="true">
                Leads
              </div>
              {shownLeads.map((lead, index) => renderOption({ kind: 'lead', lead }, shownCommands.length + index))}
            </div>
          )}
        </div>
        {searchError && (
          <p className="error" role="alert">
            {searchError}
          </p>
        )}
        <p className="sr-only" role="status">
          {query.trim() ? `${options.length} ${options.length === 1 ? 'result' : 'results'}` : ''}
        </p>
        {query.trim() && answered === query.trim() && options.length === 0 && !searchError && <p className="muted">No leads or commands match “{query.trim()}”.</p>}
      </div>
    </Dialog>
  );
}

/** "Viewing · 0100 123 4567": enough to tell two leads of the same name apart. */
function leadDetail(lead: Lead): string {
  const stage = lead.stage === 'closed' && lead.outcome ? `Closed (${lead.outcome})` : STAGE_LABELS[lead.stage];
  const contact = lead.phones[0]?.raw ?? lead.email;
  return [stage, contact, lead.deleted ? 'deleted' : null].filter(Boolean).join(' · ');
}
