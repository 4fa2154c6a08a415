//! Dates written out in French ("mardi 3 mars 2026"), in the time of
//! metropolitan France, computed without a time-zone database.

const WEEKDAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const MONTHS: [&str; 12] =
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

/// (year, month 1-12, day 1-31) of a day counted from 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days from 1970-01-01 of a civil date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Day of the last Sunday of a month.
fn last_sunday(y: i64, m: u32) -> i64 {
    let next_month_first = if m == 12 { days_from_civil(y + 1, 1, 1) } else { days_from_civil(y, m + 1, 1) };
    let last = next_month_first - 1;
    // 1970-01-01 was a Thursday: weekday index 0 = Monday.
    let weekday = (last + 3).rem_euclid(7);
    last - (weekday - 6).rem_euclid(7)
}

/// Seconds to add to UTC for Paris at this instant (summer time from the
/// last Sunday of March to the last Sunday of October, at 01:00 UTC).
pub fn paris_offset(unix: i64) -> i64 {
    let (y, _, _) = civil_from_days(unix.div_euclid(86_400));
    let start = last_sunday(y, 3) * 86_400 + 3_600;
    let end = last_sunday(y, 10) * 86_400 + 3_600;
    if unix >= start && unix < end { 7_200 } else { 3_600 }
}

/// "mardi 3 mars 2026".
pub fn long_date(unix: i64) -> String {
    let local = unix + paris_offset(unix);
    let days = local.div_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let weekday = WEEKDAYS[(days + 3).rem_euclid(7) as usize];
    format!("{weekday} {d} {} {y}", MONTHS[(m - 1) as usize])
}

/// "mardi 3 mars 2026 à 14 h 05".
pub fn long_date_time(unix: i64) -> String {
    let local = unix + paris_offset(unix);
    let secs = local.rem_euclid(86_400);
    format!("{} à {} h {:02}", long_date(unix), secs / 3_600, (secs % 3_600) / 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dates_are_written_out_in_french() {
        // 2026-03-03 10:00 UTC
        assert_eq!(long_date(1_772_532_000), "mardi 3 mars 2026");
        assert_eq!(long_date(0), "jeudi 1 janvier 1970");
    }

    #[test]
    fn paris_time_follows_summer_time() {
        // 2026-07-14 12:00 UTC is 14:00 in Paris.
        let t = days_from_civil(2026, 7, 14) * 86_400 + 12 * 3_600;
        assert_eq!(long_date_time(t), "mardi 14 juillet 2026 à 14 h 00");
        // 2026-12-31 23:30 UTC is already the 1st of January in Paris.
        let t = days_from_civil(2026, 12, 31) * 86_400 + 23 * 3_600 + 1_800;
        assert_eq!(long_date(t), "vendredi 1 janvier 2027");
    }

    #[test]
    fn summer_time_starts_on_the_last_sunday_of_march() {
        assert_eq!(last_sunday(2026, 3), days_from_civil(2026, 3, 29));
        assert_eq!(last_sunday(2026, 10), days_from_civil(2026, 10, 25));
    }

    proptest! {
        #[test]
        fn civil_dates_round_trip(days in -1_000_000i64..1_000_000) {
            let (y, m, d) = civil_from_days(days);
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
