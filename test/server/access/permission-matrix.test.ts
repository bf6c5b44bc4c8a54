/**
 * Who may call what: every API route for every role and for anonymous visitors. The table is
 * written by hand from the issue, not derived from ROLE_PERMISSIONS, so a role that gains or loses
 * a verb by mistake fails here. A new route fails the last test until it has a row.
 */
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Role } from '../../../server/domain/access/permissions.ts';
import { TokenService } from '../../../server/services/tokens.ts';
import { hashPassword } from '../../../server/services/passwords.ts';
import { ExportArchive } from '../../../server/exports/archive.ts';
import { Exporter } from '../../../server/exports/exporter.ts';
import {
  call,
  makeViolation,
  report,
  START,
  testApp,
  testAppWith,
  type TestApp,
} from '../helpers.ts';
import { readFileSync } from 'node:fs';
import { projectBody } from '../project-fixtures.ts';
import { gapBody } from '../gap-fixtures.ts';
import { complaintBody } from '../complaint-fixtures.ts';

type Who = Role | 'anonymous';
/** The officer who receives petitions: a role only this file's callers need beside the usual. */
const OFFICER = { complaints_officer: ['complaints_officer'] as const };
const matrixApp = () => testAppWith(OFFICER);
type Ctx = Awaited<ReturnType<typeof matrixApp>>;

const ROLES = ['viewer', 'inspector', 'planner', 'complaints_officer', 'lead', 'admin'] as const;
const EVERYONE: readonly Who[] = [...ROLES, 'anonymous'];
const SIGNED_IN: readonly Who[] = ROLES;

const PASSWORD = 'một mật khẩu đủ dài';
const NEW_PASSWORD = 'mật khẩu mới cũng đủ dài';
/** One slow hash for the whole file: users get it stored directly. */
let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

/** Gives an existing user the file's password, as an admin's reset would. */
async function setPassword(ctx: Ctx, id: string): Promise<void> {
  const user = (await ctx.store.users.get(id))!;
  const at = ctx.clock.now().toISOString();
  const next = {
    ...user,
    password_hash: passwordHash,
    password_changed_at: at,
    version: user.version + 1,
  };
  await ctx.store.users.update(next, user.version, 'password:reset', { user: null, at });
}

/** A user with a password who is none of the callers, for sign-in. */
async function userWithPassword(ctx: Ctx): Promise<string> {
  const username = 'nguoi.dang.nhap';
  await ctx.store.users.insert(
    {
      id: crypto.randomUUID(),
      username,
      display_name: 'Người đăng nhập',
      roles: ['viewer'],
      password_hash: passwordHash,
      password_changed_at: START,
      disabled_at: null,
      created_at: START,
      updated_at: START,
      version: 1,
    },
    { user: null, at: START },
  );
  return username;
}

interface Route {
  /** Who may call it, from the words. */
  allowed: readonly Who[];
  /** The answer when the call is allowed and its input is right. */
  ok: number;
  /** Whether an allowed call writes a version row (the audit log). */
  writes: boolean;
  /** How many rows, when more than one: a new password also revokes the user's token. */
  versions?: number;
  /** Sets up what the call needs; answers the path parameter and the body. */
  prepare?: (
    ctx: Ctx,
    who: Who,
  ) => Promise<{ id?: string; body?: unknown; params?: Record<string, string> }>;
  /** A query string the route needs. */
  query?: string;
  /** The body is multipart form data (a photo upload) rather than JSON. */
  form?: () => FormData;
}

const PHOTO = readFileSync(new URL('../../fixtures/photos/street.jpg', import.meta.url));
const photoForm = () => {
  const form = new FormData();
  form.set('file', new Blob([PHOTO], { type: 'image/jpeg' }), 'street.jpg');
  return form;
};

