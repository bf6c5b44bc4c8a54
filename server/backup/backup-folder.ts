/**
 * What a backup folder may hold before a restore trusts it. A restore runs with the server's
 * rights and puts files where viewers are served them, so it copies exactly the manifest's
 * entries and refuses the folder when anything else is there: a symlink or a hard link (a door
 * to a file elsewhere on the machine), a name leaving the folder, a file the manifest does not
 * list. Refusing an unlisted file (rather than skipping it) is the safer choice: a backup folder
 * someone added to is not the backup that was made, and the operator should know.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Expected } from './checksums.ts';

/** Why a backup folder is refused, naming the entry in both languages. */
export class BackupRefused extends Error {
  constructor(
    readonly entry: string,
    vi: string,
    en: string,
  ) {
    super(`${vi} / ${en}`);
    this.name = 'BackupRefused';
  }
}

export const refuse = {
  outside: (entry: string) =>
    new BackupRefused(
      entry,
      `Tệp kê khai ghi "${entry}", một đường dẫn ra ngoài thư mục sao lưu`,
      `the manifest names "${entry}", a path outside the backup folder`,
    ),
  unexpected: (entry: string) =>
    new BackupRefused(
      entry,
      `Tệp kê khai ghi "${entry}", không phải cơ sở dữ liệu hay ảnh trong uploads/`,
      `the manifest names "${entry}", which is neither the database nor a file under uploads/`,
    ),
  symlink: (entry: string) =>
    new BackupRefused(
      entry,
      `${entry} là liên kết tượng trưng; bản sao lưu chỉ chứa tệp thật`,
      `${entry} is a symbolic link; a backup holds only regular files`,
    ),
  hardLink: (entry: string) =>
    new BackupRefused(
      entry,
      `${entry} là liên kết cứng tới tệp khác; hãy chép bản sao lưu bằng cp -r, không dùng liên kết`,
      `${entry} is a hard link shared with another file; copy the backup with cp -r, not as links`,
    ),
  special: (entry: string) =>
    new BackupRefused(
      entry,
      `${entry} không phải tệp thường hay thư mục`,
      `${entry} is neither a regular file nor a folder`,
    ),
  unlisted: (entry: string, manifest: string) =>
    new BackupRefused(
      entry,
      `${entry} không có trong ${manifest}; bản sao lưu đã bị thêm tệp`,
      `${entry} is not in ${manifest}: something was added to the backup`,
    ),
  missing: (entry: string) =>
    new BackupRefused(entry, `Bản sao lưu thiếu ${entry}`, `The backup lacks ${entry}`),
  checksum: (entry: string) =>
    new BackupRefused(
      entry,
      `${entry} không khớp tổng kiểm tra`,
      `${entry} does not match its checksum`,
    ),
};

/**
 * A manifest entry is a relative path of plain names ("uploads/ab/….jpg"): no leading "/", no
 * "." or ".." and no empty segment, so joined to the folder it stays inside it.
 */
export function checkEntryName(entry: string, allowed: (entry: string) => boolean): void {
  const segments = entry.split('/');
  if (
    entry.startsWith('/') ||
    entry.includes('\\') ||
    entry.includes('\0') ||
    segments.some((s) => s === '' || s === '.' || s === '..')
  ) {
    throw refuse.outside(entry);
  }
  if (!allowed(entry)) throw refuse.unexpected(entry);
}

/**
 * Walks the folder without following any link and answers every regular file (path inside the
 * folder → its device and inode); refuses at the first symlink, hard link or special file.
 */
export function walkBackup(dir: string, inside = ''): Map<string, Expected> {
  const found = new Map<string, Expected>();
  for (const name of readdirSync(join(dir, inside)).sort()) {
    const entry = inside ? `${inside}/${name}` : name;
    const stats = lstatSync(join(dir, entry));
    if (stats.isSymbolicLink()) throw refuse.symlink(entry);
    if (stats.isDirectory()) {
      for (const [file, id] of walkBackup(dir, entry)) found.set(file, id);
    } else if (stats.isFile()) {
      if (stats.nlink > 1) throw refuse.hardLink(entry);
      found.set(entry, { dev: stats.dev, ino: stats.ino });
    } else {
      throw refuse.special(entry);
    }
  }
  return found;
}
