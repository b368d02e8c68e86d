//! Languages (English, Italian, Portuguese) and locale formatting of numbers, percentages,
//! durations and dates. Metric ids never change with the language; names, definitions and
//! every label do.

use crate::engine::error::{FileError, Problem};

/// A UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Italiano.
    It,
    /// Português.
    Pt,
}

impl Lang {
    /// All languages with their own names.
    pub const ALL: [(Lang, &'static str, &'static str); 3] = [(Lang::En, "en", "English"), (Lang::It, "it", "Italiano"), (Lang::Pt, "pt", "Português")];

    /// BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
            Lang::Pt => "pt",
        }
    }

    /// From a code or browser language tag (`it-IT`, `pt-BR`).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.to_lowercase();
        if t.starts_with("it") {
            Some(Lang::It)
        } else if t.starts_with("pt") {
            Some(Lang::Pt)
        } else if t.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// Decimal separator.
    pub fn decimal(self) -> char {
        match self {
            Lang::En => '.',
            Lang::It | Lang::Pt => ',',
        }
    }

    /// Thousands separator.
    pub fn thousands(self) -> char {
        match self {
            Lang::En => ',',
            Lang::It | Lang::Pt => '.',
        }
    }
}

macro_rules! texts {
    ($($key:ident => [$en:expr, $it:expr, $pt:expr]),+ $(,)?) => {
        /// A UI text key.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs, non_camel_case_types)]
        pub enum T { $($key),+ }

        /// The text of `key` in `lang`.
        pub fn t(lang: Lang, key: T) -> &'static str {
            match key {
                $(T::$key => match lang { Lang::En => $en, Lang::It => $it, Lang::Pt => $pt }),+
            }
        }
    };
}

