// Types for <profile-viewer> (embed.js). The element's reference: docs/embedding.md and
// custom-elements.json beside this file.

export interface ProfileViewerSession {
  /** The member token from the host's login; kept in memory, sent only to the viewer's own API. */
  token: string;
  name?: string;
  /** A tier id of the site, e.g. "strategy-circle". */
  tier: string;
}

export interface ProfileViewerEventMap {
  'profile-viewer:ready': CustomEvent<{ profile: string; name: string; firstPaint?: boolean }>;
  'profile-viewer:error': CustomEvent<{ profile?: string; error: string; message: string }>;
  'profile-viewer:login-requested': CustomEvent<{ reason?: string }>;
  'profile-viewer:join-requested': CustomEvent<{ tier: string }>;
  'profile-viewer:session-changed': CustomEvent<{ signedIn: boolean; name: string; tier: string }>;
}

export interface ProfileViewerElement extends HTMLElement {
  profile: string;
  api: string;
  auth: 'cookie' | 'host';
  theme: 'light' | 'dark' | 'auto' | string;
  compact: boolean;
  offline: boolean;
  loading: 'lazy' | 'eager';
  /** The first paint's URL, for a page's `<link rel="preload" as="fetch" crossorigin>`; null when it reads another API. */
  readonly firstPaintUrl: string | null;
  setSession(session: ProfileViewerSession): void;
  clearSession(): void;
  addEventListener<K extends keyof ProfileViewerEventMap>(
    type: K,
    listener: (this: ProfileViewerElement, event: ProfileViewerEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'profile-viewer': ProfileViewerElement;
  }
  interface DocumentEventMap extends ProfileViewerEventMap {}
}
