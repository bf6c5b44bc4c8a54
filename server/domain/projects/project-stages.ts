/**
 * Stages of a land-clearance project (giải phóng mặt bằng, DOMAIN.md §3) as data, in their legal
 * order, declared for the record engine. A project moves forward one stage at a time; the
 * deadlines hang on the stages' dates.
 */
import type { StateEntry, Workflow } from '../engine/workflow.ts';
import type { Localized } from '../i18n.ts';

export const PROJECT_STAGES = [
  'announced',
  'counting',
  'plan_posted',
  'plan_approved',
  'paying',
  'handed_over',
] as const;

export type ProjectStage = (typeof PROJECT_STAGES)[number];

export interface ProjectStageEntry extends StateEntry {
  /** What the stage's date is called (forms, exports). */
  date: Localized;
  /** Fill colour on the map and in legends (Okabe–Ito, dark to light as the work advances). */
  color: string;
}

// Every stage before the handover is open: the office still has work to do on the project.
export const projectStageCatalog: Record<ProjectStage, ProjectStageEntry> = {
  announced: {
    kind: 'open',
    label: { vi: 'Đã thông báo thu hồi đất', en: 'Land recovery announced' },
    action: { vi: 'Thông báo thu hồi đất', en: 'Announce land recovery' },
    date: { vi: 'Ngày thông báo thu hồi đất', en: 'Recovery notice date' },
    color: '#D55E00',
  },
  counting: {
    kind: 'open',
    label: { vi: 'Đang kiểm đếm', en: 'Survey and count' },
    action: { vi: 'Bắt đầu kiểm đếm', en: 'Start the count' },
    date: { vi: 'Ngày bắt đầu kiểm đếm', en: 'Count start date' },
    color: '#E69F00',
  },
  plan_posted: {
    kind: 'open',
    label: { vi: 'Đã niêm yết phương án', en: 'Plan posted publicly' },
    action: { vi: 'Niêm yết phương án', en: 'Post the plan' },
    date: { vi: 'Ngày niêm yết phương án', en: 'Plan posting date' },
    color: '#F0E442',
  },
  plan_approved: {
    kind: 'open',
    label: { vi: 'Đã phê duyệt phương án bồi thường', en: 'Compensation plan approved' },
    action: { vi: 'Phê duyệt phương án bồi thường', en: 'Approve the compensation plan' },
    date: { vi: 'Ngày phê duyệt phương án', en: 'Plan approval date' },
    color: '#56B4E9',
  },
  paying: {
    kind: 'open',
    label: { vi: 'Đang chi trả', en: 'Paying compensation' },
    action: { vi: 'Bắt đầu chi trả', en: 'Start paying' },
    date: { vi: 'Ngày bắt đầu chi trả', en: 'Payment start date' },
    color: '#0072B2',
  },
  // Fixed, not closed: the site is clear, the project's aim achieved (FixMyStreet's "fixed");
  // closed would be a project ended without it (none is yet). No stage follows it.
  handed_over: {
    kind: 'fixed',
    label: { vi: 'Đã bàn giao mặt bằng', en: 'Site handed over' },
    action: { vi: 'Bàn giao mặt bằng', en: 'Hand over the site' },
    date: { vi: 'Ngày bàn giao mặt bằng', en: 'Handover date' },
    color: '#009E73',
  },
};

/** One stage forward at a time, never back or over one. */
export const projectWorkflow: Workflow<ProjectStage, never> = {
  states: PROJECT_STAGES,
  catalog: projectStageCatalog,
  moves: {
    announced: ['counting'],
    counting: ['plan_posted'],
    plan_posted: ['plan_approved'],
    plan_approved: ['paying'],
    paying: ['handed_over'],
    handed_over: [],
  },
  requires: {},
  finished: { vi: 'Dự án đã bàn giao mặt bằng.', en: 'The site is handed over.' },
};

/** Position in the legal order, for comparisons ("has it reached the approval?"). */
export function stageIndex(stage: ProjectStage): number {
  return PROJECT_STAGES.indexOf(stage);
}

export const LAND_TYPES = ['agricultural', 'other'] as const;
export type LandType = (typeof LAND_TYPES)[number];

export const landTypeCatalog: Record<LandType, { label: Localized }> = {
  agricultural: { label: { vi: 'Đất nông nghiệp', en: 'Agricultural land' } },
  other: { label: { vi: 'Đất phi nông nghiệp, đất khác', en: 'Other land' } },
};
