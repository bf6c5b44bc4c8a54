/** The OGC API collections of the kinds kept by the record engine: names and `datetime`. */
import type { ComplaintFilter } from '../domain/complaints/complaint-filter.ts';
import type { GapFilter } from '../domain/gaps/gap-filter.ts';
import type { ProjectFilter } from '../domain/projects/project-filter.ts';
import type { KindCollection } from './record-collection.ts';

export const PROJECTS_COLLECTION: KindCollection<ProjectFilter> = {
  id: 'projects',
  title: 'Dự án giải phóng mặt bằng',
  description:
    'Dự án giải phóng mặt bằng: ranh giới, bước thực hiện, số hộ, vướng mắc và hạn luật định; datetime lọc theo thời điểm ghi nhận (created_at). Land-clearance projects: boundary, stage, households, obstacles and legal deadlines; datetime filters on created_at.',
  filterOf: ({ from, to, ...page }) => ({ ...page, createdFrom: from, createdTo: to }),
};

export const GAPS_COLLECTION: KindCollection<GapFilter> = {
  id: 'gaps',
  title: 'Tiêu chí đô thị còn thiếu',
  description:
    'Tiêu chí phân loại đô thị còn thiếu (NQ 111/2025/UBTVQH15), theo phường hoặc toàn đô thị; datetime lọc theo lần cập nhật cuối (updated_at). Urban-classification criteria gaps; datetime filters on updated_at.',
  filterOf: ({ from, to, ...page }) => ({ ...page, updatedFrom: from, updatedTo: to }),
};

export const COMPLAINTS_COLLECTION: KindCollection<ComplaintFilter> = {
  id: 'complaints',
  title: 'Đơn thư khiếu nại, tố cáo, kiến nghị',
  description:
    'Đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh: nơi, nội dung chính, bước xử lý và hạn luật định, không có thông tin người gửi; datetime lọc theo ngày nhận đơn (received_on). Complaints, denunciations and petitions: place, subject, steps and legal deadlines, never who sent them; datetime filters on the day received.',
  filterOf: ({ from, to, ...page }) => ({
    ...page,
    receivedFrom: from?.slice(0, 10),
    receivedTo: to?.slice(0, 10),
  }),
};
