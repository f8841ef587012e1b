import { useId, useRef, useState, type ReactNode } from 'react';
import type { Chart as ChartJs, ChartData } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import type { ReportFilter, ReportName } from '../../../shared/reports';
import { call, messageOf } from '../api';
import { barOptions, whiteBackground } from './chart-setup';
import { downloadText, downloadUrl } from './download';

const PLUGINS = [whiteBackground];

/**
 * One report: its heading, a bar chart, the same numbers as a table (for screen readers
 * and for reading exact values), and the two exports.
 */
export function ReportSection(props: {
  report: ReportName;
  title: string;
  filter: ReportFilter;
  /** Null while loading, or when there is nothing to draw. */
  chart: ChartData<'bar'> | null;
  stacked?: boolean;
  loading: boolean;
  error: string | null;
  children: ReactNode;
}) {
  const headingId = useId();
  const chartRef = useRef<ChartJs<'bar'>>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  const exportCsv = async () => {
    setExportError(null);
    try {
      const { filename, csv } = await call('reports.exportCsv', { report: props.report, filter: props.filter });
      downloadText(csv, filename, 'text/csv;charset=utf-8');
    } catch (failure) {
      setExportError(messageOf(failure));
    }
  };
  const exportPng = () => {
    const chart = chartRef.current;
    if (chart) downloadUrl(chart.toBase64Image('image/png'), `fieldline-${props.report}-${new Date().toISOString().slice(0, 10)}.png`);
  };

  return (
    <section className="report" aria-labelledby={headingId} data-report={props.report}>
      <div className="report-header">
        <h2 id={headingId}>{props.title}</h2>
        <div className="report-actions">
          <button type="button" onClick={() => void exportCsv()} aria-label={`Export CSV: ${props.title}`}>
            Export CSV
          </button>
          <button type="button" onClick={exportPng} disabled={!props.chart} aria-label={`Export PNG: ${props.title}`}>
            Export PNG
          </button>
        </div>
      </div>
      {exportError && (
        <p className="error" role="alert">
          {exportError}
        </p>
      )}
      {props.error ? (
        <p className="error" role="alert">
          {props.error}
        </p>
      ) : props.loading ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : null}
      {props.chart && (
        <div className="report-chart">
          {/* The table below carries the same numbers, so the canvas is decoration to a screen reader. */}
          <Bar ref={chartRef} data={props.chart} options={barOptions(props.stacked)} plugins={PLUGINS} aria-hidden="true" />
        </div>
      )}
      {props.children}
    </section>
  );
}
