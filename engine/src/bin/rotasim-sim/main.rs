//! `rotasim-sim`: run Rotasim simulations from the command line.

mod insight;

use clap::{Args, Parser, Subcommand};
use rotasim_engine::{
    report::SimReport, run, Apl, Catalog, Character, FightKind, HealthModel, Latency, Progress,
    RaidBuffs, Reaction, SimConfig,
};
use std::{io::IsTerminal, process::ExitCode, sync::atomic::AtomicBool};

#[derive(Parser)]
#[command(
    name = "rotasim-sim",
    version,
    about = "Monte-Carlo combat simulation of a rotation"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Subcommand)]
enum Command {
    /// List the built-in specs.
    Specs {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Check a rotation file against a spec and report errors with line:column.
    CheckApl {
        /// The APL file.
        file: String,
        #[command(flatten)]
        spec: SpecArgs,
    },
}

#[derive(Args, Clone)]
struct SpecArgs {
    /// Built-in spec id (see `rotasim-sim specs`).
    #[arg(long, conflicts_with = "spec_file")]
    spec: Option<String>,
    /// A spec TOML file (see engine/README.md).
    #[arg(long)]
    spec_file: Option<String>,
}

#[derive(Args)]
struct RunArgs {
    #[command(flatten)]
    spec: SpecArgs,
    /// Rotation file (default: the spec's rotation).
    #[arg(long)]
    apl_file: Option<String>,
    /// Character JSON file (default: the spec's character).
    #[arg(long)]
    character_file: Option<String>,
    /// patchwerk | movement | aoe | hectic_add_cleave | dungeon_slice | cleave_add
    #[arg(long, default_value = "patchwerk")]
    fight: String,
    /// aoe: targets (default 5); hectic_add_cleave: adds per wave (3); dungeon_slice: pack size (4).
    #[arg(long)]
    targets: Option<u32>,
    /// Target health: auto (fixed_time for patchwerk, movement, aoe; estimated for the others)
    /// | fixed_time | estimated.
    #[arg(long, default_value = "auto")]
    health: String,
    /// With estimated health: the boss's health pool (default: estimated).
    #[arg(long)]
    target_health: Option<f64>,
    /// Fight length in seconds (30–900).
    #[arg(long, default_value_t = 300.0)]
    duration: f64,
    /// Fixed fight length (no ±20 % variation).
    #[arg(long)]
    fixed_length: bool,
    /// Iterations (1–50000; the maximum with --target-error).
    #[arg(long)]
    iterations: Option<u32>,
    /// Stop when the 95 % error of mean DPS is below this percent.
    #[arg(long)]
    target_error: Option<f64>,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// First iteration index (replay iteration I with --iteration-offset I --iterations 1).
    #[arg(long, default_value_t = 0)]
    iteration_offset: u64,
    /// Threads (0 = all cores).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Compute stat weights.
    #[arg(long)]
    stat_weights: bool,
    /// No Bloodlust (default: +30 % haste for 40 s at --bloodlust-at).
    #[arg(long)]
    no_bloodlust: bool,
    /// Seconds after the pull when Bloodlust comes.
    #[arg(long, default_value_t = 0.0)]
    bloodlust_at: f64,
    /// Power Infusion: +20 % haste for 15 s from the pull, every --power-infusion-every seconds.
    #[arg(long)]
    power_infusion: bool,
    /// Seconds between Power Infusions.
    #[arg(long, default_value_t = 120.0)]
    power_infusion_every: f64,
    /// Raid damage aura in percent (3 = all damage +3 %).
    #[arg(long, default_value_t = 0.0)]
    raid_aura: f64,
    /// Mean reaction time for buff.X.react, seconds.
    #[arg(long, default_value_t = 0.15)]
    reaction: f64,
    /// Standard deviation of the reaction time, seconds.
    #[arg(long, default_value_t = 0.05)]
    reaction_sd: f64,
    /// Mean latency between one action and the next, seconds.
    #[arg(long, default_value_t = 0.05)]
    latency: f64,
    /// Standard deviation of the latency, seconds.
    #[arg(long, default_value_t = 0.015)]
    latency_sd: f64,
    /// Print the SimReport as JSON on stdout.
    #[arg(long)]
    json: bool,
    /// Also print the sample iteration's decisions, each with why the higher lines were skipped.
    #[arg(long)]
    explain: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Specs { json }) => specs(json),
        Some(Command::CheckApl { file, spec }) => check_apl(&file, &spec),
        None => run_sim(&cli.run),
    };
    match result {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("rotasim-sim: {msg}");
            ExitCode::from(2)
        }
    }
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

