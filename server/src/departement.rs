//! A whole département, for load tests: MDS with their head, professionals
//! of every function, and persons, each with her dossier, her demande
//! partly written, her équipe, her choices of sharing and the journal of
//! who read what; some demandes sent, validated, refused or sent back, and
//! some with an équipe meeting held and a first livret.
//!
//! Everything is written by the application's own functions (accounts,
//! dossier, demande, sharing, meeting, livret), as a person, a
//! professional or a head would through the pages, so the rows are those
//! the application makes. Nothing here is random: person 17 is the same on
//! every run, and the bench can sign in as any account (identifiers,
//! e-mails and secrets below, printed in the README). Demo data: the
//! secrets are public.

use crate::db::{self, Backend};
use livret_app::accounts::ssr::{NewStaff, insert_admin, insert_mds, insert_person_with_identifier, insert_staff};
use livret_app::auth::ssr::{Caller, hash_secret};
use livret_app::domain::demande::STEPS;
use livret_app::domain::dossier::{Actor, Command};
use livret_app::domain::meeting::to_local;
use livret_app::domain::role::{Function, HeadRank, Role};
use livret_app::domain::sharing::{Kind, default_perimeter};
use livret_app::dossier::ssr::{Door, insert_membership, own_dossier_in};
use livret_app::error::AppError;
use livret_app::meeting::ssr::{AtMeeting, animateur_door, propose};
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How big a département to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub mds: usize,
    /// Professionals of every function (heads not counted: one per MDS).
    pub pros: usize,
    pub persons: usize,
}

impl Size {
    /// A département: 5 MDS, 300 professionals, 5 000 persons.
    pub const DEPARTEMENT: Size = Size { mds: 5, pros: 300, persons: 5_000 };
}

/// The password of every staff account (the demo's).
pub const STAFF_PASSWORD: &str = crate::demo::STAFF_PASSWORD;
/// The secret of every person.
pub const PERSON_SECRET: &str = "246810";
pub const ADMIN_EMAIL: &str = "admin@departement.demo";

/// The head (responsable) of MDS `m`, from 1.
pub fn head_email(m: usize) -> String {
    format!("responsable-{m}@departement.demo")
}

/// Professional `n`, from 1.
pub fn pro_email(n: usize) -> String {
    format!("pro-{n:04}@departement.demo")
}

/// Person `n`, from 1.
pub fn person_identifier(n: usize) -> String {
    format!("personne-{n:05}")
}

/// What became of each demande, in these proportions (per 100 persons).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Still being written (38 %).
    Draft,
    /// Sent, waiting for the head (15 %).
    Sent,
    /// Sent back: the head asked for more (5 %).
    MoreInfo,
    /// Not validated (3 %).
    Refused,
    /// Validated, the meeting not held yet (27 %).
    Validated,
    /// Validated, the équipe met, a first livret written (12 %).
    Livret,
}

impl Fate {
    /// Person `n`'s (from 1). 61 is prime to 100: every 100 persons in a
    /// row have exactly the proportions above, spread out.
    pub fn of(n: usize) -> Fate {
        match (n * 61) % 100 {
            0..38 => Fate::Draft,
            38..53 => Fate::Sent,
            53..58 => Fate::MoreInfo,
            58..61 => Fate::Refused,
            61..88 => Fate::Validated,
            _ => Fate::Livret,
        }
    }
}

/// The functions, a social worker in four (the MDS's own): professional
/// `n` has `FUNCTIONS[(n - 1) / mds % len]` and works at MDS `(n - 1) % mds`.
const FUNCTIONS: [Function; 13] = [
    Function::SocialWorker,
    Function::CafAdviser,
    Function::CcasWorker,
    Function::SocialWorker,
    Function::MissionLocaleAdviser,
    Function::PmiNurse,
    Function::SocialWorker,
    Function::SocialLandlord,
    Function::FamilyEconomyAdviser,
    Function::HospitalSocialWorker,
    Function::Guardian,
    Function::FranceTravailAdviser,
    Function::SocialWorker,
];

