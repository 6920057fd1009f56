//! The application: the public API, the console and (with `--demo`) the demo publisher's
//! pages, composed here so that none of them needs the others.

use axum::Router;

use crate::AppState;

pub fn router(state: AppState) -> Router {
    let mut app = crate::http::routes(&state).merge(crate::console::routes(state.clone()));
    if state.config.demo {
        app = app.merge(crate::demo_site::routes());
    }
    crate::http::serve(app, state)
}
