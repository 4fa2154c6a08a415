//! Benchmark (figures, not a test): the cost of applying the sharing rule
//! to a whole page: a dossier of 500 items seen by each of 20
//! professionals, by the rule alone and by the whole access policy. Run with `cargo bench -p livret-app --bench sharing_rule`.

use livret_app::domain::access::{self, Ask, Asker, DossierFacts, Facts, SharingFacts};
use livret_app::domain::dossier::State;
use livret_app::domain::role::{Function, Role};
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
                    function: Some(function),
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

    // The whole policy, as the door asks it: relation, then the rule, with
    // the consent read from her events for each item.
    let exceptions: Vec<(Kind, String)> = Vec::new();
    let start = Instant::now();
    let mut allowed = 0usize;
    for _ in 0..rounds {
        for pro in 0..20i64 {
            let function = functions[pro as usize % functions.len()];
            let facts = Facts {
                asker: Asker { id: pro, role: Role::Professional, mds: Some(1), function: Some(function) },
                dossier: DossierFacts { owner: 99, mds: Some(1), state: State::Draft, animateur: None },
                membership: Some(Membership { since: 0, until: None }),
                sharing: SharingFacts { perimeter: default_perimeter(function), exceptions: &exceptions, events: &events },
            };
            for item in &items {
                allowed += usize::from(access::decide(black_box(&facts), Ask::Read(black_box(*item)), 1_000).allowed);
            }
        }
    }
    let per_page = start.elapsed() / (rounds * 20);
    println!(
        "access policy: {:.1} µs per page of 500 items for one professional ({} allowed per round)",
        per_page.as_secs_f64() * 1e6,
        allowed / rounds as usize
    );
}
