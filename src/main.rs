use clap::Parser;

use wijkmatch::cli::{self, Cli, Command};
use wijkmatch::config::Settings;

fn main() {
    let args = Cli::parse();
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("wijkmatch: {e}");
            std::process::exit(cli::EXIT_BAD_INPUT);
        }
    };
    let code = match args.command.unwrap_or(Command::Serve) {
        Command::Serve => cli::serve(settings),
        Command::CreateAdmin { email, .. } => {
            cli::create_admin(settings, &email, &mut std::io::stdin().lock())
        }
        Command::SeedDemo { scale, seed, force } => cli::seed_demo(
            settings,
            wijkmatch::service::demo::DemoOptions {
                scale: scale as usize,
                seed,
                force,
            },
        ),
    };
    std::process::exit(code);
}
