//! How requests authenticate: the bearer token (host mode, memory only) and the 401 hook.

use std::sync::{Arc, Mutex, MutexGuard};

/// How requests authenticate, shared by every clone of one [`ApiClient`] and set by the
/// session store (`crate::session`): the bearer token in host mode (memory only), and the
/// hook that a 401 calls. `epoch` changes on every sign-in and sign-out, so a 401 that
/// answers a request sent under an earlier session cannot sign out a newer one.
type UnauthorizedHook = Arc<dyn Fn(&AuthHandle) + Send + Sync>;

#[derive(Default)]
struct AuthInner {
    bearer: Option<String>,
    epoch: u64,
    on_unauthorized: Option<UnauthorizedHook>,
}

#[derive(Clone, Default)]
pub struct AuthHandle(Arc<Mutex<AuthInner>>);

impl AuthHandle {
    /// Whether two handles are one session (clones of one client).
    pub(super) fn same(&self, other: &AuthHandle) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    fn lock(&self) -> MutexGuard<'_, AuthInner> {
        // A panic while holding this lock cannot leave it inconsistent (plain fields).
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts a new session epoch with this bearer token (`None`: cookie or signed out).
    pub fn begin_epoch(&self, bearer: Option<String>) -> u64 {
        let mut inner = self.lock();
        inner.epoch = inner.epoch.wrapping_add(1);
        inner.bearer = bearer;
        inner.epoch
    }

    pub fn epoch(&self) -> u64 {
        self.lock().epoch
    }

    pub fn has_bearer(&self) -> bool {
        self.lock().bearer.is_some()
    }

    pub(super) fn bearer(&self) -> Option<String> {
        self.lock().bearer.clone()
    }

    /// Installs the function a 401 calls (the session store's "sign out").
    /// It receives this handle (not a captured clone, which would keep itself alive).
    pub fn set_on_unauthorized(&self, hook: impl Fn(&AuthHandle) + Send + Sync + 'static) {
        self.lock().on_unauthorized = Some(Arc::new(hook));
    }

    pub fn clear_on_unauthorized(&self) {
        self.lock().on_unauthorized = None;
    }

    /// A request sent in `epoch` got 401: sign out, unless the session changed since.
    /// Returns whether the hook ran.
    pub fn unauthorized(&self, epoch: u64) -> bool {
        let hook = {
            let inner = self.lock();
            if inner.epoch != epoch {
                return false;
            }
            inner.on_unauthorized.clone()
        };
        // Called without the lock: the hook signs out, which starts a new epoch.
        match hook {
            Some(hook) => {
                hook(self);
                true
            }
            None => false,
        }
    }
}