/** Sends a call as JSON or as a form; reads the answer as JSON when it is JSON. */
async function send(app: TestApp, method: string, path: string, route: Route, body: unknown) {
  if (!route.form) return call(app, method, path, body);
  const res = await app.request(path, { method, body: route.form() });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

/** A record for the call: the caller's own when the caller is the inspector. */
async function record(ctx: Ctx, who: Who): Promise<string> {
  return (await report(who === 'inspector' ? ctx.as('inspector') : ctx.app)).id;
}

const onRecord =
  (body?: unknown) =>
  async (ctx: Ctx, who: Who): Promise<{ id: string; body?: unknown }> => ({
    id: await record(ctx, who),
    body,
  });

/** A clearance project created by the office, for calls on one. */
const onProject =
  (body?: unknown) =>
  async (ctx: Ctx): Promise<{ id: string; body?: unknown }> => {
    const created = await call(ctx.app, 'POST', '/api/projects', projectBody());
    expect(created.status).toBe(201);
    return { id: created.body.id, body };
  };

/** A criteria gap created by the office, for calls on one. */
const onGap =
  (body?: unknown) =>
  async (ctx: Ctx): Promise<{ id: string; body?: unknown }> => {
    const created = await call(ctx.app, 'POST', '/api/gaps', gapBody());
    expect(created.status).toBe(201);
    return { id: created.body.id, body };
  };

/** A petition received by the complaints officer, for calls on one. */
const onComplaint =
  (body?: unknown) =>
  async (ctx: Ctx): Promise<{ id: string; body?: unknown }> => {
    const created = await call(
      ctx.as('complaints_officer'),
      'POST',
      '/api/complaints',
      complaintBody(),
    );
    expect(created.status).toBe(201);
    return { id: created.body.id, body };
  };

const RULE_SET = 'nq111-2025-table2a';
const YEARBOOK = { source: 'statistics', note: 'Niên giám thống kê 2025' };

/** A case reported in February and the archive written, as the server does once a month ends. */
async function archiveFebruary(ctx: Ctx): Promise<void> {
  const at = '2026-02-15T03:00:00.000Z';
  await ctx.store.violations.insert(makeViolation({ created_at: at }), 'create', {
    user: null,
    at,
  });
  const exporter = new Exporter({ store: ctx.store, clock: ctx.clock, tempDir: ctx.exportsDir });
  const archive = new ExportArchive({
    exporter,
    store: ctx.store,
    clock: ctx.clock,
    dir: ctx.exportsDir,
  });
  expect(await archive.run()).toContain('2026-02.geojson');
}

/** method + Hono path → who may call it. Bodies go as JSON, so writes always carry one. */
const MATRIX: Record<string, Route> = {
  'GET /api/health': { allowed: EVERYONE, ok: 200, writes: false },
  'GET /api/config': { allowed: EVERYONE, ok: 200, writes: false },
  'GET /api/wards': { allowed: EVERYONE, ok: 200, writes: false },
  'GET /api/wards/:id': {
    allowed: EVERYONE,
    ok: 200,
    writes: false,
    prepare: async () => ({ id: '2025-01843' }),
  },
  'GET /api/violations': { allowed: EVERYONE, ok: 200, writes: false },
  // The public map's clusters: counts and markers with nothing private, like the list.
  'GET /api/violations/clusters': {
    allowed: EVERYONE,
    ok: 200,
    writes: false,
    query: '?bbox=105.7,22.0,105.95,22.3&zoom=10',
  },
  'GET /api/violations/:id': {
    allowed: EVERYONE,
    ok: 200,
    writes: false,
    prepare: onRecord(),
  },
  'POST /api/violations': {
    allowed: ['inspector'],
    ok: 201,
    writes: true,
    prepare: async () => ({
      body: {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [105.834, 22.147] },
        properties: { kind: 'other', description: 'Đổ phế thải ra lòng đường' },
      },
    }),
  },
  // The inspector edits their own report; the planner someone else's.
  'PATCH /api/violations/:id': {
    allowed: ['inspector', 'planner'],
    ok: 200,
    writes: true,
    prepare: onRecord({ properties: { description: 'Quán nước lấn chiếm 12 m² vỉa hè' } }),
  },
  'POST /api/violations/:id/steps': {
    allowed: ['planner'],
    ok: 200,
    writes: true,
    prepare: onRecord({ to: 'verified' }),
  },
  'POST /api/violations/:id/notes': {
    allowed: ['inspector'],
    ok: 201,
    writes: true,
    prepare: onRecord({ text: 'Quay lại hiện trường: vẫn chưa dọn' }),
  },
  'POST /api/violations/:id/photos': {
    allowed: ['inspector'],
    ok: 201,
    writes: true,
    prepare: onRecord(),
    form: photoForm,
  },
  'GET /api/photos/:name': {
    allowed: SIGNED_IN,
    ok: 200,
    writes: false,
    prepare: async (ctx) => {
      const id = await record(ctx, 'lead');
      const res = await ctx.app.request(`/api/violations/${id}/photos`, {
        method: 'POST',
        body: photoForm(),
      });
      const url: string = ((await res.json()) as any).properties.photos[0].url;
      return { id: url.split('/').pop() };
    },
  },
  // Inspectors about to report; the data is the public list's, the purpose is theirs.
  'GET /api/violations/nearby': {
    allowed: ['inspector'],
    ok: 200,
    writes: false,
    query: '?lon=105.834&lat=22.147&kind=other',
  },
  'POST /api/violations/:id/archive': {
    allowed: ['lead'],
    ok: 200,
    writes: true,
    prepare: onRecord({ reason: 'Trùng với báo cáo khác' }),
  },
  'POST /api/violations/:id/restore': {
    allowed: ['lead'],
    ok: 200,
    writes: true,
    prepare: async (ctx) => {
      const id = await record(ctx, 'lead');
      const archived = await call(ctx.app, 'POST', `/api/violations/${id}/archive`, {
        reason: 'Nhầm',
      });
      expect(archived.status).toBe(200);
      return { id, body: { reason: 'Lưu trữ nhầm' } };
    },
  },
  'GET /api/violations/:id/history': {
    allowed: SIGNED_IN,
    ok: 200,
    writes: false,
    prepare: onRecord(),
  },
  'GET /api/projects': { allowed: EVERYONE, ok: 200, writes: false },
  'GET /api/projects/:id': { allowed: EVERYONE, ok: 200, writes: false, prepare: onProject() },
  'POST /api/projects': {
    allowed: ['planner'],
    ok: 201,
    writes: true,
    prepare: async () => ({ body: projectBody() }),
  },
  'PATCH /api/projects/:id': {
    allowed: ['planner'],
    ok: 200,
    writes: true,
    prepare: onProject({ properties: { investor: 'UBND phường Đức Xuân' } }),
  },
  'POST /api/projects/:id/stage': {
    allowed: ['planner'],
    ok: 200,
    writes: true,
    prepare: onProject({ to: 'counting' }),
  },
  'POST /api/projects/:id/archive': {
    allowed: ['lead'],
    ok: 200,
    writes: true,
    prepare: onProject({ reason: 'Dự án nhập trùng' }),
  },
  'POST /api/projects/:id/restore': {
    allowed: ['lead'],
    ok: 200,
    writes: true,
    prepare: async (ctx) => {
      const { id } = await onProject()(ctx);
      const archived = await call(ctx.app, 'POST', `/api/projects/${id}/archive`, {
        reason: 'Nhầm',
      });
      expect(archived.status).toBe(200);
      return { id, body: { reason: 'Lưu trữ nhầm' } };
    },
  },
  'GET /api/projects/:id/history': {
    allowed: SIGNED_IN,
    ok: 200,
    writes: false,
    prepare: onProject(),
  },
  'GET /api/gaps': { allowed: EVERYONE, ok: 200, writes: false },
  'GET /api/gaps/:id': { allowed: EVERYONE, ok: 200, writes: false, prepare: onGap() },
  'POST /api/gaps': {
    allowed: ['planner'],
    ok: 201,
    writes: true,
    prepare: async () => ({ body: gapBody() }),
  },
  'PATCH /api/gaps/:id': {
    allowed: ['planner'],
    ok: 200,
    writes: true,
    prepare: onGap({ properties: { current_value: 2.6 } }),
  },
  'POST /api/gaps/:id/status': {
    allowed: ['planner'],
    ok: 200,
    writes: true,
    prepare: onGap({ to: 'planned' }),
  },
  'POST /api/gaps/:id/archive': {
    allowed: ['lead'],
    ok: 200,
    writes: true,
    prepare: onGap({ reason: 'Nhập trùng' }),
  },
  'POST /api/gaps/:id/restore': {
    allowed: ['lead'],
    ok: 200,
    writes: true,
    prepare: async (ctx) => {
      const { id } = await onGap()(ctx);
      const archived = await call(ctx.app, 'POST', `/api/gaps/${id}/archive`, { reason: 'Nhầm' });
      expect(archived.status).toBe(200);
      return { id, body: { reason: 'Lưu trữ nhầm' } };
    },
  },
  'GET /api/gaps/:id/history': { allowed: SIGNED_IN, ok: 200, writes: false, prepare: onGap() },
  'GET /api/complaints': { allowed: EVERYONE, ok: 200, writes: false },
  'GET /api/complaints/:id': { allowed: EVERYONE, ok: 200, writes: false, prepare: onComplaint() },
  'POST /api/complaints': {
    allowed: ['complaints_officer'],
    ok: 201,
    writes: true,
    prepare: async () => ({ body: complaintBody() }),
  },
  'PATCH /api/complaints/:id': {
    allowed: ['complaints_officer'],
    ok: 200,
    writes: true,
    prepare: onComplaint({ properties: { complex: true } }),
  },
  'POST /api/complaints/:id/step': {
    allowed: ['complaints_officer'],
    ok: 200,
    writes: true,
    prepare: onComplaint({ to: 'accepted' }),
  },
  'POST /api/complaints/:id/archive': {
    allowed: ['lead'],
    ok: 200,
    writes: true,
    prepare: onComplaint({ reason: 'Nhập trùng' }),
  },
  'POST /api/complaints/:id/restore': {
    allowed: ['lead'],
    ok: 200,
    writes: true,
    prepare: async (ctx) => {
      const { id } = await onComplaint()(ctx);
      const archived = await call(ctx.app, 'POST', `/api/complaints/${id}/archive`, {
        reason: 'Nhầm',
      });
      expect(archived.status).toBe(200);
      return { id, body: { reason: 'Lưu trữ nhầm' } };
    },
  },
  'GET /api/complaints/:id/history': {
    allowed: SIGNED_IN,
    ok: 200,
    writes: false,
    prepare: onComplaint(),
  },
  'GET /api/criteria': { allowed: EVERYONE, ok: 200, writes: false },
  'GET /api/criteria/:ruleSet/scorecard': {
    allowed: EVERYONE,
    ok: 200,
    writes: false,
    prepare: async () => ({ id: RULE_SET }),
  },
  'GET /api/criteria/:ruleSet/indicators': {
    allowed: EVERYONE,
    ok: 200,
    writes: false,
    prepare: async () => ({ id: RULE_SET }),
  },
  'PUT /api/criteria/:ruleSet/indicators/:code': {
    allowed: ['planner'],
    ok: 201,
    writes: true,
    query: '?scope=urban',
    prepare: async () => ({
      id: RULE_SET,
      params: { code: 'III.14' },
      body: { value: 31, ...YEARBOOK },
    }),
  },
  'GET /api/criteria/:ruleSet/indicators/:code/history': {
    allowed: SIGNED_IN,
    ok: 200,
    writes: false,
    prepare: async () => ({ id: RULE_SET, params: { code: 'III.14' } }),
  },
  'GET /api/audit': { allowed: ['lead', 'admin'], ok: 200, writes: false },
  // The monthly export and its archive are the lead's: they hold violators' identities.
  // Counts name no person: public now; the past (asOf) is for staff, see test/server/routes/stats.test.ts.
  'GET /api/stats': { allowed: EVERYONE, ok: 200, writes: false },
  'GET /api/exports': { allowed: ['lead'], ok: 200, writes: false },
  'GET /api/exports/:file': {
    allowed: ['lead'],
    ok: 200,
    writes: false,
    prepare: async () => ({ id: '2026-02.geojson' }),
  },
  'GET /api/exports/archive/:file': {
    allowed: ['lead'],
    ok: 200,
    writes: false,
    prepare: async (ctx) => {
      await archiveFebruary(ctx);
      return { id: '2026-02.geojson' };
    },
  },
  // The monthly summary is the lead's (`stats:read`), like the export it goes with.
  'GET /api/reports/monthly/:month': {
    allowed: ['lead'],
    ok: 200,
    writes: false,
    prepare: async () => ({ id: '2026-02' }),
  },
  'GET /api/users': { allowed: ['admin'], ok: 200, writes: false },
  'POST /api/users': {
    allowed: ['admin'],
    ok: 201,
    writes: true,
    prepare: async () => ({
      body: {
        username: 'can.bo.moi',
        display_name: 'Cán bộ mới',
        roles: ['inspector'],
        password: PASSWORD,
      },
    }),
  },
  'GET /api/users/:id': {
    allowed: ['admin'],
    ok: 200,
    writes: false,
    prepare: async (ctx) => ({ id: ctx.users.viewer.id }),
  },
  'PATCH /api/users/:id': {
    allowed: ['admin'],
    ok: 200,
    writes: true,
    prepare: async (ctx) => ({ id: ctx.users.viewer.id, body: { display_name: 'Người xem A' } }),
  },
  'POST /api/users/:id/password': {
    allowed: ['admin'],
    ok: 204,
    writes: true,
    versions: 2,
    prepare: async (ctx) => ({ id: ctx.users.viewer.id, body: { password: NEW_PASSWORD } }),
  },
  'GET /api/users/:id/tokens': {
    allowed: ['admin'],
    ok: 200,
    writes: false,
    prepare: async (ctx) => ({ id: ctx.users.viewer.id }),
  },
  'POST /api/auth/login': {
    allowed: EVERYONE,
    ok: 200,
    writes: false,
    prepare: async (ctx) => ({
      body: { username: await userWithPassword(ctx), password: PASSWORD },
    }),
  },
  'POST /api/auth/logout': {
    allowed: EVERYONE,
    ok: 204,
    writes: false,
    prepare: async () => ({ body: {} }),
  },
  'GET /api/auth/me': { allowed: EVERYONE, ok: 200, writes: false },
  'POST /api/auth/password': {
    allowed: SIGNED_IN,
    ok: 204,
    writes: true,
    versions: 2,
    prepare: async (ctx, who) => {
      if (who !== 'anonymous') await setPassword(ctx, ctx.users[who].id);
      return { body: { current_password: PASSWORD, new_password: NEW_PASSWORD } };
    },
  },
  'GET /api/auth/tokens': { allowed: SIGNED_IN, ok: 200, writes: false },
  'POST /api/auth/tokens': {
    allowed: SIGNED_IN,
    ok: 201,
    writes: true,
    prepare: async () => ({ body: { name: 'QGIS' } }),
  },
  // One's own second token; anonymous is refused before the id is looked at.
  'POST /api/auth/tokens/:id/revoke': {
    allowed: SIGNED_IN,
    ok: 200,
    writes: true,
    prepare: async (ctx, who) => {
      const owner = ctx.users[who === 'anonymous' ? 'viewer' : who].id;
      const tokens = new TokenService({ store: ctx.store, clock: ctx.clock });
      return { id: (await tokens.create(owner, 'GDAL')).record.id, body: {} };
    },
  },
};

