//! The console tests' browser: a client that keeps cookies as a browser would (by hand, so
//! the tests can read their attributes), follows no redirect, and reads the hidden fields and
//! one-time passwords out of the pages.
#![allow(dead_code)] // each console test file uses a different part of this module

use std::collections::BTreeMap;

use reqwest::StatusCode;

use crate::common::{cli, start, TestServer};

/// A page as received.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    /// Every `Set-Cookie` header, whole.
    pub set_cookies: Vec<String>,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    /// The value of the hidden (or any) input `name`.
    pub fn field(&self, name: &str) -> String {
        let marker = format!(r#"name="{name}" value=""#);
        let start = self
            .body
            .find(&marker)
            .unwrap_or_else(|| panic!("no field {name} in {}", self.body))
            + marker.len();
        self.body[start..].split('"').next().unwrap().to_owned()
    }

    /// The one-time password the page shows once.
    pub fn one_time_password(&self) -> String {
        let marker = r#"<p class="secret"><code>"#;
        let start = self.body.find(marker).expect("a one-time password") + marker.len();
        self.body[start..].split('<').next().unwrap().to_owned()
    }

    /// The `Set-Cookie` header for cookie `name`.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.set_cookies
            .iter()
            .find(|c| c.starts_with(&format!("{name}=")))
            .map(String::as_str)
    }
}

pub struct Browser {
    pub base: String,
    client: reqwest::Client,
    pub cookies: BTreeMap<String, String>,
}

impl Browser {
    pub fn new(server: &TestServer) -> Browser {
        Browser {
            base: server.base.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: BTreeMap::new(),
        }
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> Page {
        let cookie_header: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let request = if cookie_header.is_empty() {
            request
        } else {
            request.header("cookie", cookie_header.join("; "))
        };
        let response = request.send().await.unwrap();
        let set_cookies: Vec<String> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        for cookie in &set_cookies {
            let pair = cookie.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if cookie.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        Page {
            status: response.status(),
            location: response
                .headers()
                .get("location")
                .map(|v| v.to_str().unwrap().to_owned()),
            set_cookies,
            headers: response.headers().clone(),
            body: response.text().await.unwrap(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let request = self.client.get(format!("{}{path}", self.base));
        self.send(request).await
    }

    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .form(fields);
        self.send(request).await
    }

    /// A POST with extra headers (an `Origin`, say).
    pub async fn post_with(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Page {
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .form(fields);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request).await
    }

    /// Opens the sign-in form, then posts it.
    pub async fn sign_in(&mut self, email: &str, password: &str) -> Page {
        let form = self.get("/admin/connexion").await;
        assert_eq!(form.status, StatusCode::OK);
        let csrf = form.field("csrf");
        self.post(
            "/admin/connexion",
            &[
                ("csrf", &csrf),
                ("email", email),
                ("password", password),
                ("retour", ""),
            ],
        )
        .await
    }

    /// The session's CSRF token, as the next form would carry it.
    pub async fn csrf(&mut self) -> String {
        self.get("/admin/mot-de-passe").await.field("csrf")
    }

    /// Posts a console form with the session's CSRF token.
    pub async fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.csrf().await;
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post(path, &all).await
    }

    /// Replaces a one-time password with `new`.
    pub async fn change_password(&mut self, current: &str, new: &str) -> Page {
        self.submit(
            "/admin/mot-de-passe",
            &[("current", current), ("new", new), ("confirm", new)],
        )
        .await
    }
}

/// `kiosque-server admin create …`: the one-time password it prints.
pub fn create_user(server: &TestServer, email: &str, role: &str, sites: &[&str]) -> String {
    let mut args = vec!["admin", "create", "--email", email, "--role", role];
    for site in sites {
        args.extend(["--site", site]);
    }
    let (ok, out, err) = cli(&args, &server.database_url());
    assert!(ok, "{err}");
    one_time_in(&out)
}

/// The one-time password in a line `…, one-time password: PASSWORD, …`.
pub fn one_time_in(line: &str) -> String {
    let start = line.find("one-time password: ").expect(line) + "one-time password: ".len();
    line[start..].split(',').next().unwrap().to_owned()
}

pub const PASSWORD: &str = "un mot de passe bien long";

/// A signed-in user with a password of its own (`PASSWORD`).
pub async fn signed_in(server: &TestServer, email: &str, role: &str, sites: &[&str]) -> Browser {
    let one_time = create_user(server, email, role, sites);
    let mut browser = Browser::new(server);
    let signed = browser.sign_in(email, &one_time).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let changed = browser.change_password(&one_time, PASSWORD).await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    browser
}

/// A server with the demo site and a second one, `autre`.
pub async fn two_sites() -> TestServer {
    let server = start().await;
    let (ok, _, err) = cli(
        &["site", "create", "autre", "--name", "Autre journal"],
        &server.database_url(),
    );
    assert!(ok, "{err}");
    server
}