/// The catalogue plus `--spec-file`, and the chosen spec id.
fn catalog_and_spec(args: &SpecArgs) -> Result<(Catalog, String), String> {
    let catalog = Catalog::builtin();
    match (&args.spec, &args.spec_file) {
        (Some(id), None) => Ok((catalog, id.clone())),
        (None, Some(path)) => {
            let text = read(path)?;
            let spec = rotasim_engine::load_spec(&text).map_err(|e| format!("{path}: {e}"))?;
            let id = spec.id().to_string();
            Ok((catalog.with_spec(spec), id))
        }
        _ => {
            Err("choose a spec with --spec ID or --spec-file PATH (see `rotasim-sim specs`)".into())
        }
    }
}

fn specs(json: bool) -> Result<ExitCode, String> {
    let list = Catalog::builtin().summaries();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?
        );
    } else {
        println!(
            "{:<24} {:<24} {:<10} {:<16} resource",
            "id", "name", "class", "spec"
        );
        for s in list {
            println!(
                "{:<24} {:<24} {:<10} {:<16} {}",
                s.id, s.name, s.class, s.spec, s.resource
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn check_apl(file: &str, args: &SpecArgs) -> Result<ExitCode, String> {
    let (catalog, id) = catalog_and_spec(args)?;
    let spec = catalog
        .get(&id)
        .ok_or_else(|| format!("unknown spec '{id}'"))?;
    let text = read(file)?;
    match Apl::compile_all(&text, spec) {
        Ok(apl) => {
            let actions: usize = apl.lists.iter().map(|l| l.len()).sum();
            println!("{file}: OK ({} lists, {actions} actions)", apl.lists.len());
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            for e in errors {
                println!("{file}:{e}");
            }
            Ok(ExitCode::from(1))
        }
    }
}

fn run_sim(a: &RunArgs) -> Result<ExitCode, String> {
    let (catalog, spec) = catalog_and_spec(&a.spec)?;
    let fight = FightKind::parse(&a.fight).ok_or_else(|| {
        let known: Vec<&str> = FightKind::ALL.iter().map(|f| f.name()).collect();
        format!("unknown fight '{}' ({})", a.fight, known.join(", "))
    })?;
    let health = HealthModel::parse(&a.health).ok_or_else(|| {
        format!(
            "unknown health '{}' (auto, fixed_time, estimated)",
            a.health
        )
    })?;
    let apl = a.apl_file.as_deref().map(read).transpose()?;
    let character: Option<Character> = match &a.character_file {
        Some(p) => Some(serde_json::from_str(&read(p)?).map_err(|e| format!("{p}: {e}"))?),
        None => None,
    };
    let config = SimConfig {
        spec,
        apl,
        character,
        fight,
        targets: a.targets,
        duration: a.duration,
        vary_length: !a.fixed_length,
        iterations: a.iterations.unwrap_or(if a.target_error.is_some() {
            50_000
        } else {
            10_000
        }),
        target_error: a.target_error,
        seed: a.seed,
        iteration_offset: a.iteration_offset,
        threads: a.threads,
        stat_weights: a.stat_weights,
        raid: RaidBuffs {
            bloodlust: !a.no_bloodlust,
            bloodlust_at: a.bloodlust_at,
            power_infusion: a.power_infusion,
            power_infusion_every: a.power_infusion_every,
            damage_aura: a.raid_aura / 100.0,
        },
        reaction: Reaction {
            mean: a.reaction,
            sd: a.reaction_sd,
        },
        health,
        target_health: a.target_health,
        latency: Latency {
            mean: a.latency,
            sd: a.latency_sd,
        },
    };
    let prepared = match config.validate(&catalog) {
        Ok(p) => p,
        Err(e) => {
            for (field, msg) in &e.fields {
                eprintln!("rotasim-sim: {field}: {msg}");
            }
            return Ok(ExitCode::from(2));
        }
    };
    let tty = std::io::stderr().is_terminal();
    let start = std::time::Instant::now();
    let mut on_progress = |p: &Progress| {
        if tty {
            let pct = if p.total > 0 {
                p.done as f64 / p.total as f64
            } else {
                0.0
            };
            let filled = (pct * 30.0).round() as usize;
            eprint!(
                "\r[{}{}] {:>3.0}%  {}/{} iterations  {:.0} DPS ± {:.2} %   ",
                "#".repeat(filled),
                " ".repeat(30 - filled.min(30)),
                pct * 100.0,
                p.done,
                p.total,
                p.partial.mean_dps,
                p.partial.error_pct
            );
        }
    };
    let report =
        run(&prepared, &mut on_progress, &AtomicBool::new(false)).map_err(|e| e.to_string())?;
    if tty {
        eprintln!();
    }
    let elapsed = start.elapsed();
    if a.json {
        println!(
            "{}",
            serde_json::to_string(&report).map_err(|e| e.to_string())?
        );
    } else {
        print_summary(&report, &prepared.config, elapsed);
        insight::print_lines(&report);
        if a.explain {
            insight::print_sequence(&report);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn thousands(v: f64) -> String {
    let n = v.round() as i64;
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

fn print_summary(r: &SimReport, c: &SimConfig, elapsed: std::time::Duration) {
    let s = &r.stats;
    println!(
        "Rotasim {} — {} · {} · {} target{} · {} s{} · {} iterations · seed {}",
        r.engine_version,
        r.spec_name,
        r.fight.name(),
        r.targets,
        if r.targets == 1 { "" } else { "s" },
        r.requested_duration,
        if c.vary_length { " ±20 %" } else { "" },
        s.iterations,
        r.seed
    );
    println!();
    println!(
        "  DPS  {}  ± {} ({:.2} %)",
        thousands(s.mean_dps),
        thousands(s.error),
        s.error_pct
    );
    println!(
        "       min {}  p5 {}  median {}  p95 {}  max {}  std dev {}",
        thousands(s.min_dps),
        thousands(s.p5_dps),
        thousands(s.median_dps),
        thousands(s.p95_dps),
        thousands(s.max_dps),
        thousands(s.std_dev)
    );
    println!(
        "       fight length mean {:.1} s  min {:.1}  max {:.1}{}",
        s.duration,
        s.min_duration,
        s.max_duration,
        if s.estimated_health {
            "  (estimated health: ends when the boss dies)"
        } else {
            ""
        }
    );
    if s.targets_seen > 1.0 {
        println!(
            "       targets per fight {:.1}, killed {:.1}",
            s.targets_seen, s.targets_killed
        );
    }
    println!();
    println!(
        "  {:<22} {:>10} {:>7} {:>7} {:>7} {:>6} {:>10}",
        "Ability", "DPS", "Share", "Casts", "Hits", "Crit", "Avg hit"
    );
    for a in &r.abilities {
        println!(
            "  {:<22} {:>10} {:>6.1}% {:>7.1} {:>7.1} {:>5.1}% {:>10}",
            a.name,
            thousands(a.dps),
            a.share,
            a.casts,
            a.hits,
            a.crit_pct,
            thousands(a.avg_hit)
        );
    }
    if !r.buffs.is_empty() {
        println!();
        println!(
            "  {:<22} {:>7} {:>11} {:>9}",
            "Buff", "Uptime", "Avg stacks", "Triggers"
        );
        for b in &r.buffs {
            println!(
                "  {:<22} {:>6.1}% {:>11.2} {:>9.1}",
                b.name, b.uptime, b.avg_stacks, b.triggers
            );
        }
    }
    if let Some(w) = &r.stat_weights {
        println!();
        println!(
            "  Stat weights (primary = 1.00, +{} rating each)",
            w.first().map_or(0.0, |x| x.delta)
        );
        for x in w {
            println!(
                "    {:<12} {:>6.3} ± {:.3}   ({:.2} DPS per point)",
                x.stat.name(),
                x.weight,
                x.error,
                x.dps_per_point
            );
        }
    }
    println!();
    println!(
        "  Best iteration #{} ({} DPS), worst #{} ({} DPS): replay with --seed {} --iteration-offset N --iterations 1",
        r.best.iteration,
        thousands(r.best.dps),
        r.worst.iteration,
        thousands(r.worst.dps),
        r.seed
    );
    if r.stopped_at_target_error {
        println!("  Stopped early: target error reached.");
    }
    println!("  Simulated in {:.2} s", elapsed.as_secs_f64());
}
