//! The rotation's part of the summary: per-line counts and time accounting, and with
//! `--explain` the sample iteration's decisions with why every higher line was skipped.

use rotasim_engine::{insight::SequenceRow, SimReport};

/// `m:ss.s`
fn clock(t: f64) -> String {
    let m = (t / 60.0).floor();
    format!("{}:{:04.1}", m as u64, t - m * 60.0)
}

/// The priority list with counts, then APM, waiting, overflow and cooldown waste.
pub fn print_lines(r: &SimReport) {
    if r.apl_lines.is_empty() {
        return;
    }
    println!();
    println!(
        "  {:<4} {:<44} {:>9} {:>9} {:>7} {:>7}",
        "Line", "Priority list (as run)", "Per fight", "Min–max", "Casts", "Damage"
    );
    let mut list = "";
    for l in &r.apl_lines {
        if l.list != list {
            list = &l.list;
            println!(
                "  actions{}",
                if list == "default" {
                    String::new()
                } else {
                    format!(".{list}")
                }
            );
        }
        let mut text = l.text.clone();
        if text.chars().count() > 44 {
            text = text.chars().take(43).collect::<String>() + "…";
        }
        let counts = if l.never_executed {
            format!("{:>9} {:>9}", "never", "")
        } else {
            format!(
                "{:>9.1} {:>9}",
                l.executions,
                format!("{}–{}", l.min_executions, l.max_executions)
            )
        };
        println!(
            "  {:<4} {:<44} {} {:>6.1}% {:>6.1}%",
            l.line, text, counts, l.cast_share, l.damage_share
        );
    }
    let w = &r.waiting;
    println!();
    let reasons: Vec<String> = w
        .by_reason
        .iter()
        .filter(|x| x.pct > 0.0)
        .map(|x| format!("{} {:.1} %", x.reason.label(), x.pct))
        .collect();
    println!(
        "  APM {:.1} · active {:.1} % · waiting {:.1} %{}",
        w.apm,
        w.active_pct,
        w.waiting_pct,
        if reasons.is_empty() {
            String::new()
        } else {
            format!(" ({})", reasons.join(", "))
        }
    );
    for o in r.overflow.iter().filter(|o| o.total > 0.0) {
        println!(
            "  {} overflow {:.1} per minute ({:.0} per fight)",
            o.resource, o.per_minute, o.total
        );
    }
    for c in &r.cooldown_waste {
        println!(
            "  {} ({} s cooldown) ready and unused {:.1} s per fight (min {:.1}, max {:.1})",
            c.name, c.cooldown, c.mean, c.min, c.max
        );
    }
}

/// The sample iteration's decisions, each with the reason every higher line was skipped.
pub fn print_sequence(r: &SimReport) {
    let Some(seq) = &r.sequence else {
        println!("  (no sample sequence)");
        return;
    };
    println!();
    println!(
        "  Sample iteration #{} ({:.1} s): {} decisions{}",
        seq.iteration,
        seq.length,
        seq.rows.len(),
        if seq.truncated { ", cut short" } else { "" }
    );
    let line_text = |i: u32| r.apl_lines.get(i as usize).map_or("?", |l| l.text.as_str());
    let line_no = |i: u32| r.apl_lines.get(i as usize).map_or(0, |l| l.line);
    for row in &seq.rows {
        match row {
            SequenceRow::Cast {
                time,
                line,
                spell,
                target,
                resource,
                buffs,
                skipped,
                ..
            } => {
                println!(
                    "  {}  {} (line {}{}) · {} {:.0}{}",
                    clock(*time),
                    spell,
                    line_no(*line),
                    if *target > 0 {
                        format!(", target {}", target + 1)
                    } else {
                        String::new()
                    },
                    r.timeline.resource_name,
                    resource,
                    if buffs.is_empty() {
                        String::new()
                    } else {
                        format!(" · {}", buffs.join(", "))
                    }
                );
                for s in skipped {
                    println!(
                        "          skipped line {} {}: {}",
                        line_no(s.line),
                        line_text(s.line),
                        s.reason.describe()
                    );
                }
            }
            SequenceRow::Wait {
                time,
                duration,
                detail,
                ..
            } => {
                println!("  {}  waiting {:.2} s: {}", clock(*time), duration, detail);
            }
        }
    }
}