const TOWNS: [&str; 8] =
    ["de la Vallée", "du Plateau", "des Rives", "du Centre", "du Bocage", "des Collines", "du Port", "de la Forêt"];

const FIRST: [&str; 24] = [
    "Amina", "Jean", "Fatou", "Marie", "Karim", "Sophie", "Lucas", "Nadia", "Paul", "Inès", "Yanis", "Chloé", "Mehdi", "Léa",
    "Moussa", "Camille", "Sofiane", "Julie", "Ibrahim", "Emma", "Rachid", "Manon", "Samir", "Laura",
];

const LAST: [&str; 20] = [
    "Martin", "Bernard", "Diallo", "Petit", "Haddad", "Moreau", "Lefèvre", "Garnier", "Traoré", "Roux", "Fournier", "Benali",
    "Girard", "Mercier", "Nguyen", "Faure", "Rousseau", "Blanc", "Guérin", "Muller",
];

fn name(n: usize, salt: usize) -> String {
    let i = n + salt * 7;
    format!("{} {}", FIRST[i % FIRST.len()], LAST[(i / FIRST.len() + salt) % LAST.len()])
}

fn institution(f: Function, town: &str) -> String {
    match f {
        Function::SocialWorker | Function::FamilyEconomyAdviser | Function::PmiNurse | Function::MdsHead => {
            format!("Département, MDS {town}")
        }
        Function::CafAdviser => "CAF (Caisse d'allocations familiales)".into(),
        Function::CcasWorker => format!("CCAS (Centre communal d'action sociale) {town}"),
        Function::MissionLocaleAdviser => format!("Mission locale {town}"),
        Function::SocialLandlord => format!("Habitat {town}, logement social"),
        Function::HospitalSocialWorker => "Centre hospitalier, service social".into(),
        Function::Guardian => "UDAF (Union départementale des associations familiales)".into(),
        Function::FranceTravailAdviser => "France Travail".into(),
    }
}

fn mission(f: Function) -> &'static str {
    match f {
        Function::SocialWorker => "m'aide pour mes démarches et mon budget",
        Function::FamilyEconomyAdviser => "m'aide à tenir mon budget",
        Function::CafAdviser => "s'occupe de mes aides de la CAF (Caisse d'allocations familiales)",
        Function::CcasWorker => "m'aide pour les aides de la mairie",
        Function::MissionLocaleAdviser => "m'aide à trouver une formation ou un travail",
        Function::PmiNurse => "suit la santé de mon bébé",
        Function::SocialLandlord => "s'occupe de mon logement et du loyer",
        Function::HospitalSocialWorker => "prépare mon retour à la maison après l'hôpital",
        Function::Guardian => "gère mes comptes avec moi (curatelle)",
        Function::FranceTravailAdviser => "m'aide à chercher un travail",
        Function::MdsHead => "valide les demandes et anime l'équipe parcours et projet",
    }
}

