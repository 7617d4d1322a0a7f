use clap::Parser;

use wijkmatch::cli::{self, Cli, Command};
use wijkmatch::config::Settings;

fn main() {
    let args = Cli::parse();
    // The solver needs no configuration or database.
    if matches!(args.command, Some(Command::Solve)) {
        let code = wijkmatch::matching::run_solve(
            std::io::stdin().lock(),
            std::io::stdout().lock(),
            std::io::stderr().lock(),
        );
        std::process::exit(code);
    }
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("wijkmatch: {e}");
            std::process::exit(cli::EXIT_BAD_INPUT);
        }
    };
    let code = match args.command.unwrap_or(Command::Serve) {
        Command::Serve => cli::serve(settings),
        Command::Solve => unreachable!("handled before the settings are loaded"),
        Command::Backup { to, overwrite } => cli::backup(settings, &to, overwrite),
        Command::CreateAdmin { email, .. } => {
            cli::create_admin(settings, &email, &mut std::io::stdin().lock())
        }
        Command::SeedDemo { scale, seed, force } => cli::seed_demo(
            settings,
            wijkmatch::demo::DemoOptions {
                scale: scale as usize,
                seed,
                force,
            },
        ),
    };
    std::process::exit(code);
}
