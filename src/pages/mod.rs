//! Route components: they read the URL, load data through the API client, and hand it to
//! the components. Titles and meta tags are set here, never in the components.

pub mod directory;
pub mod not_found;
pub mod profile;
pub mod saved;
