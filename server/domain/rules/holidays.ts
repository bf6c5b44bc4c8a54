/**
 * Public holidays in Viet Nam that fall on weekdays (Bộ luật Lao động 2019, Điều 112, and the
 * yearly announcements of days off). Working-day deadlines skip them. Lunar holidays move every
 * year: the office adds next year's announced days here each December.
 */
export const PUBLIC_HOLIDAYS: readonly string[] = [
  // 2025
  '2025-01-01',
  '2025-01-27',
  '2025-01-28',
  '2025-01-29',
  '2025-01-30',
  '2025-01-31', // Tết Ất Tỵ
  '2025-04-07', // Giỗ Tổ Hùng Vương
  '2025-04-30',
  '2025-05-01',
  '2025-05-02',
  '2025-09-01',
  '2025-09-02',
  // 2026
  '2026-01-01',
  '2026-01-02',
  '2026-02-16',
  '2026-02-17',
  '2026-02-18',
  '2026-02-19',
  '2026-02-20', // Tết Bính Ngọ
  '2026-04-27', // Giỗ Tổ Hùng Vương (26/4 falls on a Sunday)
  '2026-04-30',
  '2026-05-01',
  '2026-09-01',
  '2026-09-02',
];