texts! {
    AppTagline => ["Customer-service analytics that never leave your computer", "Analisi dell'assistenza clienti che non escono mai dal tuo computer", "Análises do apoio ao cliente que nunca saem do seu computador"],
    PrivacyPromise => ["Every file is read and every number computed inside this browser tab. Nothing is uploaded.", "Ogni file viene letto e ogni numero calcolato in questa scheda del browser. Nulla viene inviato in rete.", "Cada ficheiro é lido e cada número calculado neste separador do navegador. Nada é enviado."],
    DropHere => ["Drop export files here (CSV, XLSX, JSON, ZIP)", "Trascina qui i file esportati (CSV, XLSX, JSON, ZIP)", "Arraste para aqui os ficheiros exportados (CSV, XLSX, JSON, ZIP)"],
    ChooseFiles => ["Choose files…", "Scegli file…", "Escolher ficheiros…"],
    UseSample => ["Show the sample data", "Mostra i dati di esempio", "Mostrar os dados de exemplo"],
    ClearFiles => ["Remove all files", "Rimuovi tutti i file", "Remover todos os ficheiros"],
    EmptyState => ["No data yet. Drop your helpdesk, telephony or chatbot exports, or look around with the built-in sample.", "Ancora nessun dato. Trascina le esportazioni di helpdesk, telefonia o chatbot, oppure esplora i dati di esempio.", "Ainda sem dados. Arraste para aqui as exportações do helpdesk, da telefonia ou do chatbot, ou explore os dados de exemplo."],
    Reading => ["Reading", "Lettura di", "A ler"],
    Computing => ["Computing", "Calcolo", "A calcular"],
    Merging => ["Joining the files", "Unione dei file", "A juntar os ficheiros"],
    Drawing => ["Drawing", "Disegno di", "A desenhar"],
    Rows => ["rows", "righe", "linhas"],
    Cancel => ["Cancel", "Annulla", "Cancelar"],
    Files => ["Files", "File", "Ficheiros"],
    Format => ["Format", "Formato", "Formato"],
    Confidence => ["match", "di corrispondenza", "de correspondência"],
    Used => ["used", "usate", "usadas"],
    Rejected => ["rejected", "scartate", "rejeitadas"],
    Excluded => ["excluded (not demand)", "escluse (non sono richieste dei clienti)", "excluídas (não são pedidos de clientes)"],
    Duplicates => ["duplicates", "duplicati", "duplicados"],
    Warnings => ["warnings", "avvisi", "avisos"],
    RejectedRows => ["Rejected rows and warnings", "Righe scartate e avvisi", "Linhas rejeitadas e avisos"],
    DownloadRejects => ["Download as CSV", "Scarica come CSV", "Transferir como CSV"],
    Line => ["line", "riga", "linha"],
    Column => ["column", "colonna", "coluna"],
    Overview => ["Overview", "Panoramica", "Visão geral"],
    Definition => ["Definition", "Definizione", "Definição"],
    Formula => ["Formula", "Formula", "Fórmula"],
    NotAvailable => ["not available", "non disponibile", "não disponível"],
    Median => ["median", "mediana", "mediana"],
    Mean => ["mean", "media", "média"],
    P90 => ["p90", "p90", "p90"],
    Of => ["of", "su", "de"],
    Contacts => ["contacts", "contatti", "contactos"],
    NoResponse => ["no response", "nessuna risposta", "sem resposta"],
    Total => ["Total", "Totale", "Total"],
    Channel => ["Channel", "Canale", "Canal"],
    Agent => ["Agent", "Operatore", "Agente"],
    Team => ["Team", "Team", "Equipa"],
    IssueType => ["Issue type", "Tipo di richiesta", "Tipo de pedido"],
    Priority => ["Priority", "Priorità", "Prioridade"],
    DownloadMetrics => ["Download metrics.json", "Scarica metrics.json", "Transferir metrics.json"],
    Language => ["Language", "Lingua", "Idioma"],
    Theme => ["Theme", "Tema", "Tema"],
    Light => ["Light", "Chiaro", "Claro"],
    Dark => ["Dark", "Scuro", "Escuro"],
    TimeZone => ["Report time zone", "Fuso orario del report", "Fuso horário do relatório"],
    ChartTable => ["Show as table", "Mostra come tabella", "Mostrar como tabela"],
    Computed => ["Computed in", "Calcolato in", "Calculado em"],
    FamilySpeed => ["Speed", "Velocità", "Rapidez"],
    FamilyVolume => ["Volume", "Volume", "Volume"],
    FamilySelfservice => ["Self-service and deflection", "Self-service e deflessione", "Self-service e deflexão"],
    FamilyResolution => ["Resolution", "Risoluzione", "Resolução"],
    FamilyAbandonment => ["Abandonment", "Abbandono", "Abandono"],
    FamilyHandling => ["Handling", "Gestione", "Atendimento"],
    FamilySatisfaction => ["Satisfaction", "Soddisfazione", "Satisfação"],
    FamilyCost => ["Cost", "Costi", "Custos"],
    Bucket => ["Bucket", "Fascia", "Intervalo"],
    Count => ["Count", "Numero", "Número"],
    ErrorTitle => ["Something went wrong", "Qualcosa è andato storto", "Algo correu mal"],
    Dismiss => ["Dismiss", "Chiudi", "Fechar"],
    EngineRestarted => [
        "The engine stopped and was restarted; the files this page holds were read again. What happened:",
        "Il motore si è fermato ed è stato riavviato; i file di questa pagina sono stati riletti. Cosa è successo:",
        "O motor parou e foi reiniciado; os ficheiros desta página foram lidos de novo. O que aconteceu:"
    ],
    PageCrashed => [
        "Deflect hit an internal error and this page can no longer be trusted. Nothing was sent anywhere. Reload the page to start again:",
        "Deflect ha incontrato un errore interno e questa pagina non è più affidabile. Nulla è stato inviato. Ricarica la pagina per ricominciare:",
        "O Deflect encontrou um erro interno e esta página já não é fiável. Nada foi enviado. Recarregue a página para recomeçar:"
    ],
    Reload => ["Reload", "Ricarica", "Recarregar"],
    DateOrderAsk => ["Dates in these columns could be day/month or month/day; read as", "Le date in queste colonne possono essere giorno/mese o mese/giorno; leggile come", "As datas nestas colunas podem ser dia/mês ou mês/dia; ler como"],
    Sample => ["sample", "esempio", "exemplo"],
    Records => ["records", "record", "registos"],
    Warning => ["warning", "avviso", "aviso"],
}

