import { GENERATE_JOB, type ReportDeps } from './report.run.js';
import * as repo from './reports.repository.js';
import { nextSlot } from './schedule.timing.js';

/**
 * Turn due schedule slots into report runs. Safe to run in every worker at once: due rows are locked
 * with SKIP LOCKED, the run row is unique per (schedule, slot), and its generate job is enqueued in the
 * same transaction, so each slot yields exactly one run and one job whatever the number of workers.
 * Slots missed while no worker ran collapse into one run (the latest), not a burst of stale reports.
 */
export async function runDueSchedules(deps: ReportDeps, now = new Date()): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const due = await repo.lockDueSchedules(tx, now);
    if (due.length === 0) return 0;
    const zones = await repo.timeZonesOf(tx, [...new Set(due.map((s) => s.tenant_id))]);
    let created = 0;
    for (const s of due) {
      const tz = zones.get(s.tenant_id) ?? 'UTC';
      let slot = s.next_run_at as Date;
      for (let next = nextSlot(s, tz, slot); next <= now; next = nextSlot(s, tz, slot)) slot = next;
      const request = s.request as {
        report_type: repo.ReportRow['report_type'];
        format: repo.ReportRow['format'];
        title?: string | null;
      };
      const run = await repo.insertReport(tx, s.tenant_id, {
        report_type: request.report_type,
        format: request.format,
        title: request.title || s.name,
        request: s.request,
        requested_by_type: 'schedule',
        requested_by: s.created_by,
        role: s.owner_role,
        schedule_id: s.id,
        slot_at: slot,
        recipients: s.recipients,
      });
      if (run) {
        await deps.jobs.enqueue(
          GENERATE_JOB,
          { tenant_id: s.tenant_id, report_id: run.id },
          { tx, retryLimit: 3 },
        );
        created++;
      }
      await repo.advanceSchedule(tx, s.tenant_id, s.id, slot, nextSlot(s, tz, now));
    }
    return created;
  });
}