/// Her words, by life area: short sentences, as people write them.
fn answer_text(field: &str, n: usize) -> String {
    let bank: &[&str] = match field.split('.').next().unwrap_or_default() {
        "situation" => &[
            "Je vis seule avec mes deux enfants. J'ai perdu mon travail en mars.",
            "Je suis sorti de l'hôpital le mois dernier. Je vis chez mon frère.",
            "Nous sommes quatre dans un deux-pièces. Mon mari cherche du travail.",
        ],
        "housing" => &[
            "Je dors chez ma sœur avec mes enfants.",
            "Mon logement est humide et trop petit.",
            "Je voudrais un logement à moi, près de l'école.",
            "J'ai deux mois de loyer en retard.",
        ],
        "health" => &["J'ai mal au dos depuis longtemps.", "Je dois voir un médecin pour mon diabète.", "Je dors mal."],
        "money" => {
            &["Je n'arrive pas à payer l'électricité.", "J'ai des dettes auprès de ma banque.", "Je sais faire mes comptes."]
        }
        "family" => &["Mon fils a du mal à l'école.", "Je voudrais voir mes enfants plus souvent.", "Ma mère m'aide beaucoup."],
        "work" => &[
            "Je cherche un travail à mi-temps.",
            "Je voudrais une formation d'aide-soignante.",
            "J'ai travaillé dix ans en cuisine.",
        ],
        "mobility" => &["Je n'ai pas de voiture.", "Le bus passe une fois par heure.", "Je voudrais passer le permis."],
        "rights" => &[
            "Mes papiers d'identité sont périmés.",
            "Je ne sais pas si j'ai droit au RSA (revenu de solidarité active).",
            "J'ai fait ma demande de CMU.",
        ],
        "justice" => &["J'ai une audience au tribunal en juin.", "Je dois payer une amende."],
        "relations" => &["Je ne vois plus personne.", "Je voudrais rejoindre une association.", "Ma voisine m'aide."],
        "violence" => &["Mon ancien compagnon me fait peur.", "Je voudrais être en sécurité."],
        "other" => &["Je voudrais apprendre à lire mieux.", "J'aime le jardinage."],
        "household" => &["Moi, mes deux enfants de 4 et 9 ans.", "Moi et mon mari."],
        "professionals" => &["L'assistante sociale de la MDS et la conseillère de la CAF.", "Mon infirmière de PMI."],
        "refused_topics" => &["Je ne veux pas parler de mon ancien mari.", "Je ne veux pas parler de ma santé."],
        "referent" => &["Je voudrais que ce soit l'assistante sociale.", "Je ne sais pas encore."],
        _ => &["Je ne sais pas."],
    };
    bank[n % bank.len()].to_owned()
}

/// A small deterministic mix (splitmix64): the same choices on every run.
fn mix(n: usize, salt: u64) -> u64 {
    let mut z = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(salt.wrapping_mul(0xD1B5_4A32_D192_ED69));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn pick(n: usize, salt: u64, len: usize) -> usize {
    (mix(n, salt) % len as u64) as usize
}

/// Every field of the demande, in the order of its steps.
fn all_fields() -> Vec<&'static str> {
    STEPS.iter().flat_map(|s| s.questions.iter().map(|q| q.field)).collect()
}

/// What she writes: her situation and a housing difficulty (people come
/// for housing and money first), then 0 to 8 more answers.
fn fields_of(n: usize) -> Vec<&'static str> {
    let all = all_fields();
    let mut out = vec!["situation", "housing.hard"];
    for j in 0..(mix(n, 4) % 9) {
        let f = all[pick(n, 100 + j, all.len())];
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// The kinds she shares with one member: most of his mission, or nothing
/// yet (one member in six); violences rarely, and only within a mission
/// that covers it (the rule hides it anyway otherwise).
fn kinds_for(n: usize, staff: i64, function: Function) -> Vec<Kind> {
    let salt = staff as u64;
    if mix(n, salt).is_multiple_of(6) {
        return Vec::new();
    }
    default_perimeter(function)
        .iter()
        .copied()
        .enumerate()
        .filter(|(i, k)| match k {
            Kind::Violence => mix(n, salt + 50).is_multiple_of(5),
            _ => mix(n, salt + 10 + *i as u64) % 10 < 7,
        })
        .map(|(_, k)| k)
        .collect()
}

#[derive(Clone, Debug)]
struct Staff {
    id: i64,
    mds: usize,
    function: Function,
}

/// The accounts made in the first phases, that the persons' stories use.
struct Cast {
    mds_ids: Vec<i64>,
    heads: Vec<i64>,
    pros: Vec<Staff>,
    /// Indices in `pros`, per MDS; and its social workers.
    by_mds: Vec<Vec<usize>>,
    social_workers: Vec<Vec<usize>>,
}

impl Cast {
    /// Her équipe (2 to 5, the first opened her account): professionals
    /// of her MDS, a social worker first.
    fn team(&self, n: usize) -> Vec<&Staff> {
        let m = (n - 1) % self.mds_ids.len();
        let pool = &self.by_mds[m];
        if pool.is_empty() {
            return Vec::new();
        }
        let first = match &self.social_workers[m] {
            sw if !sw.is_empty() => sw[pick(n, 1, sw.len())],
            _ => pool[pick(n, 1, pool.len())],
        };
        let want = (2 + pick(n, 2, 4)).min(pool.len());
        let mut team = vec![first];
        let mut salt = 10;
        while team.len() < want && salt < 60 {
            let p = pool[pick(n, salt, pool.len())];
            if !team.contains(&p) {
                team.push(p);
            }
            salt += 1;
        }
        team.into_iter().map(|i| &self.pros[i]).collect()
    }
}

/// What was made, counted in the database at the end.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub mds: i64,
    pub heads: i64,
    pub professionals: i64,
    pub persons: i64,
    pub dossiers: i64,
    /// Dossiers per state, as stored (`draft`, `sent`, ...).
    pub states: Vec<(String, i64)>,
    pub members: i64,
    pub answers: i64,
    pub history: i64,
    pub consent_events: i64,
    pub journal: i64,
    pub meetings: i64,
    pub livret_versions: i64,
    pub elapsed: Duration,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "  MDS {}, heads {}, professionals {}, persons {}", self.mds, self.heads, self.professionals, self.persons)?;
        let states: Vec<String> = self.states.iter().map(|(s, n)| format!("{s} {n}")).collect();
        writeln!(f, "  dossiers {} ({})", self.dossiers, states.join(", "))?;
        writeln!(f, "  équipe members {}, answers {} ({} in the history)", self.members, self.answers, self.history)?;
        writeln!(f, "  consent events {}, journal lines {}", self.consent_events, self.journal)?;
        write!(f, "  meetings {}, livret versions {}", self.meetings, self.livret_versions)
    }
}

