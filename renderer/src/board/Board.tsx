import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type Active,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LeadPage } from '../../../shared/contract';
import type { Lead, StageCounts } from '../../../shared/model';
import { isStage, STAGE_LABELS, STAGES, type ClosedOutcome, type Stage } from '../../../shared/pipeline';
import { call, CrmError, messageOf, useCrmEvent } from '../api';
import { CloseLeadDialog } from '../lead/CloseLeadDialog';
import { openLead } from '../router';
import { announcements, DRAG_KEYS, jumpToNeighbourColumn, screenReaderInstructions, type CardDragData } from './board-keyboard';
import { appendPage, emptyColumns, movedLead, placeLead, removeLead, restoreLead, shiftCount, type Columns } from './board-state';
import { BoardColumn, type ColumnHandle } from './BoardColumn';
import { CardBody, type CardHandlers } from './LeadCard';
import './board.css';

const PAGE_SIZE = 50;
/** Up to this many changed leads are fetched one by one; more (an import, a big sync) reloads the loaded ranges. */
const TARGETED_REFRESH_MAX = 100;
/** Largest page the contract allows, used when reloading everything a column has loaded. */
const RELOAD_PAGE = 1000;

/** A refresh waiting to run: leads to re-read, or every loaded range. Counts are always re-read. */
interface RefreshJob {
  ids: Set<string>;
  everything: boolean;
}

/**
 * Bookkeeping that decides whether an answer from the core is still current. `epoch` moves
 * whenever the board's contents change underneath a request (a move starts or lands, a
 * refresh is applied); an answer fetched in an older epoch is thrown away and asked again,
 * so a slow read never undoes a card the user has just moved.
 */
interface SyncState {
  alive: boolean;
  epoch: number;
  movesInFlight: number;
  loading: Set<Stage>;
  pending: RefreshJob | null;
  refreshing: boolean;
}

const leadOf = (active: Active | null): Lead | null => (active?.data.current as CardDragData | undefined)?.lead ?? null;

/** The pointer decides the column while the mouse drags; the card's rectangle while the keyboard does. */
const detectColumn: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length > 0 ? hits : rectIntersection(args);
};

const noCurrent = (): Record<Stage, string | null> => Object.fromEntries(STAGES.map((s) => [s, null])) as Record<Stage, string | null>;

/** Whole days are all the board shows, so a coarse clock is enough. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * The pipeline board: one column per stage with counts from SQL, cards paged in as the user
 * scrolls (virtualised, so a column of 60,000 leads stays fast), and moves by drag and drop
 * or keyboard that show at once and are written to the local store right after.
 */
