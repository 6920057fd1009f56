//! Which A/B variant leads, and how sure that is: a two-proportion z-test on click rates
//! (clicks per impression; conversions are too rare to decide on early), at 95 %. When the
//! difference is not significant yet, how many impressions per variant would tell apart the
//! rates seen (80 % power), so "not enough data" comes with a number.

/// Wilson score interval at 95 % for `k` successes out of `n`: `(low, high)`, both in 0..=1.
/// Unlike the normal approximation it stays inside 0..1 and is honest about small counts.
pub fn wilson(k: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (k, n, z) = (k as f64, n as f64, Z_95);
    let p = k / n;
    let centre = p + z * z / (2.0 * n);
    let margin = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    let denominator = 1.0 + z * z / n;
    Some((
        ((centre - margin) / denominator).max(0.0),
        ((centre + margin) / denominator).min(1.0),
    ))
}

/// Two-sided 95 %.
const Z_95: f64 = 1.959_964;
/// 80 % power.
const Z_POWER: f64 = 0.841_621;
/// Below this many impressions per variant the normal approximation is not trusted.
const MIN_IMPRESSIONS: u64 = 100;
/// With no difference seen yet, the sample is sized for a 20 % relative difference.
const SMALLEST_RELATIVE_DIFFERENCE: f64 = 0.2;

/// A variant's impressions and clicks.
#[derive(Debug, Clone, PartialEq)]
pub struct Arm {
    pub variant: String,
    pub impressions: u64,
    pub clicks: u64,
}

impl Arm {
    /// Clicks per impression (0 before the first impression).
    pub fn rate(&self) -> f64 {
        if self.impressions == 0 {
            0.0
        } else {
            self.clicks as f64 / self.impressions as f64
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// `leader` has the higher click rate than `runner_up`, with `confidence` (1 − p, two-sided).
    Leads {
        leader: String,
        runner_up: String,
        confidence: f64,
    },
    /// Not significant yet: about `needed` impressions per variant would decide, `have` the
    /// fewest a variant has now.
    NotEnoughData { needed: u64, have: u64 },
}

/// The standard normal distribution's CDF (Abramowitz and Stegun 7.1.26, error < 1.5e-7).
fn normal_cdf(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs() / std::f64::consts::SQRT_2);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-(x * x) / 2.0).exp();
    if x >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// Impressions per variant to tell `p1` from `p2` apart at 95 % with 80 % power.
fn sample_size(p1: f64, p2: f64) -> u64 {
    let pooled = (p1 + p2) / 2.0;
    let difference = if (p1 - p2).abs() > f64::EPSILON {
        (p1 - p2).abs()
    } else {
        (pooled * SMALLEST_RELATIVE_DIFFERENCE).max(1e-4)
    };
    let variance = p1 * (1.0 - p1) + p2 * (1.0 - p2);
    let variance = if variance > 0.0 {
        variance
    } else {
        // No click at all yet: size for a 1 % click rate.
        2.0 * 0.01 * 0.99
    };
    let n = (Z_95 + Z_POWER).powi(2) * variance / (difference * difference);
    (n.ceil() as u64).max(MIN_IMPRESSIONS)
}

/// The verdict for an offer's variants (two or more); the two best click rates are compared.
pub fn verdict(arms: &[Arm]) -> Option<Verdict> {
    if arms.len() < 2 {
        return None;
    }
    let mut sorted: Vec<&Arm> = arms.iter().collect();
    sorted.sort_by(|a, b| b.rate().total_cmp(&a.rate()));
    let (a, b) = (sorted[0], sorted[1]);
    let have = arms.iter().map(|a| a.impressions).min().unwrap_or(0);
    let not_enough = || Verdict::NotEnoughData {
        needed: sample_size(a.rate(), b.rate()),
        have,
    };
    if a.impressions < MIN_IMPRESSIONS || b.impressions < MIN_IMPRESSIONS {
        return Some(not_enough());
    }
    let (n1, n2) = (a.impressions as f64, b.impressions as f64);
    let pooled = (a.clicks + b.clicks) as f64 / (n1 + n2);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    if se == 0.0 {
        return Some(not_enough());
    }
    let z = (a.rate() - b.rate()) / se;
    let p_value = 2.0 * (1.0 - normal_cdf(z.abs()));
    if p_value < 0.05 {
        Some(Verdict::Leads {
            leader: a.variant.clone(),
            runner_up: b.variant.clone(),
            confidence: 1.0 - p_value,
        })
    } else {
        Some(not_enough())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arm(variant: &str, impressions: u64, clicks: u64) -> Arm {
        Arm {
            variant: variant.into(),
            impressions,
            clicks,
        }
    }

    #[test]
    fn wilson_intervals_hold_the_rate_and_stay_in_bounds() {
        let (low, high) = wilson(10, 100).unwrap();
        assert!(
            (low - 0.0552).abs() < 0.001 && (high - 0.1744).abs() < 0.001,
            "{low} {high}"
        );
        let (low, high) = wilson(0, 5).unwrap();
        assert_eq!(low, 0.0);
        assert!(high > 0.4 && high < 0.5, "{high}");
        assert_eq!(wilson(3, 0), None);
        let (low, high) = wilson(5, 5).unwrap();
        assert!(low > 0.5 && high == 1.0);
    }

    #[test]
    fn the_normal_cdf_matches_its_table() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.959_964) - 0.975).abs() < 1e-6);
        assert!((normal_cdf(-1.0) - 0.158_655).abs() < 1e-6);
    }

    #[test]
    fn a_clear_difference_names_its_leader() {
        // 5 % against 3 % on 2,000 impressions each: z ≈ 3.2, p ≈ 0.0015.
        let Some(Verdict::Leads {
            leader,
            runner_up,
            confidence,
        }) = verdict(&[arm("a", 2000, 60), arm("b", 2000, 100)])
        else {
            panic!("a leader")
        };
        assert_eq!((leader.as_str(), runner_up.as_str()), ("b", "a"));
        assert!(confidence > 0.998 && confidence < 0.9995, "{confidence}");
    }

    #[test]
    fn a_small_or_even_test_says_how_much_it_needs() {
        // The same rates on 150 impressions each: not significant; the textbook sample for
        // 3 % against 5 % (95 %, 80 % power) is about 1,500 per variant.
        let Some(Verdict::NotEnoughData { needed, have }) =
            verdict(&[arm("a", 150, 5), arm("b", 160, 8)])
        else {
            panic!("not enough data")
        };
        assert_eq!(have, 150);
        assert!((1000..2500).contains(&needed), "{needed}");
        assert_eq!(
            verdict(&[arm("a", 10, 0), arm("b", 10, 0)]),
            Some(Verdict::NotEnoughData {
                needed: sample_size(0.0, 0.0),
                have: 10
            })
        );
        assert_eq!(verdict(&[arm("a", 10, 1)]), None, "one variant: no test");
    }
}