/// Does the database already hold accounts (the seed refuses, unless asked)?
pub async fn accounts_exist(pool: &AnyPool) -> Result<bool, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM accounts").fetch_one(pool).await?;
    Ok(n > 0)
}

/// A pool for seeding: the database migrated by the application's own
/// `db::connect`, then reopened with commits that do not wait for the disk
/// (a crash while seeding loses the seed, nothing else: the server's own
/// connections are not touched). One commit per saved answer, as the
/// application does it, would otherwise wait for the disk 100 000 times.
pub async fn connect_for_seeding(url: &str, connections: u32) -> Result<AnyPool, db::DbError> {
    let migrated = db::connect(url).await?;
    migrated.close().await;
    let backend = Backend::of(url);
    AnyPoolOptions::new()
        .max_connections(connections)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                let relax = match backend {
                    // WAL (set by db::connect) without a sync at each commit.
                    Backend::Sqlite => "PRAGMA synchronous = OFF",
                    Backend::Postgres => "SET synchronous_commit = off",
                };
                sqlx::query(relax).execute(&mut *conn).await?;
                Ok(())
            })
        })
        .connect(url)
        .await
        .map_err(db::DbError::Connect)
}

/// How many persons' stories are written at once: SQLite has one writer
/// (a second waits in SQLite's busy handler, which sleeps), PostgreSQL
/// locks each dossier alone.
pub fn workers_for(url: &str) -> usize {
    match Backend::of(url) {
        Backend::Sqlite => 1,
        Backend::Postgres => 6,
    }
}

/// Stores a hash made beforehand as an account's secret. The application's
/// `auth::ssr::set_secret` hashes the secret it is given (Argon2, about
/// 50 ms in a release build, much more in a debug one): for thousands of
/// accounts that share one demo secret, the seed hashes it once and stores
/// the same hash for each, in the transaction that opens the account. The
/// statement is `set_secret`'s own.
pub async fn set_secret_hash(conn: &mut sqlx::AnyConnection, account: i64, hash: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE accounts SET secret_hash = $1 WHERE id = $2").bind(hash).bind(account).execute(conn).await?;
    Ok(())
}

/// The error of one step of the seed, with what it was doing.
#[derive(Debug, thiserror::Error)]
#[error("{what}: {source}")]
pub struct SeedError {
    what: String,
    source: AppError,
}

trait Context<T> {
    fn doing(self, what: impl FnOnce() -> String) -> Result<T, SeedError>;
}

