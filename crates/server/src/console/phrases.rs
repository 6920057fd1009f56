//! The console's texts: one row per text, its French then its English, so a translator reads
//! and checks both languages in one place. Pages say `lang.say(Phrase::…)`.

use super::i18n::Lang;

macro_rules! phrases {
    ( $( $variant:ident $fr:literal $en:literal; )* ) => {
        /// One text of the console.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Phrase {
            $( $variant, )*
        }

        impl Phrase {
            /// Every text, for the tests that check the table.
            #[cfg(test)]
            pub const ALL: &'static [Phrase] = &[$(Phrase::$variant,)*];

            pub fn in_lang(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (Phrase::$variant, Lang::Fr) => $fr, (Phrase::$variant, Lang::En) => $en, )*
                }
            }
        }
    };
}

phrases! {
    // account.rs
    YouSignedInWith "Vous vous êtes connecté avec un mot de passe à usage unique : choisissez le vôtre pour continuer." "You signed in with a one-time password: choose your own to go on.";
    YourPasswordHasBeen "Votre mot de passe a été changé. Vos autres sessions ont été fermées." "Your password has been changed. Your other sessions have been closed.";
    CurrentPassword "Mot de passe actuel" "Current password";
    NewPassword "Nouveau mot de passe" "New password";
    NewPasswordAgain "Nouveau mot de passe, à nouveau" "New password, again";
    ChangePassword "Changer le mot de passe" "Change password";
    EnterYourCurrentPassword "Saisissez votre mot de passe actuel." "Enter your current password.";
    ChooseAPasswordOther "Choisissez un mot de passe différent de l’actuel." "Choose a password other than the current one.";
    TheTwoEntriesOf "Les deux saisies du nouveau mot de passe ne sont pas identiques." "The two entries of the new password differ.";
    TooManyAttemptsWait "Trop de tentatives. Attendez un quart d’heure avant de réessayer." "Too many attempts. Wait a quarter of an hour before trying again.";
    TheCurrentPasswordIs "Le mot de passe actuel est incorrect." "The current password is wrong.";

    // appearance.rs
    AccentColourButtonsLinks "Couleur d’accent (boutons, liens)" "Accent colour (buttons, links)";
    TextOnTheAccent "Texte sur l’accent" "Text on the accent";
    Text "Texte" "Text";
    SecondaryText "Texte secondaire" "Secondary text";
    Background "Fond" "Background";
    BoxBackground "Fond des encadrés" "Box background";
    Borders "Bordures" "Borders";
    CornerRadiusPxRem "Arrondi des angles (px, rem)" "Corner radius (px, rem)";
    Font "Police" "Font";
    From0To40px "De 0 à 40px, ou de 0 à 3rem." "From 0 to 40px, or 0 to 3rem.";
    FontNamesSeparatedBy "Des noms de polices séparés par des virgules." "Font names separated by commas.";
    ChooseOneOfThe "Choisissez une des propositions." "Choose one of the options.";
    ARgbOrRrggbb "Une couleur #rgb ou #rrggbb, ou vide." "A #rgb or #rrggbb colour, or empty.";
    Choose "Choisir :" "Choose:";
    EmptyTheDefault "Vide : la valeur par défaut." "Empty: the default.";
    ThePagesLightBy "Celui de la page (clair par défaut)" "The page's (light by default)";
    Light "Clair" "Light";
    Dark "Sombre" "Dark";
    AsTheReadersSetting "Selon le réglage du lecteur" "As the reader's setting";
    Scheme "Thème" "Scheme";
    Preview "Prévisualiser" "Preview";
    Save "Enregistrer" "Save";
    Appearance "Apparence" "Appearance";
    AppearancePreview "Aperçu de l’apparence" "Appearance preview";
    PreviewHeading "Aperçu" "Preview";

    // charts.rs
    TheChartsFigures "Les chiffres du graphique" "The chart's figures";
    Day "Jour" "Day";
    Step "Étape" "Step";
    Count "Nombre" "Count";
    DecimalSeparator "," ".";

    // dashboard.rs
    ThereIsNoSite "Il n’y a encore aucun site. " "There is no site yet. ";
    CreateTheFirstOne "Créez le premier" "Create the first one";
    NoSiteHasBeen "Aucun site ne vous est encore confié : demandez-en l’accès à un administrateur." "No site has been given to you yet: ask an administrator for access.";
    TheSitesYouManage "Les sites que vous gérez :" "The sites you manage:";
    Dashboard "Tableau de bord" "Dashboard";
    NewOrigin "Nouvelle origine" "New origin";
    TheAddressOfThe "L’adresse du site qui affiche le widget, sans chemin : https://www.journal.example, ou http://127.0.0.1:8081 pour un essai." "The address of the site that shows the widget, without a path: https://www.journal.example, or http://127.0.0.1:8081 to try it out.";
    AllowThisOrigin "Autoriser cette origine" "Allow this origin";
    Id "Identifiant" "Id";
    ArticleMeter "Compteur d’articles" "Article meter";
    SubscriberTokens "Jetons d’abonnés" "Subscriber tokens";
    KeySet "clé configurée" "key set";
    NoKeyEveryToken "aucune clé : tout jeton est refusé" "no key: every token is refused";
    AllowedOrigins "Origines autorisées" "Allowed origins";
    PagesOnTheseSites "Les pages de ces sites peuvent appeler l’API pour ce site depuis le navigateur du lecteur ; ailleurs, le widget affiche le contenu de repli de la page." "Pages on these sites may call this site’s API from the reader’s browser; anywhere else the widget shows the page’s fallback content.";
    NoneOnlyThisServers "Aucune : seules les pages de ce serveur peuvent afficher le widget." "None: only this server’s pages can show the widget.";
    AnAdministratorCanAdd "Un administrateur peut ajouter ou retirer des origines." "An administrator can add or remove origins.";
    EmbedTheWidget "Intégrer le widget" "Embed the widget";
    PasteThisTagIn "Collez cette balise dans les pages du site (dans <head> ou avant </body>), puis placez les emplacements data-kiosque là où le widget doit paraître." "Paste this tag in the site’s pages (in <head> or before </body>), then place the data-kiosque placeholders where the widget should appear.";

    // feeds.rs
    NotImportedYet "pas encore importé" "not imported yet";
    FailedNothingChanged "Échec, rien n’a changé :" "Failed, nothing changed:";
    ImportNow "Importer maintenant" "Import now";
    Remove "Retirer" "Remove";
    NoFeedYet "Aucun flux pour l’instant." "No feed yet.";
    ImportedFeeds "Flux importés" "Imported feeds";
    Address "Adresse" "Address";
    Access "Accès" "Access";
    HowOften "Fréquence" "How often";
    Section "Rubrique" "Section";
    LastImport "Dernier import" "Last import";
    Actions "Actions" "Actions";
    FeedAddress "Adresse du flux" "Feed address";
    YourSitesRSSOr "Le flux RSS ou Atom de votre site, par exemple https://www.journal.example/feed/. Le texte intégral vient de content:encoded (RSS) ou content (Atom), sinon du résumé." "Your site’s RSS or Atom feed, like https://www.journal.example/feed/. The full text comes from content:encoded (RSS) or content (Atom), else the summary.";
    AccessToTheImported "Accès aux articles importés" "Access to the imported articles";
    T15m2hOr1d "15m, 2h ou 1d (d’une minute à 30 jours)." "15m, 2h or 1d (from one minute to 30 days).";
    TheSlugOfThe "L’identifiant de la rubrique des articles importés (lettres minuscules, chiffres, tirets) ; créée si besoin." "The slug of the imported articles’ section (lower-case letters, digits, hyphens); created if needed.";
    AddTheFeed "Ajouter le flux" "Add the feed";
    AddAFeed "Ajouter un flux" "Add a feed";
    RSSAndAtomFeeds "Flux RSS et Atom" "RSS and Atom feeds";
    EnterTheFeedsFull "Saisissez l’adresse complète du flux, en http:// ou https://." "Enter the feed’s full address, with http:// or https://.";
    WriteHowOftenLike "Écrivez la fréquence comme 15m, 2h ou 1d, entre une minute et 30 jours." "Write how often like 15m, 2h or 1d, between one minute and 30 days.";
    TheSectionIsWritten "La rubrique s’écrit en lettres minuscules sans accent, chiffres et tirets." "The section is written in lower-case letters without accents, digits and hyphens.";
    ThisFeedIsAlready "Ce flux est déjà importé." "This feed is already imported.";
    Subscribers "Abonnés" "Subscribers";
    RegisteredReaders "Inscrits" "Registered readers";
    Free "Libre" "Free";

    // forms.rs
    EnterAValidEmail "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr." "Enter a valid email address, like name@example.com.";
    ThereIsAProblem "Le formulaire contient des erreurs" "There is a problem with the form";
    Error "Erreur : " "Error: ";

    // layout.rs
    SignOut "Se déconnecter" "Sign out";
    SavedAndPublishedReaders "Enregistrée et publiée : les lecteurs la voient dès maintenant." "Saved and published: readers get it now.";
    ChangesSaved "Modifications enregistrées." "Changes saved.";
    SitePages "Pages du site" "Site pages";
    AdministratorInText "administrateur" "administrator";
    MarketerInText "marketing" "marketer";
    LanguageName "Français" "English";
    YourSites "Vos sites" "Your sites";
    Users "Utilisateurs" "Users";
    Password "Mot de passe" "Password";
    SkipToContent "Aller au contenu" "Skip to content";
    Overview "Vue d’ensemble" "Overview";
    PaywallAndMeter "Mur et compteur" "Paywall and meter";
    WidgetTexts "Textes du widget" "Widget texts";
    Offers "Offres" "Offers";
    RSSFeeds "Flux RSS" "RSS feeds";
    Figures "Statistiques" "Figures";
    Webinars "Webinaires" "Webinars";

    // offer_form.rs
    ThisFieldIsRequired "Ce champ est obligatoire." "This field is required.";
    EnterAFullHttp "Saisissez une adresse http(s) complète, par exemple https://abonnement.exemple.fr." "Enter a full http(s) address, such as https://subscribe.example.com.";
    TheEndMustCome "La fin doit suivre le début." "The end must come after the start.";
    EnterAPositiveWhole "Saisissez un nombre entier positif." "Enter a positive whole number.";
    AnotherVariantHasThis "Une autre variante a déjà cet identifiant." "Another variant has this id.";
    ALinkMustLead "Un lien doit mener à une adresse http(s) complète : [texte](https://exemple.fr)." "A link must lead to a full http(s) address: [text](https://example.com).";
    ThisTextIsToo "Ce texte est trop long." "This text is too long.";
    LettersDigitsAndOnly "Lettres, chiffres, - et _ seulement, 32 au plus." "Letters, digits, - and _ only, 32 at most.";
    ThisValueIsNot "Cette valeur n’est pas acceptée." "This value is not accepted.";
    EnterADateAnd "Saisissez une date et une heure (AAAA-MM-JJThh:mm)." "Enter a date and time (YYYY-MM-DDThh:mm).";
    EnterAWholeNumber "Saisissez un nombre entier." "Enter a whole number.";
    Paywall "Mur de paiement" "Paywall";
    InlineBlock "Bloc dans l’article" "Inline block";
    Banner "Bannière" "Banner";
    Published "Publiée" "Published";
    Archived "Archivée" "Archived";
    Draft "Brouillon" "Draft";
    UnpublishedChanges "brouillon en cours" "unpublished changes";
    Variant "Variante" "Variant";
    PartsOfTheForm "Parties du formulaire" "Parts of the form";
    TheOffer "L’offre" "The offer";
    Targeting "Ciblage" "Targeting";
    InternalName "Nom interne" "Internal name";
    ToFindItIn "Pour vous retrouver dans la console ; les lecteurs voient le titre de chaque variante." "To find it in the console; readers see each variant’s title.";
    CheckoutPage "Page de paiement" "Checkout page";
    YourSubscriptionPageHttp "Adresse http(s) de votre page d’abonnement ; Kiosque y ajoute le suivi et la page de retour." "Your subscription page, http(s); Kiosque adds tracking and the return page.";
    Placement "Emplacement" "Placement";
    PriorityLowestFirst "Priorité (la plus basse d’abord)" "Priority (lowest first)";
    StartUTC "Début (UTC)" "Start (UTC)";
    EndUTC "Fin (UTC)" "End (UTC)";
    Sections "Rubriques" "Sections";
    NoneTickedAllFeminine "Aucune cochée : toutes." "None ticked: all.";
    TagsCommaSeparated "Mots-clés (séparés par des virgules)" "Tags (comma-separated)";
    Articles "Articles" "Articles";
    NoneTickedAllMasculine "Aucun coché : tous." "None ticked: all.";
    ForRegisteredReaders "Réservés aux inscrits" "For registered readers";
    ForSubscribers "Réservés aux abonnés" "For subscribers";
    Meter "Compteur" "Meter";
    EveryReader "Tous les lecteurs" "Every reader";
    JustUsedUpTheir "Vient d’épuiser ses articles gratuits" "Just used up their free articles";
    NotMetered "Sans articles gratuits" "Not metered";
    Device "Appareil" "Device";
    Any "Tous" "Any";
    Mobile "Mobile" "Mobile";
    Desktop "Ordinateur" "Desktop";
    Reader "Lecteur" "Reader";
    New "Nouveau" "New";
    Returning "Déjà venu" "Returning";
    AddAVariant "Ajouter une variante" "Add a variant";
    VariantInText "variante" "variant";
    LeaveEmptyToAdd "Laissez vide pour ne pas ajouter de variante." "Leave empty to add no variant.";
    BoldItalicLinkHttps "**gras**, *italique*, [lien](https://…), « - » en début de ligne pour une liste, une ligne vide entre deux paragraphes. Le HTML est retiré." "**bold**, *italic*, [link](https://…), “- ” at the start of a line for a list, a blank line between paragraphs. HTML is removed.";
    IdABCrossed "Identifiant (a, b, prix-barre…)" "Id (a, b, crossed-price…)";
    WeightShareOfReaders "Poids (part des lecteurs)" "Weight (share of readers)";
    TitleReadersSee "Titre affiché aux lecteurs" "Title readers see";
    Headline "Accroche" "Headline";
    DisplayedPrice "Prix affiché" "Displayed price";
    PeriodAMonth "Période (par mois…)" "Period (a month…)";
    ButtonLabel "Texte du bouton" "Button label";
    BadgeOptional "Badge (facultatif)" "Badge (optional)";

    // offers.rs
    NoLimit "Sans limite" "No limit";
    NewOffer "Nouvelle offre" "New offer";
    Status "État" "Status";
    ScheduleUTC "Programmation (UTC)" "Schedule (UTC)";
    ClickRate30Days "Taux de clic, 30 jours" "Click rate, 30 days";
    NoOfferYet "Aucune offre pour l’instant." "No offer yet.";
    OfferIdAZ "Identifiant de l’offre (a-z, 0-9, -)" "Offer id (a-z, 0-9, -)";
    SaveAndPublish "Enregistrer et publier" "Save and publish";
    SaveTheDraft "Enregistrer le brouillon" "Save the draft";
    LowerCaseLettersDigits "Lettres minuscules, chiffres et tirets, 64 au plus." "Lower-case letters, digits and dashes, 64 at most.";
    AnOfferAlreadyHas "Une offre porte déjà cet identifiant." "An offer already has this id.";
    PreviewOfVariant "Aperçu de la variante" "Preview of variant";
    Archive "Archiver" "Archive";
    Offer "Offre" "Offer";

    // origins.rs
    EnterTheOriginTo "Saisissez l’origine à autoriser, par exemple https://www.journal.example." "Enter the origin to allow, like https://www.journal.example.";

    // paywall.rs
    EnterAWholeNumberFrom "Saisissez un nombre entier de" "Enter a whole number from";
    To "à" "to";
    Kicker "Surtitre" "Kicker";
    Title "Titre" "Title";
    BenefitsOnePerLine "Avantages (un par ligne)" "Benefits (one per line)";
    ButtonThatOpensThe "Bouton qui ouvre les offres" "Button that opens the offers";
    PaywallTexts "Textes du mur" "Paywall texts";
    PublicParagraphsOfA "Paragraphes publics d’un article réservé" "Public paragraphs of a gated article";
    UnlessTheNewsroomSet "Sauf marque de coupure posée par la rédaction." "Unless the newsroom set a cut marker.";
    FreeArticlesPerPeriod "Articles gratuits par période, lecteur anonyme" "Free articles per period, anonymous reader";
    T0NoMeter "0 : pas de compteur." "0: no meter.";
    SubscriberArticlesPerPeriod "Articles abonnés par période, lecteur inscrit" "Subscriber articles per period, registered reader";
    PeriodLengthDays "Durée de la période (jours)" "Period length (days)";
    PreviewThePaywall "Prévisualiser le mur" "Preview the paywall";

    // paywall_preview.rs
    PaywallPreview "Aperçu du mur" "Paywall preview";

    // preview.rs
    TheWidgetAsReaders "Le widget tel que les lecteurs le verront, avec le brouillon enregistré : chaque variante seule, là où elle s’affiche." "The widget as readers will see it, with the saved draft: each variant alone, where it is shown.";
    BackToTheOffer "Retour à l’offre" "Back to the offer";
    PreviewOfWhatIs "Aperçu de ce qui est saisi, pas encore enregistré : enregistrez le brouillon ou publiez plus bas." "Preview of what is typed, not saved yet: save the draft or publish below.";

    // spreadsheets.rs
    Yes "oui" "yes";
    No "non" "no";
    RegisteredOn "Inscrit le" "Registered on";
    NumberSign "N°" "No.";
    FirstName "Prénom" "First name";
    LastName "Nom" "Last name";
    EMail "E-mail" "E-mail";
    Organisation "Organisation" "Organisation";
    JobTitle "Fonction" "Job title";
    ConsentToProcessingVersion "Consentement au traitement (version)" "Consent to processing (version)";
    ConsentToMarketingVersion "Consentement à la prospection (version)" "Consent to marketing (version)";
    SignUpPage "Page d’inscription" "Sign-up page";
    AnsweredOn "Répondu le" "Answered on";
    ConsentVersion "Version du consentement" "Consent version";

    // sign_in.rs
    EmailAddress "Adresse e-mail" "Email address";
    SignIn "Se connecter" "Sign in";
    NoAccountYetA "Pas encore de compte ? Un administrateur de la console vous en crée un." "No account yet? A console administrator creates one for you.";
    SignInHeading "Connexion" "Sign in";
    TheSignInForm "Le formulaire de connexion a expiré : saisissez à nouveau votre mot de passe." "The sign-in form has expired: enter your password again.";
    EnterYourEmailAddress "Saisissez votre adresse e-mail." "Enter your email address.";
    EnterYourPassword "Saisissez votre mot de passe." "Enter your password.";
    TooManySignIn "Trop de tentatives de connexion. Attendez un quart d’heure avant de réessayer." "Too many sign-in attempts. Wait a quarter of an hour before trying again.";
    WrongEmailAddressOr "Adresse e-mail ou mot de passe incorrect." "Wrong email address or password.";

    // sites.rs
    None "aucune" "none";
    Sites "Sites" "Sites";
    Name "Nom" "Name";
    TheOneInData "Celui de data-site : de 1 à 64 lettres minuscules sans accent, chiffres et tirets, par exemple le-journal." "The one in data-site: 1 to 64 lower-case letters without accents, digits and hyphens, like the-journal.";
    TheAddressesOfThe "Les adresses des sites qui affichent le widget, une par ligne, par exemple https://www.journal.example. Peut rester vide." "The addresses of the sites that show the widget, one per line, like https://www.journal.example. May stay empty.";
    CreateTheSite "Créer le site" "Create the site";
    CreateASite "Créer un site" "Create a site";
    EnterTheSitesId "Saisissez l’identifiant du site." "Enter the site’s id.";
    TheIdMayOnly "L’identifiant ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets (64 au plus)." "The id may only hold lower-case letters without accents, digits and hyphens (64 at most).";
    EnterTheSitesName "Saisissez le nom du site." "Enter the site’s name.";
    ASiteAlreadyHas "Un site a déjà cet identifiant." "A site already has this id.";

    // stats.rs
    EnterADateYYYY "Saisissez une date (AAAA-MM-JJ)." "Enter a date (YYYY-MM-DD).";
    ChooseAYearAt "Choisissez une année au plus." "Choose a year at most.";
    LeadingVariant "Variante en tête : " "Leading variant: ";
    NotEnoughDataYet "Pas encore assez de données." "Not enough data yet.";
    PerWall "par mur" "per wall";
    ThePaywallFromShown "Le mur de paiement, de l’affichage à l’abonnement" "The paywall, from shown to subscribed";
    AgainstTheStepBefore "Rapport à l’étape précédente" "Against the step before";
    WallsShown "Murs affichés" "Walls shown";
    OffersSeen "Offres vues" "Offers seen";
    Clicks "Clics" "Clicks";
    Subscriptions "Abonnements" "Subscriptions";
    ImpressionsInText "impressions" "impressions";
    ClicksInText "clics" "clicks";
    Period "Période" "Period";
    From "Du" "From";
    ToIncluded "Au (inclus)" "To (included)";
    Show "Afficher" "Show";
    DaysInUniversalTime "Jours en temps universel (UTC)." "Days in universal time (UTC).";
    TheWallAndThe "Le mur et les offres" "The wall and the offers";
    OffersAndVariants "Offres et variantes" "Offers and variants";
    Impressions "Impressions" "Impressions";
    ClickRate "Taux de clic" "Click rate";
    Conversions "Conversions" "Conversions";
    ConversionRate "Taux de conversion" "Conversion rate";
    NoOfferSeenIn "Aucune offre vue sur la période." "No offer seen in this period.";
    Total "Total" "Total";
    InBrackets95Confidence "Entre crochets : intervalle de confiance à 95 % (Wilson). Une conversion : un lecteur qui a cliqué revient abonné dans les 30 jours." "In brackets: 95 % confidence interval (Wilson). A conversion: a reader who clicked comes back as a subscriber within 30 days.";
    NoWebinarSeries "Aucune série de webinaires." "No webinar series.";

    // stats_webinars.rs
    FormViews "Vues du formulaire" "Form views";
    FormsStarted "Formulaires commencés" "Forms started";
    FormsSent "Formulaires envoyés" "Forms sent";
    Registrations "Inscriptions" "Registrations";
    ConfirmedPlural "Confirmées" "Confirmed";
    WebinarFunnel "Entonnoir du webinaire" "Webinar funnel";
    ShareOfTheStep "Part de l’étape précédente" "Share of the step before";
    PerSession "Par séance" "Per session";
    Session "Séance" "Session";
    ViewsAndFormsStarted "Les vues et les formulaires commencés comptent pour la série : le lecteur choisit sa séance dans le formulaire. La présence aux séances n’est pas connue de Kiosque." "Views and forms started count for the series: readers pick their session in the form. Attendance is not known to Kiosque.";

    // texts.rs
    Article "Article" "Article";
    FreeArticleMeter "Compteur d’articles gratuits" "Free-article meter";
    FreeRegistration "Inscription gratuite" "Free registration";
    ArticleLists "Listes d’articles" "Article lists";
    WebinarRegistrationForm "Formulaire d’inscription aux webinaires" "Webinar registration form";
    ErrorMessages "Messages d’erreur" "Error messages";
    French "français" "French";
    English "anglais" "English";
    T400CharactersAtMost "400 caractères au plus." "400 characters at most.";
    RemoveTheLineBreaks "retirez les sauts de ligne, tabulations et autres caractères invisibles." "remove the line breaks, tabs and other invisible characters.";
    ThisTextCannotHold "ce texte ne peut contenir aucun {…} : le widget les afficherait tels quels." "this text cannot hold any {…}: the widget would show them as they are.";
    Only "seuls" "only";
    AreFilledInBy "sont remplis par le widget ; tout autre {…} s’afficherait tel quel." "are filled in by the widget; any other {…} would be shown as it is.";
    ThisTextIsNot "ce texte n’est pas accepté ; videz le champ pour garder le texte par défaut." "this text is not accepted; empty the field to keep the default text.";
    Colon " : " ": ";
    MayHold " ; peut contenir " "; may hold ";
    EveryTextTheWidget "Chaque texte que le widget montre aux lecteurs, en français et en anglais. Un champ vide garde le texte par défaut, rappelé dans le champ et sous lui." "Every text the widget shows readers, in French and English. An empty field keeps the default text, shown in the field and under it.";
    NamesInBracesSuch "Les noms entre accolades, comme {n} ou {period}, sont remplacés par le widget (un nombre, une période, une adresse…) : écrivez-les tels quels. Vous pouvez en omettre, pas en ajouter d’autres." "Names in braces, such as {n} or {period}, are filled in by the widget (a number, a period, an address…): write them as they are. You may leave some out, not add others.";
    TextsForOneAnd "Les textes pour « un » et pour « plusieurs » sont le singulier et le pluriel d’un même texte : le français prend le singulier pour 0 et 1, l’anglais pour 1 seulement." "Texts for “one” and for “several” are the singular and plural of one text: French uses the singular for 0 and 1, English for 1 only.";
    ReadersGetTheSaved "Les lecteurs voient les textes enregistrés dès leur prochain chargement de page." "Readers get the saved texts from their next page load.";
    GroupsOfTexts "Groupes de textes" "Groups of texts";
    SaveTheTexts "Enregistrer les textes" "Save the texts";
    TextsSavedReadersWill "Textes enregistrés : les lecteurs les verront dès leur prochaine page." "Texts saved: readers will see them from their next page.";
    Questionnaires "Questionnaires" "Questionnaires";

    // user.rs
    ThisAccountIsDisabled "Ce compte est désactivé : il ne peut pas se connecter." "This account is disabled: it cannot sign in.";
    ThisAccountHasA "Ce compte a un mot de passe à usage unique, pas encore changé." "This account has a one-time password, not changed yet.";
    ThisAccountIsActive "Ce compte est actif." "This account is active.";
    Role "Rôle" "Role";
    ThisIsYourAccount "C’est votre compte : un autre administrateur peut en changer le rôle, les sites ou l’état. Votre mot de passe se change sur la page « Mot de passe »." "This is your account: another administrator can change its role, sites or state. Your password is changed on the “Password” page.";
    SaveAccess "Enregistrer l’accès" "Save access";
    EnableTheAccount "Réactiver le compte" "Enable the account";
    DisableTheAccount "Désactiver le compte" "Disable the account";
    ThePersonIsSigned "La personne est déconnectée aussitôt et ne peut plus se connecter." "The person is signed out at once and can no longer sign in.";
    ForSomeoneWhoLost "Pour une personne qui a perdu son mot de passe : ses sessions prennent fin et un mot de passe à usage unique s’affiche une fois." "For someone who lost their password: their sessions end and a one-time password is shown once.";
    GiveAOneTime "Donner un mot de passe à usage unique" "Give a one-time password";
    RoleAndSites "Rôle et sites" "Role and sites";
    AccountState "État du compte" "Account state";
    AllUsers "Tous les utilisateurs" "All users";

    // users.rs
    Administrator "Administrateur" "Administrator";
    Marketer "Marketing" "Marketer";
    MarketerManagesTheContent "Marketing : gère le contenu des sites cochés ci-dessous" "Marketer: manages the content of the sites ticked below";
    AdministratorManagesUsersSites "Administrateur : gère les utilisateurs, les sites et le contenu de tous les sites" "Administrator: manages users, sites and the content of every site";
    SitesGiven "Sites confiés" "Sites given";
    AnAdministratorManagesEvery "Un administrateur gère tous les sites, cochés ou non." "An administrator manages every site, ticked or not.";
    NoSiteYet "Aucun site pour l’instant." "No site yet.";
    ChooseARole "Choisissez un rôle." "Choose a role.";
    ChooseAmongTheSites "Choisissez parmi les sites de la liste." "Choose among the sites listed.";
    TickAtLeastOne "Cochez au moins un site : un utilisateur marketing ne gère que les sites qui lui sont confiés." "Tick at least one site: a marketer manages only the sites given to it.";
    OneTimePasswordOf "Mot de passe à usage unique de" "One-time password of";
    ColonAtEnd " :" ":";
    PassItOnSafely "Transmettez-le par un moyen sûr : il ne sera plus affiché. Il devra être changé à la première connexion." "Pass it on safely: it will not be shown again. It must be changed at the first sign-in.";
    AllInText "tous" "all";
    Disabled "Désactivé" "Disabled";
    ActiveOneTimePassword "Actif, mot de passe à usage unique" "Active, one-time password";
    Active "Actif" "Active";
    ConsoleUsers "Utilisateurs de la console" "Console users";
    State "État" "State";
    CreateTheUser "Créer l’utilisateur" "Create the user";
    CreateAUser "Créer un utilisateur" "Create a user";
    AOneTimePassword "Un mot de passe à usage unique sera affiché une fois, à transmettre à la personne." "A one-time password will be shown once, to pass on to the person.";
    EnterThePersonsEmail "Saisissez l’adresse e-mail de la personne." "Enter the person’s email address.";
    AUserAlreadyHas "Un utilisateur a déjà cette adresse." "A user already has this address.";

    // webinar_preview.rs
    FormPreview "Aperçu du formulaire" "Form preview";

    // webinars.rs
    Scheduled "Programmée" "Scheduled";
    Cancelled "Annulée" "Cancelled";
    Ended "Terminée" "Ended";
    Confirmed "Confirmée" "Confirmed";
    Waitlisted "En liste d’attente" "Waitlisted";
    Pending "À confirmer" "Pending";
    AnotherQuestionHasThis "Une autre question a déjà cet identifiant." "Another question has this id.";
    GiveAtLeastTwo "Donnez au moins deux choix, un par ligne." "Give at least two choices, one per line.";
    EnterAnIANATime "Saisissez un fuseau IANA, par exemple Europe/Paris." "Enter an IANA time zone, such as Europe/Paris.";
    EnterADateAndTime "Saisissez une date et une heure qui existent dans ce fuseau." "Enter a date and time that exist in this time zone.";
    RegistrationMustCloseNo "Les inscriptions doivent fermer au plus tard au début de la séance." "Registration must close no later than the start.";
    EnterAPositiveNumber "Saisissez un nombre positif, ou laissez vide pour ne pas limiter." "Enter a positive number, or leave empty for no limit.";
    NewSeries "Nouvelle série" "New series";
    ConsentTexts "Textes de consentement" "Consent texts";
    ThisSiteHasNo "Ce site n’a encore aucune série de webinaires." "This site has no webinar series yet.";
    Unlimited "illimité" "unlimited";
    EditTheSeries "Modifier la série" "Edit the series";
    NewSession "Nouvelle séance" "New session";
    NoSession "Aucune séance." "No session.";
    Sessions "Séances" "Sessions";
    DateSessionsTimeZone "Date (fuseau de la séance)" "Date (session’s time zone)";
    SeatsTakenCapacity "Places prises / capacité" "Seats taken / capacity";
    Waitlist "Liste d’attente" "Waitlist";
    DataProcessingRequired "Traitement des données (obligatoire)" "Data processing (required)";
    MarketingCommunicationsOptional "Communications marketing (facultatif)" "Marketing communications (optional)";
    NewVersionPublishedForms "Nouvelle version publiée : les formulaires l’affichent dès maintenant." "New version published: forms show it from now on.";
    EachRegistrationKeepsThe "Chaque inscription garde la version du texte que la personne a acceptée ; un formulaire encore ouvert sur l’ancienne version devra être rechargé." "Each registration keeps the version its reader agreed to; a form still open on the old version has to be reloaded.";
    CurrentVersion "Version en vigueur :" "Current version:";
    NoText "Aucun texte." "No text.";
    ReadersOfThatLanguage "Les lecteurs de cette langue l’acceptent sous la même version ; vide, ils lisent le texte ci-dessus." "Readers of that language agree to it under the same version; empty, they read the text above.";
    NewVersionOfThe "Nouvelle version du texte" "New version of the text";
    PublishThisVersion "Publier cette version" "Publish this version";
    ThisSessionIsNo "Cette séance n’est plus programmée : il n’y a rien à annuler." "This session is no longer scheduled: there is nothing to cancel.";
    BackToTheSession "Retour à la séance" "Back to the session";
    CancelTheSession "Annuler la séance" "Cancel the session";
    ChangeNothing "Ne rien changer" "Change nothing";
    CancelTheSessionQuestion "Annuler la séance ?" "Cancel the session?";
    ThisSessionIsNoLonger "Cette séance n’est plus programmée : rien n’a changé." "This session is no longer scheduled: nothing changed.";
    ChooseOneOfTheSites "Choisissez un webinaire du site." "Choose one of the site’s webinars.";
    LinkedQuestionnaires "Questionnaires liés :" "Linked questionnaires:";

    // webinars_forms.rs
    SeriesIdAZ "Identifiant de la série (a-z, 0-9, -)" "Series id (a-z, 0-9, -)";
    PreviewTheForm "Prévisualiser le formulaire" "Preview the form";
    AllWebinars "Tous les webinaires" "All webinars";
    SaveTheSeries "Enregistrer la série" "Save the series";
    Series "Série" "Series";
    ASeriesAlreadyHas "Une série porte déjà cet identifiant." "A series already has this id.";
    SessionIdAZ "Identifiant de la séance (a-z, 0-9, -)" "Session id (a-z, 0-9, -)";
    SaveTheSession "Enregistrer la séance" "Save the session";
    SessionCancelledThePeople "Séance annulée : les personnes inscrites et en liste d’attente vont recevoir un e-mail." "Session cancelled: the people registered and waitlisted are being e-mailed.";
    CancelTheSessionEllipsis "Annuler la séance…" "Cancel the session…";
    TheSeries "La série" "The series";
    ASessionAlreadyHas "Une séance porte déjà cet identifiant." "A session already has this id.";
    Description "Description" "Description";
    DoubleOptInA "Double confirmation : l’inscription attend que la personne clique le lien reçu par e-mail" "Double opt-in: a registration waits until the reader clicks the e-mailed link";
    Question "Question" "Question";
    LeaveEmptyToAddNo "Laissez vide pour ne pas ajouter de question." "Leave empty to add no question.";
    IdLettersDigitsAnd "Identifiant (lettres, chiffres, - et _)" "Id (letters, digits, - and _)";
    Label "Libellé" "Label";
    KindOfAnswer "Type de réponse" "Kind of answer";
    AnswerRequired "Réponse obligatoire" "Answer required";
    ChoicesOnePerLine "Choix (un par ligne)" "Choices (one per line)";
    ForSingleAndMultiple "Pour les choix unique et multiples." "For single and multiple choice.";
    SuchAsEuropeParis "Par exemple Europe/Paris : les heures ci-dessus sont celles de ce fuseau." "Such as Europe/Paris: the times above are in this zone.";
    EmptyUnlimitedSeats "Vide : places illimitées." "Empty: unlimited seats.";
    EmptyWhenTheSession "Vide : au début de la séance." "Empty: when the session starts.";
    WaitlistWhenTheSession "Liste d’attente quand la séance est complète" "Waitlist when the session is full";
    ShortText "Texte court" "Short text";
    SingleChoice "Choix unique" "Single choice";
    MultipleChoice "Choix multiples" "Multiple choice";
    Checkbox "Case à cocher" "Checkbox";
    StartLocalTime "Début (heure locale)" "Start (local time)";
    EndLocalTime "Fin (heure locale)" "End (local time)";
    TimeZoneIANA "Fuseau horaire (IANA)" "Time zone (IANA)";
    Capacity "Capacité" "Capacity";
    RegistrationClosesLocalTime "Clôture des inscriptions (heure locale)" "Registration closes (local time)";
    HostsOnePerLine "Animation (une personne par ligne : nom — rôle)" "Hosts (one per line: name — role)";
    SpeakersOnePerLine "Intervenants (une personne par ligne : nom — rôle)" "Speakers (one per line: name — role)";
    AgendaOnePointPer "Au programme (un point par ligne)" "Agenda (one point per line)";
    ScaleOneToFive "Échelle de 1 à 5" "Scale from 1 to 5";
    LongText "Texte long" "Long text";

    // webinars_registrations.rs
    Cancel "Annuler" "Cancel";
    Approve "Approuver" "Approve";
    Promote "Promouvoir" "Promote";
    RegistrationCancelledTheReader "Inscription annulée ; la personne a été prévenue si elle était inscrite." "Registration cancelled; the reader was told if they were registered.";
    RegistrationApprovedTheReader "Inscription approuvée ; la personne a reçu un e-mail." "Registration approved; the reader got an e-mail.";
    RegistrationConfirmedTheReader "Inscription confirmée ; la personne a reçu son invitation." "Registration confirmed; the reader got the invitation.";
    ThisRegistrationNoLonger "Cette inscription n’existe plus." "This registration no longer exists.";
    TheSessionIsCancelled "La séance est annulée ou passée : les places ne changent plus de main." "The session is cancelled or over: seats no longer change hands.";
    OnlyAPendingRegistration "Seule une inscription à confirmer peut être approuvée." "Only a pending registration can be approved.";
    OnlyAWaitlistedRegistration "Seule une inscription en liste d’attente peut être promue." "Only a waitlisted registration can be promoted.";
    TheSessionIsFull "La séance est complète et n’a pas de liste d’attente : l’inscription reste à confirmer." "The session is full and has no waitlist: the registration stays pending.";
    TheSessionIsFullNo "La séance est complète : aucune place n’est libre. Augmentez la capacité ou annulez une inscription d’abord." "The session is full: no seat is free. Raise the capacity or cancel a registration first.";
    All "Toutes" "All";
    EditTheSession "Modifier la séance" "Edit the session";
    SearchNameEMail "Rechercher (nom, e-mail, organisation)" "Search (name, e-mail, organisation)";
    Filter "Filtrer" "Filter";
    ExportEveryRegistrationCSV "Exporter toutes les inscriptions (CSV)" "Export every registration (CSV)";
    ColumnSeparator "Séparateur des colonnes" "Column separator";
    ExcelAndLibreOfficeIn "Excel et LibreOffice en français attendent le point-virgule ; en anglais, la virgule." "Excel and LibreOffice in English expect the comma; in French, the semicolon.";
    Date "Date" "Date";
    Consents "Consentements" "Consents";
    Semicolon "Point-virgule ( ; )" "Semicolon ( ; )";
    Comma "Virgule ( , )" "Comma ( , )";

    // widget_frame.rs
    DesktopPreview "Aperçu sur ordinateur" "Desktop preview";
    MobilePreview "Aperçu sur mobile" "Mobile preview";
    Desktop960PxWide "Ordinateur, 960 px de large (réduit)" "Desktop, 960 px wide (scaled down)";
    Phone375PxWide "Mobile, 375 px de large" "Phone, 375 px wide";
    ThePreviewWaitsFor "L’aperçu attend un formulaire sans erreur : « Prévisualiser » montre ce qui est à corriger." "The preview waits for a form without mistakes: “Preview” shows what to correct.";

    // errors.rs
    BackToTheDashboard "Retour au tableau de bord" "Back to the dashboard";
    SignInRequired "Connexion nécessaire" "Sign-in required";
    YourSessionHasEnded "Votre session a pris fin : rien n’a été enregistré. Connectez-vous puis recommencez." "Your session has ended: nothing was saved. Sign in, then try again.";
    PasswordToChange "Mot de passe à changer" "Password to change";
    FirstChooseYourOwn "Choisissez d’abord votre propre mot de passe : rien d’autre n’est possible avant." "First choose your own password: nothing else is possible before that.";
    ChangeMyPassword "Changer mon mot de passe" "Change my password";
    AccessDenied "Accès refusé" "Access denied";
    ThisPageIsNot "Cette page n’est pas ouverte à votre compte. Un administrateur peut vous en donner l’accès." "This page is not open to your account. An administrator can give you access.";
    FormRefused "Formulaire refusé" "Form refused";
    ThisFormHasExpired "Ce formulaire a expiré ou ne vient pas de la console : rien n’a été enregistré. Rechargez la page et recommencez." "This form has expired or does not come from the console: nothing was saved. Reload the page and try again.";
    PageNotFound "Page introuvable" "Page not found";
    ThisPageDoesNot "Cette page n’existe pas." "This page does not exist.";
    RequestRefused "Requête refusée" "Request refused";
    TheFormSentIs "Le formulaire envoyé est trop long ou illisible : rien n’a été enregistré." "The form sent is too long or unreadable: nothing was saved.";
    InternalError "Erreur interne" "Internal error";
    SomethingWentWrongOn "Un problème est survenu de notre côté ; réessayez dans un instant." "Something went wrong on our side; try again in a moment.";

    // surveys.rs
    NewQuestionnaire "Nouveau questionnaire" "New questionnaire";
    NoQuestionnaireYet "Aucun questionnaire pour l’instant." "No questionnaire yet.";
    Upcoming "À venir" "Upcoming";
    Open "Ouvert" "Open";
    Closed "Clos" "Closed";
    Dates "Dates" "Dates";
    Answers "Réponses" "Answers";
    LinkedWebinar "Webinaire lié" "Linked webinar";
    NoneMasculine "Aucun" "None";
    Introduction "Introduction" "Introduction";
    OpensLocalTime "Ouverture (heure locale)" "Opens (local time)";
    EmptyOpenOnceSaved "Vide : ouvert dès l’enregistrement." "Empty: open once saved.";
    ClosesLocalTime "Clôture (heure locale)" "Closes (local time)";
    EmptyNoClosingDate "Vide : sans date de clôture." "Empty: no closing date.";
    ResultsPublicFromLocal "Résultats publics à partir du (heure locale)" "Results public from (local time)";
    EmptyTheResultsStay "Vide : les résultats restent dans la console." "Empty: the results stay in the console.";
    AskForAnEmail "Demander une adresse e-mail (sinon, les réponses sont anonymes)" "Ask for an e-mail address (otherwise answers are anonymous)";
    ConsentToGiveAn "Consentement à donner son adresse" "Consent to give an address";
    RequiredWhenAnAddress "Obligatoire si une adresse est demandée. Un texte modifié est une nouvelle version : chaque réponse garde celle qu’elle a acceptée." "Required when an address is asked. A changed text is a new version: each answer keeps the one it agreed to.";
    WhereTheResultsWill "Où les résultats seront dévoilés" "Where the results will be revealed";
    ForExampleResultsRevealed "Par exemple : « Résultats dévoilés lors du webinaire du 15 décembre ». Vide : le webinaire lié est nommé." "For example: “Results revealed at the webinar of 15 December”. Empty: the linked webinar is named.";
    SaveTheQuestionnaire "Enregistrer le questionnaire" "Save the questionnaire";
    SurveyIdField "Identifiant (a-z, 0-9, tirets), celui de data-survey" "Id (a-z, 0-9, dashes), the one in data-survey";
    AQuestionnaireAlreadyHas "Un questionnaire a déjà cet identifiant." "A questionnaire already has this id.";
    AllQuestionnaires "Tous les questionnaires" "All questionnaires";
    Questions "Questions" "Questions";
    ToPlaceOnA "À placer sur une page du site :" "To place on a page of the site:";
    Edit "Modifier" "Edit";
    Results "Résultats" "Results";
    PreviewTheQuestionnaire "Prévisualiser le questionnaire" "Preview the questionnaire";

    // surveys_results.rs
    Answer "Réponse" "Answer";
    ShareOfThoseWho "Part des répondants à la question" "Share of those who answered the question";
    FreeAnswers "Réponses libres" "Free answers";
    NoFreeAnswerYet "Aucune réponse libre pour l’instant." "No free answer yet.";
    ReadersSeeTheseResults "Les lecteurs voient ces résultats (sans les réponses libres) depuis le" "Readers see these results (without the free answers) since";
    ReadersDoNotSee "Les lecteurs ne voient pas ces résultats : choisissez une date de publication dans le questionnaire." "Readers do not see these results: choose a publication date in the questionnaire.";
    ReadersWillSeeThese "Les lecteurs verront ces résultats (sans les réponses libres) à partir du" "Readers will see these results (without the free answers) from";
    AllTheAnswers "Toutes les réponses" "All the answers";
    ExportTheAnswersCSV "Exporter les réponses (CSV)" "Export the answers (CSV)";
    OnlyTheAnswersWhere "Seulement les réponses où" "Only the answers where";
    AllFeminine "toutes" "all";
    BoxTicked "Case cochée" "Box ticked";
    LastChanged "Dernière modification" "Last changed";
    ReaderId "Lecteur (identifiant)" "Reader (id)";

    // survey_preview.rs
    QuestionnairePreview "Aperçu du questionnaire" "Questionnaire preview";

    // personal_data.rs, personal_data_log.rs
    PersonalData "Données personnelles" "Personal data";
    ThisPageAnswersA "Cette page sert à répondre à une personne qui demande à voir les données que le site conserve sur elle (RGPD, article 15) ou à les faire effacer (article 17). La réponse lui est due dans un délai d’un mois." "This page is for answering a person who asks to see the data the site holds about them (GDPR, article 15) or to have it erased (article 17). They are owed an answer within a month.";
    BeforeExportingOrErasing "Avant d’exporter ou d’effacer des données, vérifiez que la demande vient bien de la personne concernée, par exemple en lui répondant à cette adresse." "Before exporting or erasing any data, check that the request really comes from the person concerned, for example by replying to that address.";
    ThePersonsEmailAddress "Adresse e-mail de la personne" "The person’s e-mail address";
    Search "Rechercher" "Search";
    ExportThisData "Exporter ces données" "Export this data";
    DownloadAsJSON "Télécharger en JSON" "Download as JSON";
    DownloadAsHTML "Télécharger en HTML (lisible, à envoyer à la personne)" "Download as HTML (readable, to send to the person)";
    EraseThisData "Effacer ces données" "Erase this data";
    NothingToErase "Le site ne conserve rien sur cette adresse, il n’y a donc rien à effacer." "The site holds nothing about this address, so there is nothing to erase.";
    ErasingDeletesThisData "L’effacement supprime ces données, ou les rend anonymes là où les statistiques les comptent. Une place réservée à une séance à venir est libérée et donnée à la première personne en liste d’attente. Cela ne peut pas être défait." "Erasing deletes this data, or makes it anonymous where the figures count it. A seat held in a session to come is freed and given to the first person on the waitlist. This cannot be undone.";
    IVerifiedTheRequest "J’ai vérifié que la demande vient de cette personne" "I checked that the request comes from this person";
    TickTheBoxTo "Cochez la case pour confirmer que la demande vient bien de cette personne." "Tick the box to confirm the request really comes from this person.";
    EraseThisPersonsData "Effacer les données de cette personne" "Erase this person’s data";
    DataErased "Données effacées" "Data erased";
    ErasuresDone "Effacements effectués" "Erasures done";
    TheLogNeverKeeps "Le registre ne garde jamais l’adresse effacée, seulement qui a demandé l’effacement, quand, et combien d’enregistrements ont été effacés." "The log never keeps the erased address, only who asked for the erasure, when, and how many records were erased.";
    NoErasureYet "Aucun effacement pour l’instant." "No erasure yet.";
    AskedBy "Demandé par" "Asked by";
    Erased "Effacé" "Erased";
    SeatsFreed "Places libérées" "Seats freed";
    PeoplePromoted "Personnes promues de la liste d’attente" "People promoted from the waitlist";
    NothingErased "Rien" "Nothing";
    ThePersonThemselves "La personne elle-même (lien reçu par e-mail)" "The person themselves (link received by e-mail)";
    APIKey "Clé d’API" "API key";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_written_once_in_both_languages() {
        let mut seen = std::collections::HashSet::new();
        for &phrase in Phrase::ALL {
            let (fr, en) = (phrase.in_lang(Lang::Fr), phrase.in_lang(Lang::En));
            assert!(!fr.trim().is_empty(), "{phrase:?} has no French");
            assert!(!en.trim().is_empty(), "{phrase:?} has no English");
            // One name per text: two rows saying the same would drift apart when one is fixed.
            assert!(seen.insert((fr, en)), "{phrase:?} repeats another row");
            // French typography: the curly apostrophe, as in the widget's texts.
            assert!(!fr.contains('\''), "{phrase:?}: write ’ in French");
        }
    }
}
