//! Benchmark (figures, not a test): the cost of applying the sharing rule
//! to a whole page: a dossier of 500 items seen by each of 20
//! professionals. Run with `cargo bench -p livret-app --bench sharing_rule`.

use livret_app::domain::role::Function;
use livret_app::domain::sharing::{ConsentEvent, Item, Kind, Membership, Viewer, consent_for, decide, default_perimeter};
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let items: Vec<Item> = (0..500)
        .map(|i| Item { kind: Kind::ALL[i % Kind::ALL.len()], refused_topic: i % 37 == 0, third_party: i % 53 == 0 })
        .collect();
    let events: Vec<ConsentEvent> = (0..20i64)
        .flat_map(|pro| {
            Kind::ALL.into_iter().enumerate().map(move |(k, kind)| ConsentEvent {
                professional: pro,
                kind,
                granted: (pro + k as i64) % 3 != 0,
                at: pro * 100 + k as i64,
                notice_version: 1,
            })
        })
        .collect();
    let functions = Function::ALL;
    let rounds = 200;
    let start = Instant::now();
    let mut allowed = 0usize;
    for _ in 0..rounds {
        for pro in 0..20i64 {
            let function = functions[pro as usize % functions.len()];
            // Consents are resolved once per page, per kind.
            let consents: Vec<_> = Kind::ALL.iter().map(|k| consent_for(&events, pro, *k)).collect();
            for item in &items {
                let kind_index = Kind::ALL.iter().position(|k| *k == item.kind).unwrap_or(0);
                let viewer = Viewer::Professional {
                    membership: Some(Membership { since: 0, until: None }),
                    perimeter: default_perimeter(function),
                    exception: None,
                    consent: consents[kind_index],
                };
                allowed += usize::from(decide(black_box(viewer), black_box(*item), 1_000).allowed);
            }
        }
    }
    let per_page = start.elapsed() / (rounds * 20);
    println!(
        "sharing rule: {:.1} µs per page of 500 items for one professional ({} decisions per round, {} allowed)",
        per_page.as_secs_f64() * 1e6,
        20 * 500,
        allowed / rounds as usize
    );
}