/// Formats an integer with the locale's thousands separator: 1.234.567 (it, pt), 1,234,567 (en).
pub fn fmt_int(lang: Lang, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(lang.thousands());
        }
        out.push(c);
    }
    if n < 0 {
        format!("−{out}")
    } else {
        out
    }
}

/// Formats a number with `decimals` decimals (rounded half away from zero) in the locale.
pub fn fmt_dec(lang: Lang, x: f64, decimals: u32) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let scale = 10f64.powi(decimals as i32);
    let scaled = (x.abs() * scale).round() as i64;
    let int = scaled / scale as i64;
    let frac = scaled % scale as i64;
    let sign = if x < 0.0 && scaled != 0 { "−" } else { "" };
    if decimals == 0 {
        format!("{sign}{}", fmt_int(lang, int))
    } else {
        format!("{sign}{}{}{:0width$}", fmt_int(lang, int), lang.decimal(), frac, width = decimals as usize)
    }
}

/// A rate as a percentage with one decimal, rounded half away from zero in integers
/// (METRICS.md §3): "33.3 %" / "33,3 %".
pub fn fmt_rate(lang: Lang, num: u64, den: u64) -> Option<String> {
    crate::engine::stats::rate_tenths(num, den).map(|t| format!("{}{}{} %", fmt_int(lang, (t / 10) as i64), lang.decimal(), t % 10))
}

/// A duration in seconds, humanised: "45 s", "3 min 20 s", "2 h 05 min", "3 d 4 h".
pub fn fmt_duration(lang: Lang, seconds: f64) -> String {
    if !seconds.is_finite() {
        return "–".into();
    }
    let neg = seconds < 0.0;
    let s = seconds.abs();
    let text = if s < 60.0 {
        if s.fract() == 0.0 || s >= 10.0 {
            format!("{} s", fmt_dec(lang, s, 0))
        } else {
            format!("{} s", fmt_dec(lang, s, 1))
        }
    } else if s < 3600.0 {
        let total = s.round() as i64;
        let (m, sec) = (total / 60, total % 60);
        if sec == 0 {
            format!("{m} min")
        } else {
            format!("{m} min {sec:02} s")
        }
    } else if s < 86_400.0 {
        let total = (s / 60.0).round() as i64;
        let (h, m) = (total / 60, total % 60);
        format!("{h} h {m:02} min")
    } else {
        let total = (s / 3600.0).round() as i64;
        let (d, h) = (total / 24, total % 24);
        let day = match lang {
            Lang::En => "d",
            Lang::It => "g",
            Lang::Pt => "d",
        };
        if h == 0 {
            format!("{d} {day}")
        } else {
            format!("{d} {day} {h} h")
        }
    };
    if neg {
        format!("−{text}")
    } else {
        text
    }
}

/// A money amount with two decimals and the currency label.
pub fn fmt_money(lang: Lang, x: f64, currency: &str) -> String {
    let n = fmt_dec(lang, x, 2);
    if currency.is_empty() {
        n
    } else {
        format!("{n} {currency}")
    }
}

/// Channel labels.
pub fn channel_name(lang: Lang, label: &str) -> String {
    let (en, it, pt) = match label {
        "phone" => ("Phone", "Telefono", "Telefone"),
        "email" => ("E-mail", "E-mail", "E-mail"),
        "chat" => ("Chat", "Chat", "Chat"),
        "messaging" => ("Messaging", "Messaggistica", "Mensagens"),
        "social" => ("Social", "Social", "Redes sociais"),
        "web_form" => ("Web form", "Modulo web", "Formulário web"),
        "other" => ("Other", "Altro", "Outro"),
        "self_service" => ("Self-service", "Self-service", "Self-service"),
        other => return other.to_string(),
    };
    match lang {
        Lang::En => en,
        Lang::It => it,
        Lang::Pt => pt,
    }
    .to_string()
}