impl<T, E: Into<AppError>> Context<T> for Result<T, E> {
    fn doing(self, what: impl FnOnce() -> String) -> Result<T, SeedError> {
        self.map_err(|e| SeedError { what: what(), source: e.into() })
    }
}

fn now() -> i64 {
    livret_app::state::now()
}

/// Fills the database with a département of this size. `workers` persons'
/// stories are written at once ([`workers_for`]); `progress` receives a
/// line now and then.
pub async fn seed(
    pool: &AnyPool,
    size: Size,
    workers: usize,
    progress: impl Fn(String) + Send + Sync + 'static,
) -> Result<Report, SeedError> {
    let started = Instant::now();
    let progress = Arc::new(progress);
    assert!(size.mds > 0, "at least one MDS");
    progress("hashing the two demo secrets, once for all accounts".to_owned());
    let staff_hash = hash_secret(STAFF_PASSWORD.to_owned()).await.doing(|| "hashing the staff password".into())?;
    let person_hash = hash_secret(PERSON_SECRET.to_owned()).await.doing(|| "hashing the persons' secret".into())?;

    // MDS, administrator, heads and professionals: one transaction.
    let t = now();
    let mut mds_ids = Vec::new();
    for m in 0..size.mds {
        let town = TOWNS[m % TOWNS.len()];
        let label = if m < TOWNS.len() { format!("MDS {town}") } else { format!("MDS {town} {}", m / TOWNS.len() + 1) };
        mds_ids.push(insert_mds(pool, &label, t).await.doing(|| format!("MDS {}", m + 1))?);
    }
    let admin = insert_admin(pool, "Administration du département", ADMIN_EMAIL, t).await.doing(|| "administrator".into())?;
    let mut tx = livret_app::state::begin_write(pool).await.doing(|| "a transaction".into())?;
    set_secret_hash(&mut tx, admin, &staff_hash).await.doing(|| "administrator's secret".into())?;
    let mut heads = Vec::new();
    for (m, mds) in mds_ids.iter().enumerate() {
        let town = TOWNS[m % TOWNS.len()];
        let (display, email, inst) = (name(m, 3), head_email(m + 1), institution(Function::MdsHead, town));
        let new = NewStaff {
            display_name: &display,
            email: &email,
            role: Role::Head,
            head_rank: Some(HeadRank::Responsable),
            function: Function::MdsHead,
            institution: &inst,
            mission: mission(Function::MdsHead),
            mds_id: *mds,
        };
        let id = insert_staff(&mut tx, &new, Some(admin), t).await.doing(|| email.clone())?;
        set_secret_hash(&mut tx, id, &staff_hash).await.doing(|| email.clone())?;
        heads.push(id);
    }
    let mut pros = Vec::new();
    for n in 1..=size.pros {
        let m = (n - 1) % size.mds;
        let function = FUNCTIONS[(n - 1) / size.mds % FUNCTIONS.len()];
        let (display, email, inst) = (name(n, 1), pro_email(n), institution(function, TOWNS[m % TOWNS.len()]));
        let new = NewStaff {
            display_name: &display,
            email: &email,
            role: Role::Professional,
            head_rank: None,
            function,
            institution: &inst,
            mission: mission(function),
            mds_id: mds_ids[m],
        };
        let id = insert_staff(&mut tx, &new, Some(admin), t).await.doing(|| email.clone())?;
        set_secret_hash(&mut tx, id, &staff_hash).await.doing(|| email.clone())?;
        pros.push(Staff { id, mds: m, function });
    }
    tx.commit().await.doing(|| "committing the staff".into())?;
    let by_mds: Vec<Vec<usize>> = (0..size.mds).map(|m| (0..pros.len()).filter(|i| pros[*i].mds == m).collect()).collect();
    let social_workers =
        by_mds.iter().map(|ids| ids.iter().copied().filter(|i| pros[*i].function == Function::SocialWorker).collect()).collect();
    let cast = Arc::new(Cast { mds_ids, heads, pros, by_mds, social_workers });
    progress(format!("{} MDS, {} heads, {} professionals ({:.1} s)", size.mds, size.mds, size.pros, secs(started)));

    // Persons, their dossier and their équipe, as `create_person_account`
    // and `add_member` make them: a few hundred per transaction.
    let mut dossiers = Vec::with_capacity(size.persons);
    const BATCH: usize = 250;
    for first in (1..=size.persons).step_by(BATCH) {
        let t = now();
        let mut tx = livret_app::state::begin_write(pool).await.doing(|| "a transaction".into())?;
        for n in first..(first + BATCH).min(size.persons + 1) {
            let team = cast.team(n);
            let m = (n - 1) % size.mds;
            let mds = Some(cast.mds_ids[m]);
            let creator = team.first().map_or(cast.heads[m], |s| s.id);
            let id = insert_person_with_identifier(&mut *tx, &name(n, 0), &person_identifier(n), mds, creator, t)
                .await
                .doing(|| person_identifier(n))?;
            set_secret_hash(&mut tx, id, &person_hash).await.doing(|| person_identifier(n))?;
            let dossier = own_dossier_in(&mut tx, id, mds).await.doing(|| format!("{}'s dossier", person_identifier(n)))?;
            for s in &team {
                insert_membership(&mut tx, dossier, s.id, creator)
                    .await
                    .doing(|| format!("{}'s équipe", person_identifier(n)))?;
            }
            dossiers.push((id, dossier));
        }
        tx.commit().await.doing(|| "committing persons".into())?;
        let done = (first + BATCH - 1).min(size.persons);
        if done % 1000 < BATCH || done == size.persons {
            progress(format!("persons and dossiers {done}/{} ({:.1} s)", size.persons, secs(started)));
        }
    }

    // Each person's story: her answers, her choices, her demande's fate,
    // the reads of her équipe; a meeting and a livret for some.
    let dossiers = Arc::new(dossiers);
    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..workers.max(1) {
        let (pool, cast, dossiers, next, done, progress) =
            (pool.clone(), cast.clone(), dossiers.clone(), next.clone(), done.clone(), progress.clone());
        tasks.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(person, dossier)) = dossiers.get(i) else { return Ok::<(), SeedError>(()) };
                story(&pool, &cast, i + 1, person, dossier).await?;
                let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                if d % 500 == 0 || d == dossiers.len() {
                    progress(format!("stories {d}/{} ({:.1} s)", dossiers.len(), secs(started)));
                }
            }
        });
    }
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(result) => result?,
            Err(e) => panic!("a seeding task failed: {e}"),
        }
    }
    let mut report = count(pool).await.doing(|| "counting".into())?;
    report.elapsed = started.elapsed();
    Ok(report)
}

