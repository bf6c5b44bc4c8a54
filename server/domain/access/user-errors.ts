/** Refusals about accounts and passwords, worded for the person who signs in or manages users. */
import { DomainError } from '../errors.ts';

/** 404: no account with this id. */
export function userNotFound(id: string): DomainError {
  return new DomainError(
    'NOT_FOUND',
    { vi: `Không tìm thấy người dùng ${id}.`, en: `User ${id} was not found.` },
    { id },
  );
}

/** 401: one answer for a wrong name, a wrong password and a disabled account, so none is told. */
export function wrongCredentials(): DomainError {
  return new DomainError('UNAUTHENTICATED', {
    vi: 'Sai tên đăng nhập hoặc mật khẩu.',
    en: 'Wrong username or password.',
  });
}

/** 409: usernames are unique without case. */
export function usernameTaken(username: string): DomainError {
  return new DomainError(
    'USERNAME_TAKEN',
    {
      vi: `Tên đăng nhập "${username}" đã có người dùng. Chọn tên khác.`,
      en: `The username "${username}" is taken. Choose another.`,
    },
    { username },
  );
}

/** 409: the account's version moved on since it was read. */
export function userConflict(): DomainError {
  return new DomainError('CONFLICT', {
    vi: 'Tài khoản vừa được người khác thay đổi. Hãy tải lại rồi thử lại.',
    en: 'Someone else changed this account meanwhile. Reload it and try again.',
  });
}

/** 403: an admin locking themselves out would leave no one to undo it. */
export function selfLockout(): DomainError {
  return new DomainError('FORBIDDEN', {
    vi: 'Không thể tự khóa tài khoản hay tự bỏ quyền quản trị của mình. Nhờ một quản trị khác.',
    en: 'You cannot disable yourself or drop your own admin role. Ask another admin.',
  });
}

/** 422 on the form's field: changing one's password needs the current one. */
export function wrongCurrentPassword(): DomainError {
  return new DomainError(
    'VALIDATION_FAILED',
    { vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' },
    [{ path: 'current_password', message: 'wrong' }],
  );
}