/// A row problem in the user's language.
pub fn problem_text(lang: Lang, p: &Problem) -> String {
    match lang {
        Lang::En => p.to_string(),
        Lang::It => match p {
            Problem::Missing { field } => format!("il campo obbligatorio `{field}` è vuoto"),
            Problem::InvalidTimestamp { value } => format!("`{value}` non è una data"),
            Problem::ConflictingDateOrder { value, order } => format!("`{value}` non è compatibile con l'ordine delle date {order} della colonna"),
            Problem::InvalidNumber { value } => format!("`{value}` non è un numero"),
            Problem::InvalidDuration { value } => format!("`{value}` non è una durata"),
            Problem::NegativeDuration { value } => format!("`{value}` è una durata negativa"),
            Problem::BeforeCreation { field, seconds } => {
                format!("`{field}` è {seconds} s prima della creazione del contatto; il contatto conta, questo tempo è escluso")
            }
            Problem::IdInENotation { value } => format!("l'id `{value}` è stato trasformato in notazione esponenziale da un foglio di calcolo e le cifre sono andate perse"),
            Problem::ExtraFields { found, expected } => format!("{found} campi dove l'intestazione ne ha {expected}"),
            Problem::Duplicate { id, kept_file, kept_line } => format!("l'id `{id}` compare di nuovo; si usa la versione più recente ({kept_file} riga {kept_line})"),
            Problem::ShiftedFields { found, expected, value } => format!("{found} campi dove l'intestazione ne ha {expected}, e `{value}` non è adatto a questa colonna: i valori della riga sono sfasati"),
            Problem::TooManyRecords { count, limit } => format!("la riga corrisponde a {count} record, oltre il limite di {limit}"),
            Problem::InvalidJson { message } => format!("JSON non valido: {message}"),
            Problem::DecodedAsWindows1252 { value } => format!("`{value}` non era in UTF-8 ed è stato letto come Windows-1252"),
            Problem::Unrecognised { value } => format!("`{value}` non è un record di questo formato"),
            Problem::TooLong { what, limit } => match what.as_str() {
                "field" => format!("il campo supera i {limit} byte"),
                "line" => format!("la riga supera i {limit} byte"),
                w => format!("{w} supera i {limit} byte"),
            },
            Problem::DstGap { value } => format!("`{value}` non esiste nel fuso orario del file (gli orologi sono stati portati avanti); spostato in avanti"),
            Problem::DstFold { value } => format!("`{value}` si è verificato due volte nel fuso orario del file (gli orologi sono stati portati indietro); si è usato il primo dei due istanti"),
            other => other.to_string(),
        },
        Lang::Pt => match p {
            Problem::Missing { field } => format!("o campo obrigatório `{field}` está vazio"),
            Problem::InvalidTimestamp { value } => format!("`{value}` não é uma data"),
            Problem::ConflictingDateOrder { value, order } => format!("`{value}` não é compatível com a ordem de datas {order} da coluna"),
            Problem::InvalidNumber { value } => format!("`{value}` não é um número"),
            Problem::InvalidDuration { value } => format!("`{value}` não é uma duração"),
            Problem::NegativeDuration { value } => format!("`{value}` é uma duração negativa"),
            Problem::BeforeCreation { field, seconds } => {
                format!("`{field}` é {seconds} s anterior à criação do contacto; o contacto conta, este tempo fica de fora")
            }
            Problem::IdInENotation { value } => format!("o id `{value}` foi convertido em notação científica por uma folha de cálculo e os dígitos perderam-se"),
            Problem::ExtraFields { found, expected } => format!("{found} campos onde o cabeçalho tem {expected}"),
            Problem::Duplicate { id, kept_file, kept_line } => format!("o id `{id}` aparece de novo; usa-se a versão mais recente ({kept_file} linha {kept_line})"),
            Problem::ShiftedFields { found, expected, value } => format!("{found} campos onde o cabeçalho tem {expected}, e `{value}` não corresponde a esta coluna: os valores da linha estão desalinhados"),
            Problem::TooManyRecords { count, limit } => format!("a linha corresponde a {count} registos, acima do limite de {limit}"),
            Problem::InvalidJson { message } => format!("JSON inválido: {message}"),
            Problem::DecodedAsWindows1252 { value } => format!("`{value}` não estava em UTF-8 e foi lido como Windows-1252"),
            Problem::Unrecognised { value } => format!("`{value}` não é um registo deste formato"),
            Problem::TooLong { what, limit } => match what.as_str() {
                "field" => format!("o campo tem mais de {limit} bytes"),
                "line" => format!("a linha tem mais de {limit} bytes"),
                w => format!("{w} tem mais de {limit} bytes"),
            },
            Problem::DstGap { value } => format!("`{value}` não existe no fuso horário do ficheiro (os relógios foram adiantados); foi adiantado"),
            Problem::DstFold { value } => format!("`{value}` ocorreu duas vezes no fuso horário do ficheiro (os relógios foram atrasados); foi usado o primeiro dos dois instantes"),
            other => other.to_string(),
        },
    }
}