fn secs(since: Instant) -> f64 {
    since.elapsed().as_secs_f64()
}

fn person_caller(person: i64, mds: i64) -> Caller {
    Caller { id: person, role: Role::Person, mds_id: Some(mds), function: None }
}

fn staff_caller(s: &Staff, cast: &Cast) -> Caller {
    Caller { id: s.id, role: Role::Professional, mds_id: Some(cast.mds_ids[s.mds]), function: Some(s.function) }
}

fn head_caller(cast: &Cast, m: usize) -> Caller {
    Caller { id: cast.heads[m], role: Role::Head, mds_id: Some(cast.mds_ids[m]), function: Some(Function::MdsHead) }
}

/// A date the meeting form would send, `days` from now.
fn in_days(days: i64) -> String {
    to_local(now() + days * 86_400)
}

/// Person `n`'s story, through the functions behind her pages and her
/// équipe's.
async fn story(pool: &AnyPool, cast: &Cast, n: usize, person: i64, dossier: i64) -> Result<(), SeedError> {
    use livret_app::demande::ssr::{save, transition};
    use livret_app::sharing::ssr::set_consents;
    let who = person_identifier(n);
    let m = (n - 1) % cast.mds_ids.len();
    let team = cast.team(n);
    let fate = Fate::of(n);
    for field in fields_of(n) {
        save(pool, dossier, person, field, &answer_text(field, n), None).await.doing(|| format!("{who}: answer {field}"))?;
    }
    for s in &team {
        let kinds = kinds_for(n, s.id, s.function);
        if !kinds.is_empty() {
            set_consents(pool, dossier, person, s.id, &kinds).await.doing(|| format!("{who}: sharing with {}", s.id))?;
        }
    }
    // Her équipe opens her dossier page (half of them while she writes).
    for (j, s) in team.iter().enumerate() {
        if fate != Fate::Draft || mix(n, 200 + j as u64).is_multiple_of(2) {
            let door = Door::open(pool, &staff_caller(s, cast), dossier).await.doing(|| format!("{who}: door"))?;
            door.shared().await.doing(|| format!("{who}: read by {}", s.id))?;
        }
    }
    if fate == Fate::Draft {
        return Ok(());
    }
    transition(pool, dossier, person, Actor::Owner, Command::Send, None, None).await.doing(|| format!("{who}: send"))?;
    let head = head_caller(cast, m);
    // The head reads it for review (her journal says so), then decides.
    if fate != Fate::Sent || n.is_multiple_of(2) {
        Door::open(pool, &head, dossier)
            .await
            .doing(|| format!("{who}: head's door"))?
            .review()
            .await
            .doing(|| format!("{who}: review"))?;
    }
    let (command, message) = match fate {
        Fate::Draft | Fate::Sent => return Ok(()),
        Fate::MoreInfo => (Command::AskMoreInfo, "Pouvez-vous dire ce que vous voulez pour votre logement ?"),
        Fate::Refused => (Command::Refuse, "Votre demande ne relève pas de cette démarche. Votre assistante sociale vous aide."),
        Fate::Validated | Fate::Livret => (Command::Validate, "Votre demande est validée. Nous allons réunir votre équipe."),
    };
    let animateur = (command == Command::Validate).then_some(head.id);
    transition(pool, dossier, head.id, Actor::MdsHead, command, Some(message), animateur)
        .await
        .doing(|| format!("{who}: decision"))?;
    if fate != Fate::Livret {
        return Ok(());
    }
    meeting_and_livret(pool, cast, n, person, dossier, &team).await
}

