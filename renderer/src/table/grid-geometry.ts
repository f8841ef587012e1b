/** Fixed heights (px), matching LeadsTable.css: fixed rows let the virtualizer place 100K rows without measuring. */
export const ROW_HEIGHT = 36;
export const HEADER_HEIGHT = 36;

/** How many rows reach down to the bottom of the visible part of the grid. */
export function rowsToViewportEnd(grid: HTMLElement | null): number {
  return grid ? Math.ceil((grid.scrollTop + grid.clientHeight) / ROW_HEIGHT) : 0;
}
