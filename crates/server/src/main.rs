use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use kiosque_server::config::{init_tracing, LogFormat, ServeArgs};
use kiosque_server::store::{MeterRules, Store};

/// mimalloc instead of glibc's malloc: measured on metered reads (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Kiosque reference backend.
#[derive(Parser)]
#[command(name = "kiosque-server", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the public API, the built widget and (with --demo) the demo publisher site.
    Serve(ServeArgs),
    /// Change a site's settings in the database.
    Site(SiteArgs),
    /// Manage the console's users.
    Admin(AdminArgs),
    /// Move the database elsewhere.
    Database(DatabaseCommandArgs),
}

#[derive(Args)]
struct DatabaseCommandArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    #[command(subcommand)]
    command: DatabaseCommand,
}

#[derive(Subcommand)]
enum DatabaseCommand {
    /// Copy everything from the SQLite database (--database-url) into a new, empty PostgreSQL
    /// database, in one transaction; servers must be stopped meanwhile.
    Copy {
        /// The PostgreSQL database, `postgres://user:password@host/database` (created
        /// beforehand, empty: the command makes its tables).
        #[arg(long, value_name = "URL")]
        to: String,
    },
}

/// The database the `site` and `admin` commands change.
#[derive(Args)]
struct DatabaseArgs {
    /// Database URL, as for `serve`.
    #[arg(
        long,
        env = "KIOSQUE_DATABASE_URL",
        default_value = "sqlite://data/kiosque.db",
        global = true
    )]
    database_url: String,
}

#[derive(Args)]
struct AdminArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    #[command(subcommand)]
    command: AdminCommand,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a console user and print its one-time password, once: it must be changed at the
    /// first sign-in.
    Create {
        /// The user's e-mail address, which it signs in with.
        #[arg(long)]
        email: String,
        /// admin: manages users and sites; marketer: the content of its sites.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// A site the user may manage (repeatable); an admin manages every site anyway.
        #[arg(long = "site")]
        sites: Vec<String>,
    },
    /// Give a user a new one-time password (its sessions end) and print it, once.
    ResetPassword {
        #[arg(long)]
        email: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum AccessArg {
    Free,
    Registered,
    Subscribers,
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Admin,
    Marketer,
}

async fn admin(args: AdminArgs) -> anyhow::Result<()> {
    use kiosque_server::accounts::normalise_email;
    use kiosque_server::console;
    use kiosque_server::store::ConsoleRole;

    let store = Store::connect(&args.database.database_url).await?;
    match args.command {
        AdminCommand::Create { email, role, sites } => {
            let Some(email) = normalise_email(&email) else {
                bail!("--email {email:?} is not an e-mail address");
            };
            let unknown = console::unknown_sites(&store, &sites).await?;
            if !unknown.is_empty() {
                bail!("no site {:?} in this database", unknown.join(", "));
            }
            let role = match role {
                RoleArg::Admin => ConsoleRole::Admin,
                RoleArg::Marketer => ConsoleRole::Marketer,
            };
            let Some(one_time) = console::create_user(&store, &email, role, &sites).await? else {
                bail!("a console user {email:?} exists already (reset its password with `admin reset-password`)");
            };
            println!(
                "console: {} {email}, one-time password: {one_time}, change it at /admin",
                role.as_str()
            );
        }
        AdminCommand::ResetPassword { email } => {
            let user = match normalise_email(&email) {
                Some(email) => store.console_user_by_email(&email).await?,
                None => None,
            };
            let Some(user) = user else {
                bail!("no console user {email:?} in this database");
            };
            let Some(one_time) = console::reset_password(&store, user.id).await? else {
                bail!("no console user {email:?} in this database");
            };
            if user.disabled {
                eprintln!(
                    "note: {} is disabled; an admin can enable it in the console",
                    user.email
                );
            }
            println!(
                "console: {}, one-time password: {one_time}, change it at /admin",
                user.email
            );
        }
    }
    Ok(())
}

#[derive(Args)]
struct SiteArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    #[command(subcommand)]
    command: SiteCommand,
}