/// Her first équipe meeting, held and closed: a housing objective, her
/// action, her référent, the next review; the first version of her livret.
async fn meeting_and_livret(
    pool: &AnyPool,
    cast: &Cast,
    n: usize,
    person: i64,
    dossier: i64,
    team: &[&Staff],
) -> Result<(), SeedError> {
    use livret_app::sharing::ssr::set_consents;
    let who = &person_identifier(n);
    let m = (n - 1) % cast.mds_ids.len();
    let head = head_caller(cast, m);
    let her = person_caller(person, cast.mds_ids[m]);
    let c = |what: &'static str| move || format!("{who}: {what}");
    // The animateur joined her équipe at validation; she shares with her.
    set_consents(pool, dossier, person, head.id, &[Kind::Housing, Kind::Money, Kind::Family])
        .await
        .doing(c("sharing with the head"))?;
    let door = animateur_door(pool, &head, dossier).await.doing(c("animateur's door"))?;
    let place = format!("MDS {}, salle 2", TOWNS[m % TOWNS.len()]);
    let meeting = propose(&door, &place, &[in_days(20), in_days(21), in_days(22)]).await.doing(c("dates"))?;
    let at_head = AtMeeting::open(pool, &head, meeting).await.doing(c("the head at the meeting"))?;
    at_head.choose(0).await.doing(c("choose the date"))?;
    at_head.start().await.doing(c("start"))?;
    at_head.charter_read().await.doing(c("charter"))?;
    let at_her = AtMeeting::open(pool, &her, meeting).await.doing(c("she at the meeting"))?;
    at_her.set_topic("housing", true).await.doing(c("housing open"))?;
    at_her.add_objective("housing", "Trouver un logement.").await.doing(c("objective"))?;
    let (objective,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM objectives WHERE meeting_id = $1")
        .bind(meeting)
        .fetch_one(pool)
        .await
        .doing(c("the objective's id"))?;
    let due = in_days(10)[..10].to_owned();
    at_her.add_action(objective, "Appeler le centre lundi.", person, &due, "").await.doing(c("her action"))?;
    // The social worker who opened her account becomes her référent: the
    // head proposes, she and he say yes.
    if let Some(first) = team.first() {
        at_head.propose_referent(first.id).await.doing(c("référent proposed"))?;
        let (proposal,): (i64,) = sqlx::query_as("SELECT id FROM referent_proposals WHERE meeting_id = $1 AND staff_id = $2")
            .bind(meeting)
            .bind(first.id)
            .fetch_one(pool)
            .await
            .doing(c("the proposal's id"))?;
        at_her.accept_referent(proposal).await.doing(c("her yes"))?;
        let at_him = AtMeeting::open(pool, &staff_caller(first, cast), meeting).await.doing(c("he at the meeting"))?;
        at_him.accept_referent(proposal).await.doing(c("his yes"))?;
    }
    at_head.set_review(&in_days(120)).await.doing(c("review date"))?;
    at_head.close().await.doing(c("close"))?;
    // Half give the first of their équipe a copy of the livret.
    if let (Some(first), true) = (team.first(), n.is_multiple_of(2)) {
        let own = Door::open(pool, &her, dossier).await.doing(c("her door"))?;
        livret_app::livret::ssr::set_copy(&own, first.id, true).await.doing(c("a copy"))?;
    }
    Ok(())
}

async fn count(pool: &AnyPool) -> Result<Report, sqlx::Error> {
    async fn one(pool: &AnyPool, sql: &str) -> Result<i64, sqlx::Error> {
        let (n,): (i64,) = sqlx::query_as(sql).fetch_one(pool).await?;
        Ok(n)
    }
    let states: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, COUNT(*) FROM dossiers GROUP BY state ORDER BY state").fetch_all(pool).await?;
    Ok(Report {
        mds: one(pool, "SELECT COUNT(*) FROM mds").await?,
        heads: one(pool, "SELECT COUNT(*) FROM accounts WHERE role = 'head'").await?,
        professionals: one(pool, "SELECT COUNT(*) FROM accounts WHERE role = 'professional'").await?,
        persons: one(pool, "SELECT COUNT(*) FROM accounts WHERE role = 'person'").await?,
        dossiers: one(pool, "SELECT COUNT(*) FROM dossiers").await?,
        states,
        members: one(pool, "SELECT COUNT(*) FROM dossier_members WHERE until IS NULL").await?,
        answers: one(pool, "SELECT COUNT(*) FROM demande_answers").await?,
        history: one(pool, "SELECT COUNT(*) FROM demande_history").await?,
        consent_events: one(pool, "SELECT COUNT(*) FROM consent_events").await?,
        journal: one(pool, "SELECT COUNT(*) FROM access_journal").await?,
        meetings: one(pool, "SELECT COUNT(*) FROM meetings").await?,
        livret_versions: one(pool, "SELECT COUNT(*) FROM livret_versions").await?,
        elapsed: Duration::ZERO,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fates_come_in_their_proportions_in_every_hundred() {
        let fates: Vec<Fate> = (1..=100).map(Fate::of).collect();
        let n = |f: Fate| fates.iter().filter(|x| **x == f).count();
        assert_eq!(
            [n(Fate::Draft), n(Fate::Sent), n(Fate::MoreInfo), n(Fate::Refused), n(Fate::Validated), n(Fate::Livret)],
            [38, 15, 5, 3, 27, 12]
        );
    }

    #[test]
    fn every_answer_is_a_question_of_the_demande_and_she_writes_about_housing() {
        let all = all_fields();
        for n in 1..500 {
            let fields = fields_of(n);
            assert!(fields.contains(&"housing.hard"));
            assert!(fields.iter().all(|f| all.contains(f)), "{fields:?}");
        }
    }

    #[test]
    fn identifiers_and_emails_are_what_the_readme_says() {
        assert_eq!(person_identifier(1), "personne-00001");
        assert_eq!(pro_email(7), "pro-0007@departement.demo");
        assert_eq!(head_email(2), "responsable-2@departement.demo");
        assert!(livret_app::domain::credentials::PersonSecret::parse(PERSON_SECRET).is_ok());
    }
}