/// A whole-file error in the user's language.
pub fn file_error_text(lang: Lang, e: &FileError) -> String {
    match (lang, e) {
        (Lang::It, FileError::Empty) => "il file è vuoto".into(),
        (Lang::Pt, FileError::Empty) => "o ficheiro está vazio".into(),
        (Lang::It, FileError::HeaderOnly) => "il file ha un'intestazione ma nessuna riga di dati".into(),
        (Lang::Pt, FileError::HeaderOnly) => "o ficheiro tem cabeçalho mas nenhuma linha de dados".into(),
        (Lang::It, FileError::NotATable { looks_like }) => format!("il file non è una tabella che questa app sa leggere (sembra {looks_like})"),
        (Lang::Pt, FileError::NotATable { looks_like }) => format!("o ficheiro não é uma tabela legível (parece {looks_like})"),
        (Lang::It, FileError::Unmapped { header, missing, .. }) => format!("nessuna colonna per {} nell'intestazione `{}`", missing.join(", "), header.join(", ")),
        (Lang::Pt, FileError::Unmapped { header, missing, .. }) => format!("nenhuma coluna para {} no cabeçalho `{}`", missing.join(", "), header.join(", ")),
        _ => e.to_string(),
    }
}

/// The text key of a metric family's title (`None` for an unknown family).
pub fn family_key(family: &str) -> Option<T> {
    Some(match family {
        "selfservice" => T::FamilySelfservice,
        "resolution" => T::FamilyResolution,
        "speed" => T::FamilySpeed,
        "abandonment" => T::FamilyAbandonment,
        "volume" => T::FamilyVolume,
        "handling" => T::FamilyHandling,
        "satisfaction" => T::FamilySatisfaction,
        "cost" => T::FamilyCost,
        _ => return None,
    })
}

/// A metric family's title in `lang`; an unknown family shows its id.
pub fn family_title(lang: Lang, family: &str) -> String {
    family_key(family).map_or_else(|| family.to_string(), |key| t(lang, key).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_locale() {
        assert_eq!(fmt_int(Lang::It, 1_234_567), "1.234.567");
        assert_eq!(fmt_int(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(fmt_dec(Lang::Pt, 1234.5, 1), "1.234,5");
        assert_eq!(fmt_dec(Lang::En, 0.05, 1), "0.1");
        assert_eq!(fmt_rate(Lang::It, 1, 3), Some("33,3 %".into()));
        assert_eq!(fmt_rate(Lang::En, 2, 4), Some("50.0 %".into()));
        assert_eq!(fmt_rate(Lang::En, 1, 0), None);
    }

    #[test]
    fn durations_are_humanised() {
        assert_eq!(fmt_duration(Lang::En, 45.0), "45 s");
        assert_eq!(fmt_duration(Lang::En, 7.5), "7.5 s");
        assert_eq!(fmt_duration(Lang::It, 7.5), "7,5 s");
        assert_eq!(fmt_duration(Lang::En, 200.0), "3 min 20 s");
        assert_eq!(fmt_duration(Lang::En, 3600.0), "1 h 00 min");
        assert_eq!(fmt_duration(Lang::En, 10_800.0), "3 h 00 min");
        assert_eq!(fmt_duration(Lang::It, 3.0 * 86_400.0 + 4.0 * 3600.0), "3 g 4 h");
    }
}

