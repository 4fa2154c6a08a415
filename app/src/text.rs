//! The French text catalogue: every word a user reads comes from here, so
//! that `tests::catalogue_follows_plain_language_rules` can check it all.
//! `person` holds what the person may read (strict plain-language rules);
//! `pro` what only professionals read (professional words allowed, still
//! no undefined acronym). `{name}`-style holes are filled by [`fill`].

macro_rules! catalogue {
    ($( $key:ident = $text:literal; )*) => {
        $( pub const $key: &str = $text; )*
        /// Every entry with its key, for the plain-language test.
        pub const ALL: &[(&str, &str)] = &[ $( (stringify!($key), $text) ),* ];
    };
}

/// Replaces `{hole}` by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(template.to_owned(), |acc, (k, v)| acc.replace(&format!("{{{k}}}"), v))
}

pub mod person {
    catalogue! {
        APP_NAME = "Livret";
        SKIP_TO_CONTENT = "Aller au contenu";
        WELCOME_TITLE = "Bienvenue dans Livret";
        WELCOME_INTRO = "Livret vous aide à préparer votre demande d'accompagnement. Vous choisissez ce que vous partagez.";
        WELCOME_SIGN_IN = "J'ai déjà mon identifiant";
        WELCOME_FIRST_TIME = "C'est ma première fois. J'ai un code sur papier.";
        WELCOME_PRO = "Je suis un professionnel";
        SIGN_IN_TITLE = "Me connecter";
        IDENTIFIER_LABEL = "Votre identifiant";
        IDENTIFIER_HINT = "Il est écrit sur votre feuille. Par exemple : lea-5820.";
        SECRET_LABEL = "Votre code secret";
        SHOW_SECRET = "Montrer le code";
        HIDE_SECRET = "Cacher le code";
        SIGN_IN_BUTTON = "Me connecter";
        FORGOT_SECRET = "Vous avez oublié votre code secret ? Demandez une nouvelle feuille au professionnel qui vous aide.";
        FIRST_TIME_TITLE = "Première connexion";
        FIRST_TIME_INTRO = "Vous avez reçu une feuille avec un identifiant et un code. Ce code sert une seule fois.";
        FIRST_TIME_IDENTIFIER_LABEL = "Votre identifiant ou votre adresse e-mail";
        ACCESS_CODE_LABEL = "Le code écrit sur la feuille";
        ACCESS_CODE_HINT = "12 lettres et chiffres. Par exemple : ABCD-EFGH-JKMN.";
        NEW_SECRET_LABEL = "Choisissez votre code secret";
        NEW_SECRET_HINT = "6 chiffres ou plus. Ou bien une phrase de 8 lettres ou plus. Ne le dites à personne.";
        NEW_SECRET_HINT_PRO = "Pour les professionnels : 12 signes ou plus.";
        NEW_SECRET_AGAIN_LABEL = "Écrivez encore votre code secret";
        FIRST_TIME_BUTTON = "Enregistrer mon code secret";
        FINISHED = "J'ai fini";
        SIGN_OUT_EVERYWHERE = "Me déconnecter sur tous les appareils";
        SIGN_OUT_EVERYWHERE_HINT = "Utilisez ce bouton si vous êtes encore connecté sur un autre appareil.";
        HOME_HELLO = "Bonjour {name}.";
        HOME_IDENTIFIER = "Votre identifiant";
        HOME_MDS = "Votre MDS (Maison départementale des solidarités)";
        HOME_CREATED_BY = "Votre compte a été créé par";
        HOME_ACCOUNT_TITLE = "Votre compte";
        SHEET_TITLE = "Votre feuille de première connexion";
        SHEET_FOR = "Pour";
        SHEET_ADDRESS = "Adresse du site";
        SHEET_IDENTIFIER = "Votre identifiant";
        SHEET_CODE = "Votre code pour la première fois";
        SHEET_EXPIRES = "Ce code marche jusqu'au {date}.";
        SHEET_STEP_1 = "Allez sur le site.";
        SHEET_STEP_2 = "Choisissez « C'est ma première fois ».";
        SHEET_STEP_3 = "Écrivez votre identifiant et ce code.";
        SHEET_STEP_4 = "Choisissez votre code secret.";
        PRINT = "Imprimer";
        LISTEN = "Écouter";
        LISTEN_PAUSE = "Pause";
        LISTEN_RESUME = "Reprendre";
        LISTEN_STOP = "Arrêter";
        LISTEN_UNAVAILABLE = "La lecture à voix haute ne marche pas sur cet appareil.";
        LISTEN_NO_LOCAL_VOICE = "La lecture à voix haute ne marche pas sur cet appareil. Sa voix envoie le texte à une autre entreprise. Livret refuse cela pour protéger vos réponses.";
        TEXT_BIGGER = "Texte plus grand";
        GLOSSARY_LINK = "Les mots à connaître";
        GLOSSARY_TITLE = "Les mots à connaître";
        GLOSSARY_INTRO = "Voici les sigles que vous pouvez lire dans Livret. Un sigle est un mot fait de lettres.";
        KIOSK_TITLE = "Êtes-vous encore là ?";
        KIOSK_COUNTDOWN = "Sans réponse, vous serez déconnecté dans {seconds} secondes.";
        KIOSK_STAY = "Je suis encore là";
        LOADING = "Chargement en cours.";
        NOT_FOUND_TITLE = "Cette page n'existe pas";
        BACK_HOME = "Retour à l'accueil";
        ERR_WRONG_CREDENTIALS = "L'identifiant ou le code secret ne va pas. Vérifiez et essayez encore.";
        ERR_LOCKED = "Il y a eu trop d'essais. Attendez {minutes} minutes. Ensuite, essayez encore.";
        ERR_NOT_SIGNED_IN = "Vous n'êtes pas connecté. Connectez-vous pour continuer.";
        ERR_FORBIDDEN = "Votre compte ne permet pas de faire cela.";
        ERR_NOT_FOUND = "Nous ne trouvons pas cette information.";
        ERR_INTERNAL = "Un problème est arrivé chez nous. Essayez encore dans un moment.";
        ERR_BAD_REQUEST = "Le formulaire est incomplet. Vérifiez vos réponses et envoyez encore.";
        ERR_NETWORK = "La connexion ne marche pas. Vérifiez internet et essayez encore.";
        ERR_CODE_WRONG = "Ce code ne marche pas. Il est peut-être déjà utilisé ou trop ancien. Demandez une nouvelle feuille.";
        INPUT_EMPTY = "Ce champ est vide. Écrivez votre réponse.";
        INPUT_TOO_LONG = "Ce texte est trop long. Il faut {max} signes au plus.";
        INPUT_TOO_SHORT = "C'est trop court. Il faut {min} signes au moins.";
        INPUT_NOT_EMAIL = "Cette adresse e-mail ne va pas. Par exemple : nom@exemple.fr.";
        INPUT_CONTROL = "Ce texte contient un signe invisible. Écrivez-le encore.";
        INPUT_TOO_EASY = "Ce code est trop facile à deviner. Choisissez d'autres chiffres.";
        INPUT_NOT_SAME = "Les 2 codes ne sont pas pareils. Écrivez 2 fois le même code.";
        INPUT_NOT_CODE = "Ce code n'a pas la bonne forme. Il a 12 lettres et chiffres.";
        INPUT_UNKNOWN_CHOICE = "Choisissez une réponse dans la liste.";
        INPUT_UNREADABLE = "Ce texte contient des signes illisibles. Écrivez-le encore.";
        INPUT_ALREADY_USED = "Cette adresse est déjà utilisée par un autre compte.";
        DEMANDE_TITLE = "Ma demande";
        DEMANDE_INTRO = "Écrivez avec vos mots. Toutes les questions sont libres. Vous pouvez arrêter et revenir plus tard.";
        STEP_OF = "Étape {n} sur {total}";
        STEP_NOW = "Votre vie en ce moment";
        STEP_HOUSEHOLD = "Votre foyer";
        STEP_PROFESSIONALS = "Les professionnels qui vous aident";
        STEP_REFUSED = "Les sujets à ne pas aborder";
        STEP_REFERENT = "Votre référent de parcours";
        STEP_SUMMARY = "Relire et envoyer";
        Q_SITUATION = "Que se passe-t-il dans votre vie en ce moment ?";
        Q_HARD = "Qu'est-ce qui est difficile ?";
        Q_WISH = "Que voulez-vous ?";
        Q_STRENGTH = "Qu'est-ce que vous faites déjà bien ?";
        Q_BLOCK = "Qu'est-ce qui vous bloque ?";
        Q_HOUSEHOLD = "Qui vit avec vous ?";
        Q_PROFESSIONALS = "Quels professionnels vous aident déjà ? Pour quoi ? Comment les joindre ?";
        Q_REFUSED = "De quels sujets ne voulez-vous pas parler ? Personne d'autre que vous ne verra cette réponse.";
        Q_REFERENT = "Voulez-vous un référent de parcours ? C'est votre contact principal. Qui choisiriez-vous ?";
        PREVIOUS = "Retour";
        NEXT = "Suivant";
        SAVED = "Enregistré.";
        SAVING = "Enregistrement en cours.";
        NOT_SAVED = "Pas encore enregistré. Votre texte reste ici.";
        RETRY = "Réessayer";
        CHANGED_ELSEWHERE = "Ce texte a changé sur un autre écran. Rechargez la page pour voir la dernière version.";
        SUMMARY_INTRO = "Voici votre demande. Relisez-la. Ensuite, envoyez-la au responsable de votre MDS (Maison départementale des solidarités).";
        SUMMARY_EMPTY = "Vous n'avez rien écrit ici.";
        SEND = "Envoyer ma demande";
        SEND_AGAIN = "Envoyer ma demande complétée";
        MY_INFO_TITLE = "Mes informations";
        ANIMATED_BY = "{name} organise la réunion de votre équipe.";
        EXCEPTION_WHY = "Le responsable a écrit pourquoi : {reason}";
        SHARING_TITLE = "Qui voit mes informations";
        SHARING_INTRO_1 = "Plusieurs professionnels vous aident. Chacun voit seulement ce que vous choisissez.";
        SHARING_INTRO_2 = "Partager les aide à travailler ensemble pour vous.";
        SHARING_INTRO_3 = "Vous pouvez dire non. Votre aide ne change pas.";
        SHARING_INTRO_4 = "Vous pouvez changer d'avis quand vous voulez.";
        SHARING_TEAM_EMPTY = "Il n'y a pas encore de professionnel dans votre équipe.";
        SHARING_MAY_SEE = "Cochez ce que cette personne peut voir.";
        SHARING_SAVE = "Enregistrer mes choix";
        SHARING_SAVED = "Vos choix sont enregistrés.";
        SHARING_OUTSIDE_MISSION = "Pas utile pour son travail. Elle ne le verra pas.";
        SHARING_MISSION = "Son travail pour vous";
        SHARING_ADD_TITLE = "Ajouter un professionnel à mon équipe";
        SHARING_ADD_LABEL = "Choisissez un professionnel";
        SHARING_ADD_BUTTON = "Ajouter à mon équipe";
        SHARING_ADD_HINT = "Il ne verra rien tant que vous ne cochez rien.";
        SHARING_DIRECTORY_EMPTY = "Tous les professionnels de votre maison des solidarités sont déjà dans votre équipe.";
        SHARING_REMOVE = "Retirer de mon équipe";
        WHO_SEES_TITLE = "Qui voit quoi";
        WHO_SEES_INTRO = "Ce tableau montre ce que chaque professionnel voit.";
        WHO_SEES_PRO = "Professionnel";
        WHO_SEES_YES = "Oui";
        WHO_SEES_NO = "Non";
        WHO_SEES_CHANGE = "Changer mes choix";
        JOURNAL_TITLE = "Qui a regardé mes informations";
        JOURNAL_INTRO = "Quand un professionnel ouvre vos informations, Livret l'écrit ici.";
        JOURNAL_EMPTY = "Personne n'a encore regardé vos informations.";
        JOURNAL_SAW = "a regardé :";
        JOURNAL_PAGE_DOSSIER = "Sur la page de votre demande.";
        HISTORY_TITLE = "Historique de ma demande";
        HISTORY_INTRO = "Ici, vous voyez chaque changement de votre demande : qui, quand et quoi.";
        HISTORY_EMPTY = "Rien n'est encore écrit.";
        HISTORY_YOU = "Vous";
        HISTORY_WROTE = "a écrit :";
        WORDS_YOURS = "Vos mots.";
        WORDS_BY = "Texte proposé par {name}. Vous avez dit oui.";
        SUGGESTION_FROM = "{name} propose un autre texte :";
        SUGGESTION_ACCEPT = "Prendre ce texte";
        SUGGESTION_REFUSE = "Garder mon texte";
        PRESENT = "Regarde aussi votre demande en ce moment : {names}.";
        CONFLICT_OTHER = "Sur un autre écran, le texte est :";
        CONFLICT_KEEP = "Garder mon texte";
        CONFLICT_TAKE = "Prendre l'autre texte";
        STATE_DRAFT = "Votre demande n'est pas encore envoyée.";
        STATE_SENT = "Votre demande est envoyée. Le responsable de votre MDS (Maison départementale des solidarités) va la lire.";
        STATE_MORE_INFO = "Le responsable demande des informations en plus. Lisez son message.";
        STATE_VALIDATED = "Votre demande est acceptée. Une réunion avec vos professionnels va être organisée.";
        STATE_NOT_VALIDATED = "Votre demande n'est pas acceptée. Lisez le message du responsable.";
        NEXT_STEP_WRITE = "Écrire ma demande";
        NEXT_STEP_READ = "Lire ma demande";
        NEXT_STEP_ANSWER = "Compléter ma demande";
        MESSAGE_FROM_HEAD = "Message du responsable";
        READ_ONLY = "Votre demande est envoyée. Vous ne pouvez plus la changer pour le moment.";
        KIND_HOUSING = "Logement";
        KIND_HEALTH = "Santé";
        KIND_MONEY = "Argent et dettes";
        KIND_FAMILY = "Enfants et vie de famille";
        KIND_WORK = "Emploi et formation";
        KIND_MOBILITY = "Déplacements";
        KIND_RIGHTS = "Droits et papiers";
        KIND_JUSTICE = "Justice";
        KIND_RELATIONS = "Relations et solitude";
        KIND_VIOLENCE = "Violences et sécurité";
        KIND_OTHER = "Autre chose";
        REASON_YOURS = "Ce sont vos informations. Vous les voyez toujours.";
        REASON_CONSENTED = "Vous avez dit oui pour cette personne et ce sujet.";
        REASON_CONSENTED_WITH_EXCEPTION = "Vous avez dit oui. Ce sujet ne fait pas partie de sa mission. Le responsable a écrit pourquoi elle en a besoin.";
        REASON_REFUSED_TOPIC = "Vous ne voulez pas parler de ce sujet. Personne d'autre que vous ne le voit.";
        REASON_THIRD_PARTY = "Cette information parle d'une autre personne. Elle reste cachée.";
        REASON_NOT_IN_TEAM = "Cette personne ne fait pas partie de votre équipe. Elle ne voit rien.";
        REASON_OUTSIDE_MISSION = "Ce sujet ne fait pas partie de sa mission. Elle ne le voit pas.";
        REASON_NO_CONSENT = "Vous n'avez pas dit oui pour ce sujet. Elle ne le voit pas.";
        REASON_CONSENT_WITHDRAWN = "Vous avez dit non. Elle ne le voit plus.";
        REASON_FORBIDDEN_BY_LAW = "La loi interdit de montrer ce sujet à ce métier.";
        WHY_YOURS = "Ce sont vos informations.";
        WHY_IN_YOUR_TEAM = "Cette personne fait partie de votre équipe.";
        WHY_HEAD_OF_YOUR_MDS = "C'est le responsable de votre MDS (Maison départementale des solidarités).";
        WHY_WAITING_FOR_DECISION = "Vous avez envoyé votre demande. Le responsable la lit pour décider.";
        WHY_NOT_WAITING_FOR_DECISION = "Le responsable lit votre demande seulement quand il doit décider.";
        WHY_ONLY_YOU = "Personne d'autre que vous ne peut faire cela.";
        WHY_ONLY_YOUR_TEAM = "Seuls les professionnels de votre équipe peuvent faire cela.";
        WHY_ONLY_THE_ANIMATEUR = "Seul le responsable qui organise votre réunion peut faire cela.";
        WHY_ADMINISTRATOR = "Un administrateur ne voit jamais vos informations.";
        WHY_ALREADY_IN_MISSION = "Ce sujet fait déjà partie de sa mission.";
        WHY_NOT_FOR_HERSELF = "Le responsable ne peut pas ouvrir un sujet pour lui-même.";
        INPUT_FORBIDDEN_BY_LAW = "La loi interdit ce choix pour ce métier. Choisissez un autre sujet.";
        VIOLENCE_INTRO_1 = "Cette étape est libre. Vous pouvez passer à la suite.";
        VIOLENCE_INTRO_2 = "Personne ne voit vos réponses si vous ne dites pas oui.";
        VIOLENCE_INTRO_3 = "Si vous dites oui, seuls les professionnels qui protègent les personnes peuvent les voir.";
        VIOLENCE_DANGER = "Vous êtes en danger ? Appelez le 17. Pour les violences dans le couple, appelez le 3919. C'est gratuit.";
        Q_VIOLENCE_HARD = "Est-ce que quelqu'un vous fait du mal ou vous fait peur ?";
        Q_VIOLENCE_WISH = "De quelle aide avez-vous besoin pour être en sécurité ?";
        JOURNAL_NEW_SHEET = "a fait une nouvelle feuille de connexion pour vous.";
        JOURNAL_PAGE_REVIEW = "Pour décider de votre demande.";
        NOTICES_TITLE = "Nouveau sur votre compte";
        NOTICE_NEW_SHEET = "{name} a fait une nouvelle feuille de connexion pour vous. C'était le {date}.";
        NOTICE_NOT_YOU = "Vous ne l'avez pas demandée ? Dites-le vite à un professionnel de votre équipe.";
        SEE_AS_LINK = "Voir comme {name}";
        SEE_AS_TITLE = "Ce que voit {name}";
        SEE_AS_BANNER = "Voici ce que voit {name}, {function}.";
        SEE_AS_INTRO = "Livret fait cette page comme pour ce professionnel. Vous voyez exactement ce qu'il reçoit.";
        SEE_AS_HIDDEN_TITLE = "Ce que ce professionnel ne voit pas";
        SEE_AS_NOTHING = "Ce professionnel ne voit encore aucune réponse.";
        SEE_AS_BACK = "Retour à qui voit quoi";
        FUNCTION_SOCIAL_WORKER = "Assistante de service social";
        FUNCTION_FAMILY_ECONOMY_ADVISER = "Conseillère en économie sociale et familiale";
        FUNCTION_CAF_ADVISER = "Conseillère de la CAF (Caisse d'allocations familiales)";
        FUNCTION_CCAS_WORKER = "Travailleur social du CCAS (Centre communal d'action sociale)";
        FUNCTION_MISSION_LOCALE_ADVISER = "Conseiller de la mission locale pour les jeunes";
        FUNCTION_PMI_NURSE = "Puéricultrice de la PMI (Protection maternelle et infantile)";
        FUNCTION_SOCIAL_LANDLORD = "Conseillère de votre organisme de logement social";
        FUNCTION_HOSPITAL_SOCIAL_WORKER = "Assistante de service social de l'hôpital";
        FUNCTION_GUARDIAN = "Mandataire pour une tutelle ou une curatelle";
        FUNCTION_FRANCE_TRAVAIL_ADVISER = "Conseiller de France Travail pour l'emploi";
        FUNCTION_MDS_HEAD = "Responsable de la MDS (Maison départementale des solidarités)";
    }
}

