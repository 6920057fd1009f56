use clap::{Parser, Subcommand};
use kiosque_server::config::{init_tracing, ServeArgs};

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
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => {
            init_tracing(args.log_format);
            kiosque_server::serve(args).await
        }
    }
}
