use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
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
}

#[derive(Args)]
struct SiteArgs {
    /// Database URL, as for `serve`.
    #[arg(
        long,
        env = "KIOSQUE_DATABASE_URL",
        default_value = "sqlite://data/kiosque.db",
        global = true
    )]
    database_url: String,
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
        Command::Site(args) => {
            init_tracing(LogFormat::Text);
            let store = Store::connect(&args.database_url).await?;
            match args.command {
                SiteCommand::Create {
                    site,
                    name,
                    origins,
                } => {
                    let valid_id = !site.is_empty()
                        && site.len() <= 64
                        && site
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                    if !valid_id {
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