pub mod pro {
    catalogue! {
        PRO_SIGN_IN_TITLE = "Connexion des professionnels";
        EMAIL_LABEL = "Adresse e-mail";
        PASSWORD_LABEL = "Mot de passe";
        PRO_SIGN_IN_BUTTON = "Se connecter";
        PRO_WRONG_CREDENTIALS = "L'adresse e-mail ou le mot de passe ne va pas.";
        PRO_FIRST_TIME = "Première connexion ? Utilisez le code reçu de votre administrateur.";
        SIGN_OUT = "Se déconnecter";
        PRO_HOME_TITLE = "Les personnes que vous accompagnez";
        HEAD_HOME_TITLE = "Les personnes suivies par votre MDS (Maison départementale des solidarités)";
        NEW_PERSON_TITLE = "Créer le compte d'une personne";
        NEW_PERSON_NAME_LABEL = "Prénom ou nom choisi par la personne";
        NEW_PERSON_NAME_HINT = "Le nom qu'elle veut voir à l'écran. Vous lui remettez ensuite sa feuille.";
        NEW_PERSON_BUTTON = "Créer le compte et la feuille";
        PERSONS_EMPTY = "Aucun compte de personne pour le moment.";
        PERSON_HAS_SECRET = "Code secret choisi";
        PERSON_WAITING = "Attend sa première connexion";
        REISSUE_BUTTON = "Nouvelle feuille de connexion";
        SHEET_READY = "La feuille est prête. Imprimez-la ou recopiez-la pour la personne. Le code ne sera plus affiché.";
        COL_NAME = "Nom";
        COL_IDENTIFIER = "Identifiant";
        COL_STATE = "État";
        COL_ACTION = "Action";
        COL_EMAIL = "Adresse e-mail";
        COL_FUNCTION = "Fonction";
        COL_INSTITUTION = "Institution";
        COL_MDS = "MDS (Maison départementale des solidarités)";
        ADMIN_TITLE = "Comptes des professionnels";
        ADMIN_NEW_PRO = "Créer un compte professionnel";
        NAME_LABEL = "Nom et prénom";
        INSTITUTION_LABEL = "Institution";
        FUNCTION_LABEL = "Fonction";
        MISSION_LABEL = "Mission, en quelques mots";
        MISSION_HINT = "La personne lira cette phrase. Par exemple : m'aide pour le loyer et les aides au logement.";
        ROLE_LABEL = "Rôle dans Livret";
        MDS_LABEL = "MDS (Maison départementale des solidarités)";
        ADMIN_CREATE_BUTTON = "Créer le compte et la feuille";
        ROLE_PROFESSIONAL = "Professionnel";
        ROLE_HEAD_RESPONSABLE = "Responsable de MDS (Maison départementale des solidarités)";
        ROLE_HEAD_ADJOINT = "Responsable adjoint de MDS (Maison départementale des solidarités)";
        ROLE_ADMIN = "Administrateur";
        SIGNED_IN_AS = "Connecté :";
        QUEUE_TITLE = "Demandes à examiner";
        QUEUE_EMPTY = "Aucune demande en attente.";
        COL_SENT_ON = "Envoyée le";
        COL_WAITING = "Attente";
        WAITING_DAYS = "{days} jours";
        OPEN_REVIEW = "Examiner";
        REVIEW_TITLE = "Examen de la demande de {name}";
        DECISION_LABEL = "Votre décision";
        DECISION_VALIDATE = "Valider la demande";
        DECISION_MORE_INFO = "Demander des informations en plus";
        DECISION_REFUSE = "Ne pas valider la demande";
        DECISION_MESSAGE_LABEL = "Message pour la personne, en mots simples";
        DECISION_MESSAGE_HINT = "Elle et le professionnel qui l'accompagne liront ce message.";
        DECISION_BUTTON = "Enregistrer la décision";
        DECISION_DONE = "La décision est enregistrée.";
        ANIMATEUR_LABEL = "Qui anime l'équipe parcours et projet ?";
        ANIMATEUR_HINT = "Seulement si vous validez la demande.";
        EXCEPTIONS_TITLE = "Exceptions au périmètre de mission";
        EXCEPTIONS_INTRO = "Un professionnel a besoin d'un sujet hors de sa mission ? Écrivez pourquoi. La personne lit cette raison et garde son choix.";
        EXCEPTIONS_NONE = "Aucune exception pour le moment.";
        EXCEPTION_STAFF = "Professionnel";
        EXCEPTION_KIND = "Sujet";
        EXCEPTION_REASON = "Raison, en mots simples";
        EXCEPTION_BUTTON = "Enregistrer l'exception";
        EXCEPTION_LINE = "{name} : {kind}. Raison : {reason}";
        MY_DOSSIERS_TITLE = "Demandes que vous accompagnez";
        MY_DOSSIERS_EMPTY = "Aucune personne ne vous a encore ajouté à son équipe.";
        OPEN_DOSSIER = "Ouvrir la demande de {name}";
        DOSSIER_TITLE = "Demande de {name}";
        DOSSIER_STATE_DRAFT = "En cours d'écriture.";
        DOSSIER_STATE_SENT = "Envoyée au responsable de la maison des solidarités.";
        DOSSIER_STATE_MORE_INFO = "Le responsable demande des informations en plus.";
        DOSSIER_STATE_VALIDATED = "Validée.";
        DOSSIER_STATE_NOT_VALIDATED = "Non validée.";
        DOSSIER_PURPOSE = "Réservé à l'équipe parcours et projet. Ne pas utiliser pour un autre but.";
        DOSSIER_HIDDEN_TITLE = "Ce que vous ne voyez pas";
        DOSSIER_HIDDEN_INTRO = "La personne choisit ce qu'elle partage avec chaque professionnel.";
        DOSSIER_NO_ANSWER = "Pas de réponse.";
        DOSSIER_WORDS_OWNER = "Mots de la personne.";
        DOSSIER_WORDS_BY = "Proposé par {name}, accepté par la personne.";
        DOSSIER_PRESENT = "Aussi sur cette demande en ce moment : {names}.";
        PRO_REASON_NOT_SHARED = "Non partagé avec vous.";
        PRO_REASON_WITHDRAWN = "La personne a retiré son accord.";
        PRO_REASON_OUTSIDE_MISSION = "Hors de votre mission.";
        PRO_REASON_PRIVATE = "Sujet privé de la personne.";
        SUGGEST_LABEL = "Proposer une autre formulation";
        SUGGEST_HINT = "La personne lit votre proposition. Elle la prend ou la refuse.";
        SUGGEST_BUTTON = "Envoyer la proposition";
        SUGGEST_PENDING = "Votre proposition attend sa réponse :";
        MDS_NONE = "Aucune MDS (Maison départementale des solidarités) n'existe encore.";
        PERIMETERS_TITLE = "Ce que chaque fonction peut voir";
        PERIMETERS_INTRO = "Chaque fonction voit au plus ces sujets. La personne choisit ensuite ce qu'elle partage avec chaque professionnel.";
        PERIMETERS_AT_ONCE = "Un changement compte tout de suite, pour tous les professionnels de cette fonction.";
        PERIMETER_MAY_SEE = "Sujets de sa mission";
        PERIMETER_SAVE = "Enregistrer pour cette fonction";
        PERIMETER_SAVED = "C'est enregistré.";
        PERIMETER_LAST_CHANGE = "Dernier changement : {who}.";
        PRO_REASON_FORBIDDEN_BY_LAW = "La loi l'interdit pour votre métier.";
        HEAD_REQUESTS_TITLE = "Comptes de responsable à confirmer";
        HEAD_REQUESTS_INTRO = "Un compte de responsable ouvre les demandes de toute une MDS (Maison départementale des solidarités). Une deuxième personne le confirme : un autre administrateur, ou un responsable de cette MDS (Maison départementale des solidarités).";
        HEAD_REQUESTS_NONE = "Aucun compte à confirmer.";
        HEAD_REQUEST_OPEN = "Nouveau compte : {name}, {rank}, {mds}.";
        HEAD_REQUEST_SHEET = "Nouvelle feuille de connexion : {name}, {mds}.";
        HEAD_REQUEST_BY = "Demandé par {by}, le {date}.";
        HEAD_REQUEST_MINE = "Vous avez fait cette demande. Une autre personne doit la confirmer.";
        HEAD_REQUEST_CONFIRM = "Confirmer et faire la feuille";
        AWAITING_CONFIRMATION = "C'est enregistré. Une deuxième personne doit confirmer ce compte de responsable. Elle recevra la feuille à remettre.";
        PERIMETER_FORBIDDEN = "Jamais pour ce métier : la loi l'interdit.";
        PERIMETER_EXCEPTION_ONLY = "Seulement pour une personne, par une exception qui nomme son mandat.";
        REVIEW_SENT_VERSION = "Vous lisez la version envoyée le {date}. Cette lecture est écrite dans son journal.";
        DOSSIER_ANIMATE_HINT = "Vous animez son équipe parcours et projet.";
        PERIMETER_NEVER_CHANGED = "Réglage de départ, jamais changé.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::falc;

    fn offences(entries: &[(&str, &str)], allow_terms: bool) -> Vec<String> {
        entries
            .iter()
            .flat_map(|(key, text)| falc::check(text, allow_terms).into_iter().map(move |o| format!("{key}: {o:?}")))
            .collect()
    }

    #[test]
    fn catalogue_follows_plain_language_rules() {
        let mut all = offences(person::ALL, false);
        all.extend(offences(pro::ALL, true));
        assert!(all.is_empty(), "plain-language offences:\n{}", all.join("\n"));
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<&str> = person::ALL.iter().chain(pro::ALL).map(|(k, _)| *k).collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }

    #[test]
    fn holes_are_filled() {
        assert_eq!(fill(person::HOME_HELLO, &[("name", "Amina")]), "Bonjour Amina.");
    }
}
