//! Demo data: one MDS, its head, six professionals of different
//! institutions, an administrator and two persons. Refused in production.
//! The credentials are printed in the README.

use livret_app::accounts::ssr::{NewStaff, insert_admin, insert_mds, insert_person_with_identifier, insert_staff};
use livret_app::auth::ssr::set_secret;
use livret_app::domain::role::{Function, HeadRank, Role};
use livret_app::domain::sharing::Kind;
use livret_app::dossier::ssr::own_dossier_in;
use livret_app::error::AppError;
use livret_app::sharing::ssr::{join, set_consents};
use sqlx::AnyPool;

pub const STAFF_PASSWORD: &str = "livret-demo-2026";

struct Pro {
    name: &'static str,
    email: &'static str,
    function: Function,
    institution: &'static str,
    mission: &'static str,
}

const PROS: [Pro; 6] = [
    Pro {
        name: "Claire Martin",
        email: "claire.martin@mds.demo",
        function: Function::SocialWorker,
        institution: "Département, MDS de la Vallée",
        mission: "m'aide pour mes démarches et mon budget",
    },
    Pro {
        name: "Karim Haddad",
        email: "karim.haddad@caf.demo",
        function: Function::CafAdviser,
        institution: "CAF (Caisse d'allocations familiales)",
        mission: "s'occupe de mes aides de la CAF (Caisse d'allocations familiales)",
    },
    Pro {
        name: "Sophie Bernard",
        email: "sophie.bernard@ccas.demo",
        function: Function::CcasWorker,
        institution: "CCAS (Centre communal d'action sociale) de la ville",
        mission: "m'aide pour les aides de la mairie",
    },
    Pro {
        name: "Lucas Petit",
        email: "lucas.petit@missionlocale.demo",
        function: Function::MissionLocaleAdviser,
        institution: "Mission locale",
        mission: "m'aide à trouver une formation ou un travail",
    },
    Pro {
        name: "Nadia Lefèvre",
        email: "nadia.lefevre@pmi.demo",
        function: Function::PmiNurse,
        institution: "PMI (Protection maternelle et infantile)",
        mission: "suit la santé de mon bébé",
    },
    Pro {
        name: "Paul Garnier",
        email: "paul.garnier@habitat.demo",
        function: Function::SocialLandlord,
        institution: "Habitat de la Vallée, logement social",
        mission: "s'occupe de mon logement et du loyer",
    },
];

/// Fills an empty database; does nothing when accounts exist.
pub async fn seed(pool: &AnyPool, now: i64) -> Result<bool, AppError> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM accounts").fetch_one(pool).await?;
    if count > 0 {
        return Ok(false);
    }
    let mds = insert_mds(pool, "MDS de la Vallée", now).await?;
    let admin = insert_admin(pool, "Administration Livret", "admin@livret.demo", now).await?;
    set_secret(pool, admin, STAFF_PASSWORD).await?;
    let mut conn = pool.acquire().await?;
    let head = insert_staff(
        &mut conn,
        &NewStaff {
            display_name: "Hélène Roux",
            email: "helene.roux@mds.demo",
            role: Role::Head,
            head_rank: Some(HeadRank::Responsable),
            function: Function::MdsHead,
            institution: "Département, MDS de la Vallée",
            mission: "valide les demandes et anime l'équipe parcours et projet",
            mds_id: mds,
        },
        Some(admin),
        now,
    )
    .await?;
    set_secret(pool, head, STAFF_PASSWORD).await?;
    let mut ids = Vec::new();
    for p in &PROS {
        let new = NewStaff {
            display_name: p.name,
            email: p.email,
            role: Role::Professional,
            head_rank: None,
            function: p.function,
            institution: p.institution,
            mission: p.mission,
            mds_id: mds,
        };
        let id = insert_staff(&mut conn, &new, Some(admin), now).await?;
        set_secret(pool, id, STAFF_PASSWORD).await?;
        ids.push(id);
    }
    drop(conn);
    let amina = insert_person_with_identifier(pool, "Amina", "amina-2841", Some(mds), ids[0], now).await?;
    set_secret(pool, amina, "482913").await?;
    let jean = insert_person_with_identifier(pool, "Jean", "jean-7302", Some(mds), ids[2], now).await?;
    set_secret(pool, jean, "mon chat roux").await?;
    // Amina's équipe: the social worker who opened her account, her CAF
    // adviser and the PMI nurse; she shares three subjects with the first.
    let dossier = own_dossier_in(&mut *pool.acquire().await?, amina, Some(mds)).await?;
    for staff in [ids[0], ids[1], ids[4]] {
        join(pool, dossier, staff, amina).await?;
    }
    set_consents(pool, dossier, amina, ids[0], &[Kind::Housing, Kind::Money, Kind::Family]).await?;
    let dossier = own_dossier_in(&mut *pool.acquire().await?, jean, Some(mds)).await?;
    join(pool, dossier, ids[2], jean).await?;
    Ok(true)
}
