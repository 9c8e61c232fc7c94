//! Comparing two runs: the difference of their mean DPS with a 95 % interval and a plain verdict.
//!
//! Two methods: [`welch`] for independent runs (each run's mean, standard deviation and count;
//! Welch–Satterthwaite degrees of freedom) and [`paired`] for runs on common random numbers
//! (iteration `i` of both runs drew the same random numbers, so the per-iteration differences are
//! what varies; their spread is usually far smaller than either run's).

use serde::{Deserialize, Serialize};

/// How a difference's interval was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Independent runs: Welch's interval.
    Welch,
    /// The same iterations on common random numbers: the interval of the per-iteration differences.
    Paired,
}

impl Method {
    /// How the page names it.
    pub fn describe(self) -> &'static str {
        match self {
            Method::Welch => "Welch's t-interval (independent runs)",
            Method::Paired => "paired differences (common random numbers)",
        }
    }
}

/// What a difference means for a player.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The interval lies above zero.
    Better,
    /// The interval lies below zero.
    Worse,
    /// The interval contains zero.
    Same,
}

impl Verdict {
    /// The verdict's words.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Better => "better",
            Verdict::Worse => "worse",
            Verdict::Same => "no significant difference",
        }
    }
}

/// A run's DPS in the three numbers a comparison needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Mean DPS.
    pub mean: f64,
    /// Standard deviation of iteration DPS.
    pub std_dev: f64,
    /// Iterations.
    pub n: u64,
}

/// `candidate − baseline` with its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Difference {
    /// Difference of the means (DPS).
    pub dps: f64,
    /// Half-width of its 95 % interval (DPS).
    pub error: f64,
    /// The difference as a percentage of the baseline's mean.
    pub pct: f64,
    /// The half-width as a percentage of the baseline's mean.
    pub error_pct: f64,
    /// Degrees of freedom behind the t quantile.
    pub df: f64,
    /// How the interval was computed.
    pub method: Method,
    /// Better, worse or no significant difference.
    pub verdict: Verdict,
}

impl Difference {
    fn new(dps: f64, error: f64, df: f64, baseline: f64, method: Method) -> Difference {
        let verdict = if dps - error > 0.0 {
            Verdict::Better
        } else if dps + error < 0.0 {
            Verdict::Worse
        } else {
            Verdict::Same
        };
        let pct_of = |x: f64| {
            if baseline.abs() > f64::EPSILON {
                100.0 * x / baseline
            } else {
                0.0
            }
        };
        Difference {
            dps,
            error,
            pct: pct_of(dps),
            error_pct: pct_of(error).abs(),
            df,
            method,
            verdict,
        }
    }

    /// "+2.1 % ± 0.3 % — better".
    pub fn summary(&self) -> String {
        format!(
            "{:+.1} % ± {:.1} % — {}",
            self.pct,
            self.error_pct,
            self.verdict.words()
        )
    }
}

/// Welch's 95 % interval of `candidate − baseline` for independent runs; `None` when either run
/// has fewer than two iterations.
pub fn welch(baseline: Sample, candidate: Sample) -> Option<Difference> {
    if baseline.n < 2 || candidate.n < 2 {
        return None;
    }
    let va = baseline.std_dev * baseline.std_dev / baseline.n as f64;
    let vb = candidate.std_dev * candidate.std_dev / candidate.n as f64;
    let se = (va + vb).sqrt();
    let df = if va + vb > 0.0 {
        (va + vb).powi(2) / (va * va / (baseline.n - 1) as f64 + vb * vb / (candidate.n - 1) as f64)
    } else {
        (baseline.n + candidate.n - 2) as f64
    };
    Some(Difference::new(
        candidate.mean - baseline.mean,
        t975(df) * se,
        df,
        baseline.mean,
        Method::Welch,
    ))
}

/// The 95 % interval of the mean of per-iteration differences `candidate[i] − baseline[i]`
/// (runs on common random numbers); `None` for fewer than two pairs or unequal lengths.
pub fn paired(baseline: &[f64], candidate: &[f64]) -> Option<Difference> {
    let n = baseline.len();
    if n < 2 || candidate.len() != n {
        return None;
    }
    let (mut mean, mut m2, mut base) = (0.0, 0.0, 0.0);
    for (i, (a, b)) in baseline.iter().zip(candidate).enumerate() {
        let d = b - a;
        let k = (i + 1) as f64;
        let delta = d - mean;
        mean += delta / k;
        m2 += delta * (d - mean);
        base += (a - base) / k;
    }
    let sd = (m2 / (n - 1) as f64).sqrt();
    let df = (n - 1) as f64;
    Some(Difference::new(
        mean,
        t975(df) * sd / (n as f64).sqrt(),
        df,
        base,
        Method::Paired,
    ))
}

