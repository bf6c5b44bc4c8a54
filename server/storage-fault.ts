/**
 * A disk that refuses writes (read-only, full, or not the server's to write) is a fault of the
 * machine, not of the request: the person is told that nothing was saved and which folder the
 * administrator must fix, instead of a bare "server error".
 */
import { DomainError } from './domain/errors.ts';
import type { Localized } from './domain/i18n.ts';

/** Why the data folder cannot be written. */
export type StorageProblem = 'read-only' | 'full' | 'no-permission';

/** Node's error codes for a write the file system refused. */
const ERRNO_PROBLEMS: Record<string, StorageProblem> = {
  EROFS: 'read-only',
  ENOSPC: 'full',
  EDQUOT: 'full',
  EACCES: 'no-permission',
  EPERM: 'no-permission',
};

/**
 * The problem behind an error from Node's fs or from SQLite (better-sqlite3's SqliteError), or
 * null when it is something else. SQLite's extended codes (SQLITE_READONLY_DBMOVED…) count with
 * their primary code.
 */
export function storageProblem(error: unknown): StorageProblem | null {
  if (!(error instanceof Error) || !('code' in error)) return null;
  const code = String(error.code);
  if (code in ERRNO_PROBLEMS) return ERRNO_PROBLEMS[code]!;
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_CANTOPEN')) return 'no-permission';
  return null;
}

const REASON = {
  'read-only': { vi: 'ổ đĩa đang ở chế độ chỉ đọc', en: 'the disk is read-only' },
  full: { vi: 'ổ đĩa đã đầy', en: 'the disk is full' },
  'no-permission': {
    vi: 'máy chủ không có quyền ghi vào đó',
    en: 'the server has no permission to write there',
  },
} as const;

const REMEDY = {
  'read-only': {
    vi: 'cho phép ghi lại (gắn ổ đĩa ở chế độ đọc-ghi)',
    en: 'make it writable again (mount the disk read-write)',
  },
  full: { vi: 'giải phóng dung lượng', en: 'free some space' },
  'no-permission': {
    vi: 'cấp quyền đọc và ghi thư mục cho người dùng chạy máy chủ',
    en: 'give the user the server runs as read and write permission on the folder',
  },
} as const;

/** The 503 a request gets when the data folder `dir` cannot be written. */
export function storageFault(dir: string, problem: StorageProblem): DomainError {
  return new DomainError(
    'STORAGE',
    {
      vi: `Không ghi được vào thư mục dữ liệu ${dir}: ${REASON[problem].vi}. Chưa có gì được lưu. Báo quản trị viên ${REMEDY[problem].vi}, rồi gửi lại.`,
      en: `Cannot write to the data folder ${dir}: ${REASON[problem].en}. Nothing was saved. Ask the administrator to ${REMEDY[problem].en}, then send again.`,
    },
    { folder: dir, problem },
  );
}

/**
 * The one line a process prints when it cannot write `dir` (the server at start, a backup, a
 * restore): what is wrong and the permission needed, in both languages, for a terminal or a
 * journal. `outcome` says what did not happen.
 */
export function cannotWriteLine(
  dir: string,
  problem: StorageProblem,
  detail: string | undefined,
  outcome: Localized,
): string {
  const at = detail ? ` (${detail})` : '';
  return (
    `Không ghi được vào thư mục dữ liệu ${dir}: ${REASON[problem].vi}${at}; cần quyền đọc và ghi. ${outcome.vi} / ` +
    `Cannot write to the data folder ${dir}: ${REASON[problem].en}${at}; it needs read and write permission for this user. ${outcome.en}`
  );
}

/** cannotWriteLine for the server's start on DATA_DIR. */
export function startRefusal(dir: string, problem: StorageProblem, detail?: string): string {
  return cannotWriteLine(dir, problem, detail, {
    vi: 'Máy chủ chưa khởi động (DATA_DIR).',
    en: 'The server was not started (DATA_DIR).',
  });
}