#[derive(Subcommand)]
enum SiteCommand {
    /// Create a site (default paywall texts and meter; the console edits the rest).
    Create {
        /// Site id, as in `data-site`: lower-case letters, digits and `-`.
        site: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// An origin allowed to call the API from browsers (repeatable), e.g. https://www.journal.example
        #[arg(long = "origin")]
        origins: Vec<String>,
    },
    /// List, add or remove the origins whose pages may call the site's API from a browser.
    Origins {
        site: String,
        /// Print the allowed origins, one per line (also the default).
        #[arg(long)]
        list: bool,
        /// Allow an origin, `scheme://host[:port]` (repeatable).
        #[arg(long = "add", value_name = "ORIGIN")]
        add: Vec<String>,
        /// Stop allowing an origin (repeatable).
        #[arg(long = "remove", value_name = "ORIGIN")]
        remove: Vec<String>,
    },
    /// Import an RSS or Atom feed as the site's articles, on a schedule (`serve` runs it).
    Feed {
        site: String,
        /// Add a feed (its items are imported by the server within seconds, then every
        /// --every); with --import, at once by this command too.
        #[arg(long, value_name = "URL")]
        add: Option<String>,
        /// Access level of the imported articles.
        #[arg(long, value_enum, default_value = "subscribers")]
        access: AccessArg,
        /// How often to import it: 15m, 2h, 1d (at least 1m).
        #[arg(long, default_value = "15m")]
        every: String,
        /// Section slug of the imported articles (created if missing).
        #[arg(long, default_value = "actualites")]
        section: String,
        /// Stop importing the feed with this id (its articles stay).
        #[arg(long, value_name = "ID")]
        remove: Option<i64>,
        /// Import now (the added feed, or every feed of the site) and print what it did.
        #[arg(long)]
        import: bool,
    },
    /// Make an admin API key for the site's own systems and print it once.
    ApiKey {
        site: String,
        /// What the key is for ("CRM", "back office").
        #[arg(long)]
        name: String,
    },
    /// Generate a new entitlement key (HS256) for the site and print it once.
    EntitlementKey {
        site: String,
        /// Longest lifetime (exp - iat) a token may claim, in seconds.
        #[arg(long, default_value_t = 86400)]
        max_lifetime_secs: i64,
    },
    /// Set the free-article meter: gated articles an anonymous reader may read per period.
    Meter {
        /// Site id.
        site: String,
        /// Free gated articles per period for anonymous readers; 0 turns the meter off.
        #[arg(long)]
        anonymous: u32,
        /// Free subscriber-only articles per period for registered readers.
        #[arg(long, default_value_t = 10)]
        registered: u32,
        /// Length of the period, in days (1 to 366).
        #[arg(long, default_value_t = 30)]
        period_days: u32,
    },
}

/// An origin given on the command line, checked as the console and the admin API check it.
fn allowed_origin(flag: &str, input: &str) -> anyhow::Result<String> {
    kiosque_server::accounts::parse_allowed_origin(input).with_context(|| {
        format!(
            "{flag} {input:?} is not an origin: scheme://host[:port], http or https, \
             without a path or a wildcard (e.g. https://www.journal.example)"
        )
    })
}