export function Board({ onSelectLead }: { onSelectLead: (id: string | null) => void }) {
  const [columns, setColumns] = useState<Columns>(emptyColumns);
  const [counts, setCounts] = useState<StageCounts | null>(null);
  const [currentIds, setCurrentIds] = useState(noCurrent);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dragging, setDragging] = useState<Lead | null>(null);
  const [closing, setClosing] = useState<Lead | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // A card to give keyboard focus after this render (it may have just changed columns).
  const [focusTarget, setFocusTarget] = useState<{ id: string } | null>(null);
  const now = useNow(5 * 60_000);

  // The columns as of the last change, readable from async code and stable handlers.
  const columnsRef = useRef(columns);
  const sync = useRef<SyncState>({ alive: true, epoch: 0, movesInFlight: 0, loading: new Set(), pending: null, refreshing: false });
  const handles = useRef<Partial<Record<Stage, ColumnHandle>>>({});
  const focusRequest = useRef<string | null>(null);
  const draggingRef = useRef(false);
  const keyboardDrag = useRef(false);
  const selectLead = useRef(onSelectLead);
  useEffect(() => {
    selectLead.current = onSelectLead;
  }, [onSelectLead]);

  const commit = useCallback((next: Columns) => {
    columnsRef.current = next;
    setColumns(next);
  }, []);

  const loadMore = useCallback(
    (stage: Stage) => {
      const s = sync.current;
      const column = columnsRef.current[stage];
      if (s.loading.has(stage) || (column.loaded && column.nextCursor === null)) return;
      s.loading.add(stage);
      const epoch = s.epoch;
      const cursor = column.loaded ? column.nextCursor : null;
      call('leads.list', { stage, sort: 'updated', limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }).then(
        (page) => {
          s.loading.delete(stage);
          if (!s.alive) return;
          // The column changed while this page was on its way: its cursor may be stale.
          if (epoch !== s.epoch) return loadMore(stage);
          commit({ ...columnsRef.current, [stage]: appendPage(columnsRef.current[stage], page.items, page.nextCursor) });
        },
        (error: unknown) => {
          s.loading.delete(stage);
          if (s.alive) setFailure(`The ${STAGE_LABELS[stage]} column could not load: ${messageOf(error)}`);
        },
      );
    },
    [commit],
  );

  /** Re-reads the given leads and puts each where it now belongs. */
  const readLeads = useCallback(async (ids: string[]) => {
    const leads = await Promise.all(
      ids.map((id) =>
        call('leads.get', { id }).catch((error: unknown) => {
          if (error instanceof CrmError && error.code === 'not_found') return null;
          throw error;
        }),
      ),
    );
    return (board: Columns) => leads.reduce((next, lead, i) => (lead ? placeLead(next, lead) : removeLead(next, ids[i]!)), board);
  }, []);

  /** Re-reads as many leads per column as are loaded now, so the scroll position stays put. */
  const readLoadedRanges = useCallback(async () => {
    const reloaded = await Promise.all(
      STAGES.map(async (stage) => {
        const wanted = Math.max(PAGE_SIZE, columnsRef.current[stage].items.length);
        const items: Lead[] = [];
        let cursor: string | null = null;
        do {
          const page: LeadPage = await call('leads.list', {
            stage,
            sort: 'updated',
            limit: Math.min(RELOAD_PAGE, wanted - items.length),
            ...(cursor ? { cursor } : {}),
          });
          items.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor && items.length < wanted);
        return [stage, { items, nextCursor: cursor, loaded: true }] as const;
      }),
    );
    return () => Object.fromEntries(reloaded) as Columns;
  }, []);

  const drain = useCallback(async () => {
    const s = sync.current;
    // A move in flight would make any read stale; the move's landing drains again.
    if (s.refreshing || s.movesInFlight > 0) return;
    s.refreshing = true;
    try {
      while (s.pending && s.movesInFlight === 0 && s.alive) {
        const job = s.pending;
        s.pending = null;
        const epoch = s.epoch;
        try {
          const [freshCounts, apply] = await Promise.all([
            call('leads.countByStage', {}),
            job.everything ? readLoadedRanges() : readLeads([...job.ids]),
          ]);
          if (epoch !== s.epoch) {
            s.pending = mergeJobs(job, s.pending);
            continue;
          }
          setCounts(freshCounts);
          const next = apply(columnsRef.current);
          if (next !== columnsRef.current) {
            s.epoch += 1;
            commit(next);
          }
        } catch (error) {
          if (s.alive) setFailure(`The board could not refresh: ${messageOf(error)}`);
        }
      }
    } finally {
      s.refreshing = false;
    }
  }, [commit, readLeads, readLoadedRanges]);

  const refresh = useCallback(
    (ids: readonly string[] | 'everything') => {
      const s = sync.current;
      s.pending = mergeJobs(
        ids === 'everything' ? { ids: new Set(), everything: true } : { ids: new Set(ids), everything: false },
        s.pending,
      );
      void drain();
    },
    [drain],
  );

  useEffect(() => {
    const s = sync.current;
    s.alive = true;
    for (const stage of STAGES) loadMore(stage);
    refresh([]);
    return () => {
      s.alive = false;
      selectLead.current(null);
    };
  }, [loadMore, refresh]);

  useCrmEvent('leadsChanged', ({ ids }) => refresh(ids.length > 0 ? ids : 'everything'));

  /** Shows the move at once, then writes it; puts the card back if the core refuses. */
  const move = useCallback(
    (lead: Lead, to: Stage, outcome: ClosedOutcome | null, lostReason: string | null) => {
      const s = sync.current;
      s.epoch += 1;
      s.movesInFlight += 1;
      const index = columnsRef.current[lead.stage].items.findIndex((item) => item.id === lead.id);
      commit(placeLead(columnsRef.current, movedLead(lead, to, outcome, lostReason, new Date().toISOString())));
      setCounts((c) => c && shiftCount(c, lead.stage, to));
      setFailure(null);
      call('leads.moveToStage', { id: lead.id, stage: to, outcome, lostReason })
        .then(
          (saved) => commit(placeLead(columnsRef.current, saved)),
          (error: unknown) => {
            commit(index >= 0 ? restoreLead(columnsRef.current, lead, index) : placeLead(columnsRef.current, lead));
            setCounts((c) => c && shiftCount(c, to, lead.stage));
            setFailure(`${lead.name} could not move to ${STAGE_LABELS[to]}: ${messageOf(error)}`);
          },
        )
        .finally(() => {
          s.movesInFlight -= 1;
          s.epoch += 1;
          refresh([]);
        });
    },
    [commit, refresh],
  );

  const focusCard = useCallback((stage: Stage, index: number) => {
    handles.current[stage]?.focusIndex(index);
  }, []);

  // After a keyboard move or the close dialog, focus follows the card to where it now is.
  useEffect(() => {
    if (!focusTarget) return;
    for (const stage of STAGES) {
      const index = columnsRef.current[stage].items.findIndex((lead) => lead.id === focusTarget.id);
      if (index >= 0) focusCard(stage, index);
    }
  }, [focusTarget, focusCard]);

  const handlers = useMemo<CardHandlers>(
    () => ({
      onFocus(lead) {
        focusRequest.current = null;
        setSelectedId(lead.id);
        setCurrentIds((ids) => (ids[lead.stage] === lead.id ? ids : { ...ids, [lead.stage]: lead.id }));
        selectLead.current(lead.id);
      },
      onKeyDown(event, lead, index) {
        // While a card is lifted, the keys belong to dnd-kit's keyboard sensor.
        if (draggingRef.current || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
        const stage = lead.stage;
        const column = columnsRef.current[stage];
        switch (event.key) {
          case 'Enter':
            openLead(lead.id);
            break;
          case 'ArrowDown':
            focusCard(stage, Math.min(index + 1, column.items.length - 1));
            break;
          case 'ArrowUp':
            focusCard(stage, Math.max(index - 1, 0));
            break;
          case 'Home':
            focusCard(stage, 0);
            break;
          case 'End':
            focusCard(stage, column.items.length - 1);
            break;
          case 'ArrowLeft':
          case 'ArrowRight': {
            const step = event.key === 'ArrowLeft' ? -1 : 1;
            // The nearest column that has cards, at the same position (or its last card).
            for (let i = STAGES.indexOf(stage) + step; i >= 0 && i < STAGES.length; i += step) {
              const target = STAGES[i]!;
              const length = columnsRef.current[target].items.length;
              if (length > 0) {
                focusCard(target, Math.min(index, length - 1));
                break;
              }
            }
            break;
          }
          default:
            return;
        }
        event.preventDefault();
      },
    }),
    [focusCard],
  );

  const register = useCallback((stage: Stage, handle: ColumnHandle | null) => {
    if (handle) handles.current[stage] = handle;
    else delete handles.current[stage];
  }, []);

  const sensors = useSensors(
    // A press becomes a drag only after 5px, so a plain click still opens the lead.
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { keyboardCodes: DRAG_KEYS, coordinateGetter: jumpToNeighbourColumn }),
  );

  const onDragStart = ({ active, activatorEvent }: DragStartEvent) => {
    draggingRef.current = true;
    keyboardDrag.current = activatorEvent instanceof KeyboardEvent;
    setDragging(leadOf(active));
  };
  const endDrag = () => {
    draggingRef.current = false;
    setDragging(null);
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    endDrag();
    const lead = leadOf(active);
    const to = over?.id;
    if (!lead || !isStage(to) || to === lead.stage) return;
    if (to === 'closed') setClosing(lead);
    else move(lead, to, null, null);
    // The keyboard user keeps working with the card they moved.
    if (keyboardDrag.current && to !== 'closed') setFocusTarget({ id: lead.id });
  };

  return (
    <div className="board">
      {failure && (
        <div className="board-failure" role="alert">
          <span>{failure}</span>
          <button type="button" onClick={() => setFailure(null)}>
            Dismiss
          </button>
        </div>
      )}
      <DndContext
        sensors={sensors}
        collisionDetection={detectColumn}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={endDrag}
        accessibility={{ announcements, screenReaderInstructions }}
      >
        <div className="board-columns">
          {STAGES.map((stage) => (
            <BoardColumn
              key={stage}
              stage={stage}
              column={columns[stage]}
              count={counts ? counts[stage] : null}
              now={now}
              currentId={currentIds[stage]}
              selectedId={selectedId}
              draggingId={dragging?.stage === stage ? dragging.id : null}
              focusRequest={focusRequest}
              handlers={handlers}
              onNeedMore={loadMore}
              register={register}
            />
          ))}
        </div>
        {/* Drawn at the pointer; dropping lands the card where it belongs at once, so no fly-back animation. */}
        <DragOverlay dropAnimation={null}>
          {dragging && (
            <div className="card card-overlay">
              <CardBody lead={dragging} now={now} />
            </div>
          )}
        </DragOverlay>
      </DndContext>
      {closing && (
        <CloseLeadDialog
          leadName={closing.name}
          onCancel={() => {
            setClosing(null);
            setFocusTarget({ id: closing.id });
          }}
          onConfirm={(outcome, lostReason) => {
            setClosing(null);
            move(closing, 'closed', outcome, lostReason);
            setFocusTarget({ id: closing.id });
          }}
        />
      )}
    </div>
  );
}

function mergeJobs(job: RefreshJob, other: RefreshJob | null): RefreshJob {
  const ids = other ? new Set([...job.ids, ...other.ids]) : job.ids;
  return { ids, everything: job.everything || Boolean(other?.everything) || ids.size > TARGETED_REFRESH_MAX };
}
