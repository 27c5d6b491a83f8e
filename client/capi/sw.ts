/// <reference lib="webworker" />
/**
 * The /capi service worker: the app opens with no network after the first visit. The app shell of this
 * build is precached at install (the list is written in by serviceWorkerPlugin); the instruments and the
 * interviewer's sampling points are kept from the last time they were fetched and revalidated with their
 * ETag whenever the network is there. Drafts and the outbox live in IndexedDB, which an update never
 * touches, so a new version can take over at once.
 */
declare const __CAPI_PRECACHE__: string[];
const worker = self as unknown as ServiceWorkerGlobalScope;

const PRECACHE = __CAPI_PRECACHE__;
/** One shell cache per build (its file names carry content hashes); the data cache outlives builds. */
const SHELL_CACHE = `capi-shell-${hashOf(PRECACHE.join('\n'))}`;
const DATA_CACHE = 'capi-data';
const APP_PAGE = '/capi/';
/** GET API answers an interviewer needs offline. */
const OFFLINE_API = [/^\/api\/instruments(\/|$)/, /^\/api\/sampling-points$/];

worker.addEventListener('install', (event: ExtendableEvent) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event: ExtendableEvent) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('capi-shell-') && name !== SHELL_CACHE).map((name) => caches.delete(name))))
      .then(() => worker.clients.claim()),
  );
});

worker.addEventListener('fetch', (event: FetchEvent) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  if (request.mode === 'navigate' && (url.pathname === '/capi' || url.pathname.startsWith('/capi/'))) {
    event.respondWith(appPage(request));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((cached) => cached ?? fetch(request)));
  } else if (OFFLINE_API.some((pattern) => pattern.test(url.pathname))) {
    event.respondWith(revalidated(request));
  }
});

/** The page from the network when it answers (so a new build shows), else this build's precached copy. */
async function appPage(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok) return response;
  } catch {
    // offline: fall through to the precached page
  }
  const cached = await caches.match(APP_PAGE);
  return cached ?? new Response('离线且未缓存 · Offline and not cached yet', { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * Network first with a conditional request: a 304 (same ETag) keeps the stored copy, a 200 replaces it;
 * with no network the stored copy answers. Answers are stored per URL and per signed-in user.
 */
async function revalidated(request: Request): Promise<Response> {
  const cache = await caches.open(DATA_CACHE);
  const key = await cacheKey(request);
  const cached = await cache.match(key);
  const headers = new Headers(request.headers);
  const etag = cached?.headers.get('ETag');
  if (etag) headers.set('If-None-Match', etag);
  try {
    const response = await fetch(request.url, { headers, credentials: 'same-origin', cache: 'no-store' });
    if (response.status === 304 && cached) return cached;
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    if (cached) return cached;
    throw error;
  }
}

/**
 * Sampling points differ per interviewer: the cache key carries a hash of the Authorization header (as a
 * query parameter: the Cache API ignores fragments).
 */
async function cacheKey(request: Request): Promise<string> {
  const auth = request.headers.get('Authorization');
  if (!auth) return request.url;
  const url = new URL(request.url);
  url.searchParams.set('_signedIn', hashOf(auth));
  return url.toString();
}

/** A short, stable string hash (FNV-1a); not for security, only to name caches and keys. */
function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

export {};