#[allow(clippy::too_many_arguments)]
async fn feed_command(
    store: &Store,
    site: &str,
    add: Option<String>,
    access: AccessArg,
    every: &str,
    section: &str,
    remove: Option<i64>,
    import: bool,
) -> anyhow::Result<()> {
    use kiosque_protocol::AccessLevel;
    use kiosque_server::publishing::{self, feeds};

    if store.site(site).await?.is_none() {
        bail!("no site {site:?} in this database");
    }
    let now = kiosque_server::unix_now();
    let mut to_import = Vec::new();
    if let Some(url) = add {
        if kiosque_server::accounts::origin_of(&url).is_none() {
            bail!("--add {url:?} is not an http(s) URL");
        }
        let Some(every_secs) = feeds::parse_every(every) else {
            bail!("--every {every:?}: say 15m, 2h or 1d (from 1m to 30d)");
        };
        if !publishing::valid_slug(section) || section.len() > 64 {
            bail!("--section {section:?} is not a slug (a-z, 0-9 and -)");
        }
        let access = match access {
            AccessArg::Free => AccessLevel::Free,
            AccessArg::Registered => AccessLevel::Registered,
            AccessArg::Subscribers => AccessLevel::Subscribers,
        };
        let name = publishing::section_name_of(section);
        let id = match store
            .add_feed(site, &url, access, every_secs, (section, &name), now)
            .await?
        {
            Ok(id) => {
                println!("feed {id}: {url}, {} every {every}", access.as_str());
                id
            }
            Err(id) => {
                println!("feed {id}: {url} is already imported for {site:?}");
                id
            }
        };
        to_import.push(id);
    }
    if let Some(id) = remove {
        if !store.remove_feed(site, id).await? {
            bail!("{site:?} has no feed {id}");
        }
        println!("feed {id}: removed (its articles stay)");
    }
    let feeds = store.feeds(site).await?;
    if import {
        let mut failed = false;
        for feed in feeds
            .iter()
            .filter(|f| to_import.is_empty() || to_import.contains(&f.id))
        {
            match feeds::run_one(store, site, feed).await {
                Ok(r) => println!(
                    "feed {}: {} created, {} updated, {} unchanged, {} skipped",
                    feed.id, r.created, r.updated, r.unchanged, r.skipped
                ),
                Err(reason) => {
                    failed = true;
                    eprintln!("feed {}: not imported, nothing changed: {reason}", feed.id);
                }
            }
        }
        if failed {
            bail!("a feed could not be imported");
        }
    } else if to_import.is_empty() && remove.is_none() {
        for f in &feeds {
            let last = match (&f.last_run_at, &f.last_error) {
                (None, _) => "never imported".to_owned(),
                (Some(_), Some(error)) => format!("last import failed: {error}"),
                (Some(_), None) => format!(
                    "last import: {} created, {} updated",
                    f.last_created, f.last_updated
                ),
            };
            println!(
                "feed {}: {} ({}, every {} s, section {}) — {last}",
                f.id,
                f.url,
                f.access.as_str(),
                f.every_secs,
                f.section_slug
            );
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => {
            init_tracing(args.log_format);
            kiosque_server::serve(args).await
        }
        Command::Admin(args) => {
            init_tracing(LogFormat::Text);
            admin(args).await
        }
        Command::Database(args) => {
            init_tracing(LogFormat::Text);
            let DatabaseCommand::Copy { to } = args.command;
            let from = Store::connect(&args.database.database_url).await?;
            let target = Store::connect(&to).await?;
            let copied = from.copy_into(&target).await?;
            for (table, rows) in &copied {
                println!("{table}: {rows} rows");
            }
            println!("copied {} rows", copied.values().sum::<u64>());
            Ok(())
        }
        Command::Site(args) => {
            init_tracing(LogFormat::Text);
            let store = Store::connect(&args.database.database_url).await?;
            match args.command {
                SiteCommand::Create {
                    site,
                    name,
                    origins,
                } => {
                    if !kiosque_server::console::valid_site_id(&site) {
                        bail!("a site id is 1 to 64 characters of a-z, 0-9 and -");
                    }
                    let mut allowed = Vec::new();
                    for origin in &origins {
                        let parsed = allowed_origin("--origin", origin)?;
                        if !allowed.contains(&parsed) {
                            allowed.push(parsed);
                        }
                    }
                    if !store.create_site(&site, &name, &allowed).await? {
                        bail!("a site {site:?} exists already");
                    }
                    println!("{site}: created");
                    Ok(())
                }
                SiteCommand::Origins {
                    site,
                    list: _,
                    add,
                    remove,
                } => {
                    let Some(mut origins) = store.allowed_origins(&site).await? else {
                        bail!("no site {site:?} in this database");
                    };
                    let changed = !add.is_empty() || !remove.is_empty();
                    for origin in &add {
                        let origin = allowed_origin("--add", origin)?;
                        if !origins.contains(&origin) {
                            origins.push(origin);
                        }
                    }
                    for origin in &remove {
                        let origin = allowed_origin("--remove", origin)?;
                        if !origins.contains(&origin) {
                            bail!("{origin} is not an allowed origin of {site:?}");
                        }
                        origins.retain(|o| *o != origin);
                    }
                    if changed {
                        store.set_allowed_origins(&site, &origins).await?;
                    }
                    for origin in &origins {
                        println!("{origin}");
                    }
                    Ok(())
                }
                SiteCommand::Feed {
                    site,
                    add,
                    access,
                    every,
                    section,
                    remove,
                    import,
                } => {
                    feed_command(&store, &site, add, access, &every, &section, remove, import).await
                }
                SiteCommand::ApiKey { site, name } => {
                    let key = kiosque_server::accounts::new_secret();
                    let hash = kiosque_server::accounts::sha256_hex(&key);
                    let now = kiosque_server::unix_now();
                    if !store.create_api_key(&site, &name, &hash, now).await? {
                        bail!("no site {site:?} in this database");
                    }
                    println!("{key}");
                    Ok(())
                }
                SiteCommand::EntitlementKey {
                    site,
                    max_lifetime_secs,
                } => {
                    if max_lifetime_secs <= 0 {
                        bail!("--max-lifetime-secs must be positive");
                    }
                    let key = kiosque_server::accounts::new_secret();
                    if !store
                        .set_entitlement_key(&site, &key, max_lifetime_secs)
                        .await?
                    {
                        bail!("no site {site:?} in this database");
                    }
                    println!("{key}");
                    Ok(())
                }
                SiteCommand::Meter {
                    site,
                    anonymous,
                    registered,
                    period_days,
                } => {
                    if !(1..=366).contains(&period_days) {
                        bail!("--period-days must be between 1 and 366");
                    }
                    let rules = MeterRules {
                        anonymous,
                        registered,
                        period_days,
                    };
                    let found = store
                        .set_meter_rules(&site, rules)
                        .await
                        .context("saving the meter")?;
                    if !found {
                        bail!("no site {site:?} in this database");
                    }
                    println!(
                        "{site}: per {period_days} days, {anonymous} free gated articles \
                         anonymously, {registered} with an account"
                    );
                    Ok(())
                }
            }
        }
    }
}
