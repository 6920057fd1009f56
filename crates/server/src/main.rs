use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use kiosque_server::config::{init_tracing, LogFormat, ServeArgs};
use kiosque_server::store::{MeterRules, Store};

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
                        let parsed =
                            kiosque_server::accounts::origin_of(origin).with_context(|| {
                                format!("--origin {origin:?} is not an http(s) origin")
                            })?;
                        allowed.push(parsed);
                    }
                    if !store.create_site(&site, &name, &allowed).await? {
                        bail!("a site {site:?} exists already");
                    }
                    println!("{site}: created");
                    Ok(())
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
