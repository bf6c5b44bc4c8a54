/** Refusals of API tokens, worded for the person who has to renew or remake one. */
import { formatDateVi } from '../dates.ts';
import { DomainError } from '../errors.ts';

/** 401: past its last day. Says which day, so the owner knows it is not a typing mistake. */
export function tokenExpired(expiresOn: string): DomainError {
  const day = formatDateVi(expiresOn);
  return new DomainError(
    'UNAUTHENTICATED',
    {
      vi: `Khóa truy cập (token) đã hết hạn (dùng được đến hết ngày ${day}). Tạo khóa mới trong trang Tài khoản.`,
      en: `The API token has expired (it worked until the end of ${day}). Create a new one on the Account page.`,
    },
    { expired: true, expires_on: expiresOn },
  );
}

/** 403: a read-only token sent a request that would change something. */
export function readOnlyToken(method: string): DomainError {
  return new DomainError(
    'FORBIDDEN',
    {
      vi: 'Khóa truy cập này chỉ được đọc, không được thay đổi dữ liệu. Tạo khóa “Đọc và ghi” trong trang Tài khoản nếu cần ghi.',
      en: 'This API token is read-only: it cannot change anything. Create a “Read and write” token on the Account page to make changes.',
    },
    { scope: 'read', method },
  );
}

/** 403: only someone who manages users now may make a token that can. */
export function adminScopeRefused(): DomainError {
  return new DomainError(
    'FORBIDDEN',
    {
      vi: 'Chỉ quản trị viên (đăng nhập trên trang, hoặc bằng khóa quản trị) mới tạo được khóa quản trị.',
      en: 'Only an administrator (signed in, or with an administration token) can create an administration token.',
    },
    { scope: 'admin' },
  );
}

/** 422: a last day already gone would make a token that never works. */
export function expiryInPast(expiresOn: string): DomainError {
  return new DomainError(
    'VALIDATION_FAILED',
    {
      vi: `Ngày hết hạn ${formatDateVi(expiresOn)} đã qua. Chọn hôm nay hoặc một ngày sau.`,
      en: `The expiry date ${formatDateVi(expiresOn)} has passed. Choose today or a later day.`,
    },
    [{ path: 'expires_on', message: 'past' }],
  );
}

/** 404: unknown, or someone else's to a caller who does not manage users: the two look alike. */
export function tokenNotFound(id: string): DomainError {
  return new DomainError(
    'NOT_FOUND',
    { vi: `Không tìm thấy khóa truy cập ${id}.`, en: `API token ${id} was not found.` },
    { id },
  );
}
