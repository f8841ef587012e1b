import type { ClientDatabase } from '../db/schema';
import type { SqlStore } from '../db/sql-store';
import { reportCsv } from '../../shared/report-csv';
import type { ReportCsv, ReportFilter, ReportName, ReportOf } from '../../shared/reports';
import { activityReport } from './activity';
import { agingReport } from './aging';
import { funnelReport } from './funnel';
import { sourcesReport } from './sources';

const REPORTS: { [R in ReportName]: (store: SqlStore<ClientDatabase>, filter: ReportFilter, now: Date) => ReportOf[R] } = {
  funnel: funnelReport,
  aging: agingReport,
  activity: activityReport,
  sources: sourcesReport,
};

/** The four pipeline reports over the local database, read-only, each a few SQL queries. */
export class PipelineReports {
  constructor(
    private readonly store: SqlStore<ClientDatabase>,
    private readonly now: () => Date,
  ) {}

  report<R extends ReportName>(name: R, filter: ReportFilter): ReportOf[R] {
    return REPORTS[name](this.store, filter, this.now());
  }

  /** The report's rows as CSV, safe to open in a spreadsheet. */
  exportCsv(name: ReportName, filter: ReportFilter): ReportCsv {
    return reportCsv(name, this.report(name, filter));
  }
}
