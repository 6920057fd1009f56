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
