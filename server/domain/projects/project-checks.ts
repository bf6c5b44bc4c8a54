/** What a project's stage dates and obstacles must satisfy, checked before anything is written. */
import {
  PROJECT_STAGES,
  projectStageCatalog,
  stageIndex,
  type ProjectStage,
} from './project-stages.ts';
import { formatDateVi } from '../dates.ts';
import { DomainError } from '../errors.ts';
import { checkRecordDate } from '../record-dates.ts';
import type { Obstacle, ObstacleInput, StageDates } from './project.ts';

const label = (s: ProjectStage) => projectStageCatalog[s].label;

function invalid(field: string, vi: string, en: string): DomainError {
  return new DomainError('VALIDATION_FAILED', { vi, en }, { field });
}

/**
 * Dates only for the stages reached, the current one's among them, none in the future, none
 * before an earlier stage's, and none before records were kept (EARLIEST_RECORD_DATE).
 */
export function checkStageDates(stage: ProjectStage, dates: StageDates, today: string): void {
  const field = (s: string) => `properties.stage_dates.${s}`;
  let previous: { stage: ProjectStage; date: string } | undefined;
  for (const s of PROJECT_STAGES) {
    const date = dates[s];
    if (date === undefined) continue;
    if (stageIndex(s) > stageIndex(stage)) {
      throw invalid(
        field(s),
        `Dự án chưa đến bước "${label(s).vi}": bỏ ngày của bước này.`,
        `The project has not reached "${label(s).en}": leave that date out.`,
      );
    }
    checkRecordDate(field(s), date, {
      vi: `Ngày của bước "${label(s).vi}"`,
      en: `The date of "${label(s).en}"`,
    });
    if (date > today) {
      throw invalid(
        field(s),
        `Ngày của bước "${label(s).vi}" (${formatDateVi(date)}) không thể sau hôm nay.`,
        `The date of "${label(s).en}" (${date}) cannot be after today.`,
      );
    }
    if (previous && date < previous.date) {
      throw invalid(
        field(s),
        `Ngày của bước "${label(s).vi}" không thể trước ngày bước "${label(previous.stage).vi}" (${formatDateVi(previous.date)}).`,
        `The date of "${label(s).en}" cannot be before that of "${label(previous.stage).en}" (${previous.date}).`,
      );
    }
    previous = { stage: s, date };
  }
  if (dates[stage] === undefined) {
    throw invalid(
      field(stage),
      `Cần ngày của bước hiện tại "${label(stage).vi}".`,
      `The current stage "${label(stage).en}" needs its date.`,
    );
  }
}

/** Ids kept, new ones given; a blocked project names at least one obstacle. */
export function checkObstacles(
  blocked: boolean,
  input: ObstacleInput[],
  today: string,
): Obstacle[] {
  const obstacles = input.map((o) => ({
    id: o.id ?? crypto.randomUUID(),
    text: o.text,
    since: o.since ?? today,
  }));
  obstacles.forEach((o, i) => {
    checkRecordDate(`properties.obstacles.${i}.since`, o.since, {
      vi: 'Ngày phát sinh vướng mắc',
      en: 'The date an obstacle arose',
    });
    if (o.since > today) {
      throw invalid(
        `properties.obstacles.${i}.since`,
        'Ngày phát sinh vướng mắc không thể sau hôm nay.',
        'An obstacle cannot start after today.',
      );
    }
  });
  if (new Set(obstacles.map((o) => o.id)).size !== obstacles.length) {
    throw invalid(
      'properties.obstacles',
      'Hai vướng mắc trùng mã (id).',
      'Two obstacles share an id.',
    );
  }
  if (blocked && obstacles.length === 0) {
    throw invalid(
      'properties.obstacles',
      'Dự án đang vướng mắc: hãy ghi ít nhất một vướng mắc.',
      'A blocked project needs at least one obstacle.',
    );
  }
  return obstacles;
}
