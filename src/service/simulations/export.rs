//! A completed simulation as a download: the job and its full report as JSON, or a summary and
//! the per-ability table as CSV.

use crate::{
    model::JobView,
    service::{Caller, ServiceError, Services},
};
use rotasim_engine::{insight::SequenceRow, SimReport};

/// Export formats of a finished simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The job and its full report.
    Json,
    /// Summary and per-ability table.
    Csv,
}

impl ExportFormat {
    /// Parses `?format=` (JSON when absent).
    pub fn parse(s: Option<&str>) -> Result<ExportFormat, ServiceError> {
        match s.unwrap_or("json") {
            "json" => Ok(ExportFormat::Json),
            "csv" => Ok(ExportFormat::Csv),
            other => Err(ServiceError::field(
                "format",
                format!("unknown export format '{other}' (json or csv)"),
            )),
        }
    }
}

/// A file to download.
#[derive(Debug, Clone)]
pub struct Export {
    /// MIME type.
    pub content_type: &'static str,
    /// Suggested file name.
    pub filename: String,
    /// Contents.
    pub body: String,
}

/// The caller's completed simulation as a JSON or CSV file (409 until it has completed).
pub async fn export(
    services: &Services,
    caller: &Caller,
    id: &str,
    format: ExportFormat,
) -> Result<Export, ServiceError> {
    let job = super::get(services, caller, id).await?;
    let Some(report) = job.result.as_ref() else {
        return Err(ServiceError::Conflict(format!(
            "simulation '{id}' is {}; only completed simulations can be exported",
            job.status.as_str()
        )));
    };
    let stem = format!("rotasim-{}-{id}", report.spec);
    Ok(match format {
        ExportFormat::Json => Export {
            content_type: "application/json",
            filename: format!("{stem}.json"),
            body: serde_json::to_string_pretty(&job).expect("job view serialises"),
        },
        ExportFormat::Csv => Export {
            content_type: "text/csv; charset=utf-8",
            filename: format!("{stem}.csv"),
            body: csv_report(&job, report).map_err(|e| ServiceError::Unavailable(e.to_string()))?,
        },
    })
}

/// Summary rows, then (each after a blank line) one row per ability, one per priority-list line,
/// and one per decision of the sample fight with the reasons higher lines were skipped.
fn csv_report(job: &JobView, r: &SimReport) -> Result<String, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let s = &r.stats;
    let rotation = job.rotation_name.clone().unwrap_or_default();
    let summary: [(&str, String); 12] = [
        ("job_id", job.job_id.clone()),
        ("rotation", rotation),
        ("spec", r.spec_name.clone()),
        ("fight", r.fight.name().to_string()),
        ("targets", r.targets.to_string()),
        ("duration_s", format!("{}", r.requested_duration)),
        ("iterations", s.iterations.to_string()),
        ("mean_dps", format!("{:.2}", s.mean_dps)),
        ("min_dps", format!("{:.2}", s.min_dps)),
        ("max_dps", format!("{:.2}", s.max_dps)),
        ("std_dev", format!("{:.2}", s.std_dev)),
        ("error_pct", format!("{:.4}", s.error_pct)),
    ];
    w.write_record(["field", "value"])?;
    for (k, v) in summary {
        w.write_record([k, v.as_str()])?;
    }
    w.write_record([""])?;
    w.write_record([
        "ability",
        "damage",
        "share_pct",
        "dps",
        "casts",
        "hits",
        "crit_pct",
        "avg_hit",
    ])?;
    for a in &r.abilities {
        w.write_record([
            a.name.clone(),
            format!("{:.0}", a.damage),
            format!("{:.2}", a.share),
            format!("{:.2}", a.dps),
            format!("{:.2}", a.casts),
            format!("{:.2}", a.hits),
            format!("{:.2}", a.crit_pct),
            format!("{:.2}", a.avg_hit),
        ])?;
    }
    w.write_record([""])?;
    w.write_record([
        "apl_line",
        "list",
        "action",
        "executions",
        "min",
        "max",
        "cast_share_pct",
        "damage_share_pct",
        "never_executed",
    ])?;
    for l in &r.apl_lines {
        w.write_record([
            l.line.to_string(),
            l.list.clone(),
            l.text.clone(),
            format!("{:.2}", l.executions),
            l.min_executions.to_string(),
            l.max_executions.to_string(),
            format!("{:.2}", l.cast_share),
            format!("{:.2}", l.damage_share),
            l.never_executed.to_string(),
        ])?;
    }
    if let Some(seq) = &r.sequence {
        w.write_record([""])?;
        w.write_record(["time_s", "decision", "apl_line", "detail", "skipped"])?;
        let line_no = |i: u32| {
            r.apl_lines
                .get(i as usize)
                .map_or(0, |l| l.line)
                .to_string()
        };
        for row in &seq.rows {
            let (time, what, line, detail, skipped) = match row {
                SequenceRow::Cast {
                    time,
                    line,
                    spell,
                    skipped,
                    ..
                } => (*time, spell.clone(), Some(*line), String::new(), skipped),
                SequenceRow::Wait {
                    time,
                    duration,
                    detail,
                    line,
                    skipped,
                    ..
                } => (
                    *time,
                    format!("wait {duration:.3} s"),
                    *line,
                    detail.clone(),
                    skipped,
                ),
            };
            let skipped = skipped
                .iter()
                .map(|s| format!("line {}: {}", line_no(s.line), s.reason.describe()))
                .collect::<Vec<_>>()
                .join(" | ");
            w.write_record([
                format!("{time:.3}"),
                what,
                line.map(line_no).unwrap_or_default(),
                detail,
                skipped,
            ])?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("csv of UTF-8 strings"))
}