/** A photo answers its bytes; a refusal answers the JSON envelope. */
async function photoAnswer(app: TestApp, path: string) {
  const res = await app.request(path);
  const json = res.headers.get('content-type')?.includes('json');
  const body = json ? await res.json() : Buffer.from(await res.arrayBuffer());
  if (res.ok) expect(body).toEqual(PHOTO);
  return { status: res.status, body: body as any };
}

const auditRows = async (ctx: Ctx) => (await ctx.store.audit.list({ limit: 1, offset: 0 })).total;

const cells = Object.entries(MATRIX).flatMap(([route, spec]) =>
  EVERYONE.map((who) => ({ route, who, spec, allowed: spec.allowed.includes(who) })),
);

describe('the permission matrix', () => {
  let ctx: Ctx;
  beforeEach(async () => {
    ctx = await matrixApp();
  });

  test.each(cells.map((c) => [c.route, c.who, c.allowed ? 'may' : 'may not', c] as const))(
    '%s: %s %s call it',
    async (route, who, _, { spec, allowed }) => {
      const [method, pattern] = route.split(' ') as [string, string];
      const { id, body, params = {} } = (await spec.prepare?.(ctx, who)) ?? {};
      let path = id === undefined ? pattern : pattern.replace(/:\w+/, id);
      // A route with two parameters names the rest.
      for (const [name, value] of Object.entries(params)) path = path.replace(`:${name}`, value);
      path += spec.query ?? '';
      const before = await auditRows(ctx);
      const answer =
        route === 'GET /api/photos/:name'
          ? await photoAnswer(ctx.as(who), path)
          : await send(ctx.as(who), method, path, spec, body);
      if (allowed) {
        expect(answer.status, JSON.stringify(answer.body)).toBe(spec.ok);
        expect(await auditRows(ctx)).toBe(spec.writes ? before + (spec.versions ?? 1) : before);
      } else {
        const [status, code] = who === 'anonymous' ? [401, 'UNAUTHENTICATED'] : [403, 'FORBIDDEN'];
        expect(answer.status).toBe(status);
        expect(answer.body.error.code).toBe(code);
        expect(answer.body.error.message).toEqual(expect.any(String));
        expect(await auditRows(ctx)).toBe(before);
      }
    },
  );

  test('every route under /api has a row, and every row is a route', async () => {
    const routes = new Set(
      (await testApp()).raw.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
        .map((r) => `${r.method} ${r.path}`),
    );
    expect([...routes].filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.has(r))).toEqual([]);
  });
});

