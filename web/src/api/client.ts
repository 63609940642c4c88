// The one way the front end talks to the server: JSON over fetch with the signed-in user's bearer
// token, problem+json errors turned into ApiError with the fields they name.

export type Problem = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  // The server names what was wrong: a JSON path ($.items[0].control_entry), a field or a
  // query parameter.
  errors?: { path?: string; parameter?: string; detail?: string }[];
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `request failed with status ${status}`);
  }

  // Each problem with the field it names, as a form names its fields:
  // "$.items[0].control_entry" -> "items[0].control_entry".
  get fieldErrors(): { field: string; detail: string }[] {
    return (this.problem.errors ?? []).map((error) => ({
      field: (error.path ?? error.parameter ?? '').replace(/^\$\.?/, ''),
      detail: error.detail ?? this.message,
    }));
  }
}

let bearer: string | null = null;
let onUnauthorised: () => void = () => {};

// The token lives in this module's memory only (docs/web.md, "Signing in").
export function setToken(token: string | null): void {
  bearer = token;
}

export function setUnauthorisedHandler(handler: () => void): void {
  onUnauthorised = handler;
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  ifMatch?: string | number;
  rawBody?: Blob | ArrayBuffer | string;
  contentType?: string;
  token?: string;
  signal?: AbortSignal;
};

export type ApiResponse<T> = { data: T; etag: string | null; status: number };

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = options.token ?? bearer;
  if (token) headers.Authorization = `Bearer ${token}`;
  // A record's version n travels as the ETag "vn" (docs/api.md, "Versions").
  if (options.ifMatch !== undefined) headers['If-Match'] = `"v${options.ifMatch}"`;
  let body: BodyInit | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody as BodyInit;
    headers['Content-Type'] = options.contentType ?? 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    signal: options.signal,
    credentials: 'omit',
  });
  if (!response.ok) {
    let problem: Problem = { status: response.status, title: response.statusText };
    const type = response.headers.get('Content-Type') ?? '';
    if (type.includes('json')) problem = { ...problem, ...((await response.json()) as Problem) };
    if (response.status === 401 && !options.token) onUnauthorised();
    throw new ApiError(response.status, problem);
  }
  return response;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const response = await send(path, options);
  const data = response.status === 204 ? (undefined as T) : ((await response.json()) as T);
  return { data, etag: response.headers.get('ETag'), status: response.status };
}

export async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await request<T>(path, { signal })).data;
}

export async function post<T>(path: string, body: unknown, ifMatch?: string | number): Promise<T> {
  return (await request<T>(path, { method: 'POST', body, ifMatch })).data;
}

export async function download(path: string): Promise<Blob> {
  const response = await send(path, {});
  return response.blob();
}

export function query(params: Record<string, string | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}