/// The 97.5 % quantile of Student's t with `df` degrees of freedom (the two-sided 95 % factor),
/// by bisection on the distribution function; the normal 1.96 for very large `df`.
pub fn t975(df: f64) -> f64 {
    const Z: f64 = 1.959_963_984_540_054;
    if !df.is_finite() || df > 1e7 {
        return Z;
    }
    let df = df.max(1.0);
    // P(T > t) = I_{df/(df+t²)}(df/2, 1/2) / 2; find t where it is 0.025.
    let upper = |t: f64| 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t));
    let (mut lo, mut hi) = (Z, 13.0);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if upper(mid) > 0.025 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// The regularised incomplete beta function I_x(a, b) (continued fraction, Lentz's method).
fn incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x > (a + 1.0) / (a + b + 2.0) {
        return 1.0 - incomplete_beta(b, a, 1.0 - x);
    }
    const TINY: f64 = 1e-300;
    let (mut c, mut d) = (1.0, 1.0 - (a + b) * x / (a + 1.0));
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut f = d;
    for m in 1..300 {
        let m = m as f64;
        for numerator in [
            m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0)),
        ] {
            d = 1.0 + numerator * d;
            if d.abs() < TINY {
                d = TINY;
            }
            c = 1.0 + numerator / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            f *= d * c;
        }
        if (d * c - 1.0).abs() < 1e-15 {
            break;
        }
    }
    front * f / a
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7).
fn ln_gamma(x: f64) -> f64 {
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + 7.5;
    let series = C[1..]
        .iter()
        .enumerate()
        .fold(C[0], |s, (i, c)| s + c / (x + i as f64 + 1.0));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + series.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_the_tables() {
        // Reference values: scipy.stats.t.ppf(0.975, df).
        for (df, t) in [
            (1.0, 12.706_205),
            (2.0, 4.302_653),
            (3.0, 3.182_446),
            (5.0, 2.570_582),
            (10.0, 2.228_139),
            (30.0, 2.042_272),
            (100.0, 1.983_972),
            (1000.0, 1.962_339),
        ] {
            assert!((t975(df) - t).abs() < 1e-5, "df {df}: {} vs {t}", t975(df));
        }
        assert!((t975(1e9) - 1.959_964).abs() < 1e-6);
    }

    #[test]
    fn welch_matches_a_hand_computation() {
        // a: mean 100, sd 10, n 10; b: mean 110, sd 20, n 20.
        // va = 10, vb = 20, se = sqrt(30) = 5.477226;
        // df = 900 / (100/9 + 400/19) = 900 / 32.163743 = 27.981818; t(0.975, 27.98) = 2.048453.
        let d = welch(
            Sample {
                mean: 100.0,
                std_dev: 10.0,
                n: 10,
            },
            Sample {
                mean: 110.0,
                std_dev: 20.0,
                n: 20,
            },
        )
        .unwrap();
        assert_eq!(d.dps, 10.0);
        assert!((d.df - 27.981_818).abs() < 1e-5, "df {}", d.df);
        assert!(
            (d.error - 2.048_453 * 5.477_226).abs() < 2e-3,
            "{}",
            d.error
        );
        assert!((d.pct - 10.0).abs() < 1e-12);
        assert_eq!(d.verdict, Verdict::Same); // 10 ± 11.2 straddles zero
        assert_eq!(d.method, Method::Welch);
    }

    #[test]
    fn paired_matches_a_hand_computation() {
        // Differences 1, 2, 3, 4, 5: mean 3, sd 1.581139, se 0.707107, t(0.975, 4) = 2.776445.
        let a = [10.0, 20.0, 30.0, 40.0, 50.0];
        let b = [11.0, 22.0, 33.0, 44.0, 55.0];
        let d = paired(&a, &b).unwrap();
        assert!((d.dps - 3.0).abs() < 1e-12);
        assert!(
            (d.error - 2.776_445 * (0.5f64).sqrt()).abs() < 1e-3,
            "{}",
            d.error
        );
        assert!((d.pct - 10.0).abs() < 1e-12); // 3 of a baseline mean of 30
        assert_eq!(d.verdict, Verdict::Better);
        assert_eq!(d.summary(), "+10.0 % ± 6.5 % — better");
    }

    #[test]
    fn a_run_against_itself_differs_by_exactly_nothing() {
        let a = [10.0, 12.0, 9.0, 11.0];
        let d = paired(&a, &a).unwrap();
        assert_eq!((d.dps, d.error, d.verdict), (0.0, 0.0, Verdict::Same));
    }

    #[test]
    fn too_few_iterations_give_no_interval() {
        let one = Sample {
            mean: 1.0,
            std_dev: 0.0,
            n: 1,
        };
        assert!(welch(one, one).is_none());
        assert!(paired(&[1.0], &[2.0]).is_none());
        assert!(paired(&[1.0, 2.0], &[2.0]).is_none());
    }

    #[test]
    fn worse_is_worse() {
        let d = paired(&[10.0, 10.5, 11.0], &[9.0, 9.4, 10.1]).unwrap();
        assert_eq!(d.verdict, Verdict::Worse);
        assert!(d.summary().starts_with("-"));
    }
}