describe('edit-own: an inspector edits their own report until it is verified', () => {
  let ctx: Ctx;
  let inspector: TestApp;
  beforeEach(async () => {
    ctx = await matrixApp();
    inspector = ctx.as('inspector');
  });

  /** A second inspector, with a token of their own. */
  async function anotherInspector(): Promise<TestApp> {
    const id = crypto.randomUUID();
    await ctx.store.users.insert(
      {
        id,
        username: 'inspector2',
        display_name: 'Cán bộ kiểm tra 2',
        roles: ['inspector'],
        password_hash: null,
        password_changed_at: null,
        disabled_at: null,
        created_at: START,
        updated_at: START,
        version: 1,
      },
      { user: null, at: START },
    );
    const { token } = await new TokenService({ store: ctx.store, clock: ctx.clock }).create(
      id,
      'tests',
      { scope: 'read-write' },
    );
    return {
      request: (path, init = {}) =>
        ctx.raw.request(path, {
          ...init,
          headers: {
            ...(init.headers as Record<string, string>),
            authorization: `Bearer ${token}`,
          },
        }),
    };
  }

  const edit = (app: TestApp, id: string, description: string) =>
    call(app, 'PATCH', `/api/violations/${id}`, { properties: { description } });
  const current = async (id: string) => (await call(ctx.app, 'GET', `/api/violations/${id}`)).body;

  test('edits their own report while it is reported: 200, the text changed', async () => {
    const { id } = await report(inspector);
    const answer = await edit(inspector, id, 'Lấn chiếm 15 m² vỉa hè');
    expect(answer.status).toBe(200);
    expect((await current(id)).properties).toMatchObject({
      description: 'Lấn chiếm 15 m² vỉa hè',
      version: 2,
    });
  });

  test("another inspector's report: 403 FORBIDDEN and nothing written", async () => {
    const { id } = await report(await anotherInspector());
    const before = await auditRows(ctx);
    const answer = await edit(inspector, id, 'Không phải của tôi');
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('FORBIDDEN');
    expect(await auditRows(ctx)).toBe(before);
    expect((await current(id)).properties).toMatchObject({
      description: 'Quán nước lấn chiếm vỉa hè',
      version: 1,
    });
  });

  test("another inspector's report with a stale version: still 403, not 409 CONFLICT", async () => {
    const { id } = await report(await anotherInspector());
    const answer = await call(inspector, 'PATCH', `/api/violations/${id}`, {
      version: 7,
      properties: { description: 'x' },
    });
    expect(answer.status).toBe(403);
  });

  test('their own report once verified: 403 FORBIDDEN and nothing written', async () => {
    const { id } = await report(inspector);
    const verified = await call(ctx.app, 'POST', `/api/violations/${id}/steps`, { to: 'verified' });
    expect(verified.status).toBe(200);
    const before = await auditRows(ctx);
    const answer = await edit(inspector, id, 'Sửa sau khi xác minh');
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('FORBIDDEN');
    expect(await auditRows(ctx)).toBe(before);
    expect((await current(id)).properties.description).toBe('Quán nước lấn chiếm vỉa hè');
  });

  test('their own report once archived: 409 ARCHIVED', async () => {
    const { id } = await report(inspector);
    await call(ctx.app, 'POST', `/api/violations/${id}/archive`, { reason: 'Trùng' });
    const answer = await edit(inspector, id, 'Sửa khi đã lưu trữ');
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('ARCHIVED');
  });

  test('a planner edits any report, verified or not', async () => {
    const { id } = await report(inspector);
    await call(ctx.app, 'POST', `/api/violations/${id}/steps`, { to: 'verified' });
    const answer = await edit(ctx.as('planner'), id, 'Planner sửa mô tả');
    expect(answer.status).toBe(200);
    expect(answer.body.properties.description).toBe('Planner sửa mô tả');
  });
});
