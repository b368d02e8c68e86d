//! Italian and European-Portuguese (pt-PT) names, definitions and formulas of every metric in
//! [`crate::engine::catalogue::CATALOGUE`], and of the metric families; English stays in the catalogue.

use crate::ui::i18n::{family_key, t, Lang};

/// One metric's texts: id, then Italian and Portuguese `[name, definition, formula]`.
type Row = (&'static str, [&'static str; 3], [&'static str; 3]);

/// Every metric of the catalogue, in catalogue order.
const TEXTS: &[Row] = &[
    // ---- selfservice
    (
        "self_service_rate",
        [
            "Tasso di self-service",
            "Percentuale di tutta la domanda risolta senza un operatore: sessioni self-service deflesse rispetto alle sessioni deflesse più i contatti assistiti (ogni ticket, chat, e-mail e chiamata, abbandoni brevi inclusi). La deflessione è dedotta: una sessione è deflessa quando il suo esito non è handoff né ticket_created, non ha un id contatto, nessun contatto vi fa riferimento e (se il cliente è noto) quel cliente non apre alcun contatto entro la finestra di deflessione W dopo l'inizio della sessione; quindi gli esiti no_result, abandoned e unknown contano come deflessi quando non segue alcun contatto. Le sessioni con cliente sconosciuto sono valutate solo in base all'esito (la nota ne indica il numero). Le sessioni iniziate e i contatti creati meno di W prima del momento di riferimento non possono ancora essere valutati e sono esclusi (la nota ne indica il numero). Con una data di lancio, anche prima e dopo tale data (giorno del lancio = dopo). Non disponibile con filtri per canale, team, operatore o tipo di richiesta: le sessioni non hanno nessuno di questi campi.",
            "sessioni deflesse ÷ (sessioni deflesse + contatti assistiti); sessioni e contatti almeno W prima del momento di riferimento",
        ],
        [
            "Taxa de self-service",
            "Percentagem de toda a procura resolvida sem um agente: sessões de self-service defletidas face às sessões defletidas mais os contactos assistidos (todos os tickets, chats, e-mails e chamadas, incluindo os abandonos curtos). A deflexão é inferida: uma sessão é defletida quando o seu resultado não é handoff nem ticket_created, não tem id de contacto, nenhum contacto a refere e (quando o cliente é conhecido) esse cliente não abre nenhum contacto dentro da janela de deflexão W após o início da sessão; assim, os resultados no_result, abandoned e unknown contam como defletidos quando não se segue nenhum contacto. As sessões com cliente desconhecido são avaliadas apenas pelo resultado (a nota indica quantas). As sessões iniciadas e os contactos criados menos de W antes do momento de referência ainda não podem ser avaliados e ficam de fora (a nota indica quantos). Com uma data de lançamento, também antes e depois dessa data (dia do lançamento = depois). Não disponível com filtros de canal, equipa, agente ou tipo de pedido: as sessões não têm nenhum destes campos.",
            "sessões defletidas ÷ (sessões defletidas + contactos assistidos); sessões e contactos pelo menos W antes do momento de referência",
        ],
    ),
    (
        "self_service_ratio",
        [
            "Ripartizione self-service",
            "Il tasso di self-service espresso come ripartizione, ad es. 70:30 (self-service : assistito). Il valore è la parte self-service in percentuale intera, arrotondata all'intero più vicino (metà arrotondate lontano dallo zero); counts contiene entrambe le parti. Non disponibile con filtri per canale, team, operatore o tipo di richiesta.",
            "r : 100 − r, r = ⌊(200·num + den) ÷ (2·den)⌋ con num/den di self_service_rate",
        ],
        [
            "Repartição self-service",
            "A taxa de self-service expressa como repartição, p. ex. 70:30 (self-service : assistido). O valor é a parte de self-service em percentagem inteira, arredondada ao inteiro mais próximo (metades arredondadas para longe de zero); counts contém as duas partes. Não disponível com filtros de canal, equipa, agente ou tipo de pedido.",
            "r : 100 − r, r = ⌊(200·num + den) ÷ (2·den)⌋ com num/den de self_service_rate",
        ],
    ),
    (
        "self_service_deflection_rate",
        [
            "Tasso di deflessione self-service",
            "Percentuale di sessioni self-service che non sono diventate un contatto assistito (deflesse come definito per il tasso di self-service: dedotto quando non segue alcun contatto entro W). Le sessioni iniziate meno di W prima del momento di riferimento sono escluse.",
            "sessioni deflesse ÷ sessioni iniziate almeno W prima del momento di riferimento",
        ],
        [
            "Taxa de deflexão do self-service",
            "Percentagem de sessões de self-service que não se tornaram um contacto assistido (defletidas como definido para a taxa de self-service: inferido quando não se segue nenhum contacto dentro de W). As sessões iniciadas menos de W antes do momento de referência ficam de fora.",
            "sessões defletidas ÷ sessões iniciadas pelo menos W antes do momento de referência",
        ],
    ),
    (
        "case_deflection_rate",
        [
            "Deflessione dei casi per tipo",
            "Il tasso di deflessione per tipo di self-service (help center, FAQ, portale, chatbot, IVR, community); il valore principale comprende tutti i tipi insieme.",
            "per tipo: sessioni deflesse ÷ sessioni iniziate almeno W prima del momento di riferimento",
        ],
        [
            "Deflexão de casos por tipo",
            "A taxa de deflexão por tipo de self-service (centro de ajuda, FAQ, portal, chatbot, IVR, comunidade); o valor principal junta todos os tipos.",
            "por tipo: sessões defletidas ÷ sessões iniciadas pelo menos W antes do momento de referência",
        ],
    ),
    (
        "bot_containment_rate",
        [
            "Contenimento del bot",
            "Percentuale di conversazioni con il chatbot concluse senza un operatore umano: nessun passaggio a un operatore, nessun ticket e nessun contatto del cliente entro W. Le conversazioni iniziate meno di W prima del momento di riferimento sono escluse.",
            "sessioni chatbot deflesse ÷ sessioni chatbot iniziate almeno W prima del momento di riferimento",
        ],
        [
            "Contenção do bot",
            "Percentagem de conversas com o chatbot que terminaram sem um humano: sem transferência para um agente, sem ticket e sem contacto do cliente dentro de W. As conversas iniciadas menos de W antes do momento de referência ficam de fora.",
            "sessões de chatbot defletidas ÷ sessões de chatbot iniciadas pelo menos W antes do momento de referência",
        ],
    ),
    (
        "self_service_score",
        [
            "Punteggio self-service",
            "Utenti del self-service per utente assistito, come in Zendesk: può superare 1 (40 significa 40:1). Ogni cliente è contato una sola volta, in base alla sua chiave normalizzata; sessioni e contatti con cliente sconosciuto sono esclusi. Non disponibile con filtri per canale, team, operatore o tipo di richiesta.",
            "clienti distinti con una sessione ÷ clienti distinti con un contatto, nel periodo",
        ],
        [
            "Pontuação de self-service",
            "Utilizadores do self-service por utilizador assistido, ao estilo do Zendesk: pode ser superior a 1 (40 significa 40:1). Cada cliente é contado uma só vez, pela sua chave normalizada; as sessões e os contactos com cliente desconhecido ficam de fora. Não disponível com filtros de canal, equipa, agente ou tipo de pedido.",
            "clientes distintos com uma sessão ÷ clientes distintos com um contacto, no período",
        ],
    ),
    (
        "resolved_without_escalation_rate",
        [
            "Risolti senza escalation",
            "Percentuale di contatti risolti dal primo livello, senza escalation a un supervisore o al livello 2. Risolto significa che il contatto ha un tempo di prima risoluzione.",
            "contatti risolti con escalated = false ÷ contatti risolti con escalated noto",
        ],
        [
            "Resolvidos sem escalamento",
            "Percentagem de contactos resolvidos pela primeira linha, sem escalamento para um supervisor ou para o nível 2. Resolvido significa que o contacto tem um tempo de primeira resolução.",
            "contactos resolvidos com escalated = false ÷ contactos resolvidos com escalated conhecido",
        ],
    ),
    (
        "contacts_per_customer",
        [
            "Contatti per cliente, prima e dopo il lancio",
            "Contatti assistiti per cliente attivo ogni 30 giorni, prima e dopo la data di lancio del self-service (il giorno del lancio conta come dopo), e la variazione dopo − prima con un intervallo bootstrap al 95% (lo, hi). I giorni di ciascuna parte (prima, dopo) sono i giorni di calendario dal suo primo al suo ultimo contatto nel fuso orario del report, estremi inclusi. L'intervallo ricampiona i clienti con reinserimento all'interno di ciascuna parte (ogni estrazione conta come un cliente), 2.000 volte con un seme fisso (42), così l'app e il comando danno lo stesso risultato; i suoi estremi sono il 2,5° e il 97,5° percentile per rango più vicino (nearest rank). I contatti con cliente sconosciuto sono esclusi. I clienti distinti crescono più lentamente dei giorni, quindi parti di durata molto diversa non sono confrontabili: scegli un periodo con durate simili prima e dopo il lancio.",
            "per ciascuna parte: contatti con cliente noto ÷ clienti distinti ÷ (giorni di calendario ÷ 30); dopo − prima",
        ],
        [
            "Contactos por cliente, antes e depois do lançamento",
            "Contactos assistidos por cliente ativo a cada 30 dias, antes e depois da data de lançamento do self-service (o dia do lançamento conta como depois), e a variação depois − antes com um intervalo bootstrap de 95% (lo, hi). Os dias de cada parte (antes, depois) são os dias de calendário desde o seu primeiro até ao seu último contacto no fuso horário do relatório, inclusive. O intervalo reamostra os clientes com reposição dentro de cada parte (cada extração conta como um cliente), 2.000 vezes com uma semente fixa (42), para que a aplicação e o comando deem o mesmo resultado; os seus extremos são os percentis 2,5 e 97,5 por ordem mais próxima (nearest rank). Os contactos com cliente desconhecido ficam de fora. Os clientes distintos crescem mais devagar do que os dias, por isso partes de duração muito diferente não são comparáveis: escolha um período com durações semelhantes antes e depois do lançamento.",
            "por parte: contactos com cliente conhecido ÷ clientes distintos ÷ (dias de calendário ÷ 30); depois − antes",
        ],
    ),
    (
        "unanswered_questions",
        [
            "Domande senza risposta",
            "Le domande a cui il self-service non riesce a rispondere: per query (in minuscolo, senza spazi iniziali e finali, spazi consecutivi ridotti a uno), sessioni, insuccessi e tasso di insuccesso, le prime 10 per insuccessi (poi per sessioni, poi per query A–Z). Un insuccesso è un esito no_result, handoff o ticket_created, oppure un contatto del cliente entro W (conta anche l'id contatto della sessione stessa). Ogni riga di query indica quanti contatti distinti hanno seguito le sue sessioni e ne cita alcuni. Il valore principale è il tasso di insuccesso su tutte le sessioni con una query. Le sessioni iniziate meno di W prima del momento di riferimento sono escluse.",
            "per query normalizzata: insuccessi ÷ sessioni; ordinate per insuccessi (decrescente), sessioni (decrescente), query (crescente)",
        ],
        [
            "Perguntas sem resposta",
            "As perguntas a que o self-service não consegue responder: por consulta (em minúsculas, sem espaços no início e no fim, espaços seguidos reduzidos a um), sessões, falhas e taxa de falha, as 10 primeiras por falhas (depois por sessões, depois por consulta A–Z). Uma falha é um resultado no_result, handoff ou ticket_created, ou um contacto do cliente dentro de W (conta também o id de contacto da própria sessão). Cada linha de consulta indica quantos contactos distintos se seguiram às suas sessões e refere alguns. O valor principal é a taxa de falha sobre todas as sessões com consulta. As sessões iniciadas menos de W antes do momento de referência ficam de fora.",
            "por consulta normalizada: falhas ÷ sessões; ordenadas por falhas (decrescente), sessões (decrescente), consulta (crescente)",
        ],
    ),
    // ---- resolution
    (
        "first_contact_resolution_rate",
        [
            "Risoluzione al primo contatto",
            "Percentuale di contatti risolti non seguiti da un altro contatto dello stesso cliente (dello stesso tipo di richiesta, se entrambi sono noti) entro la finestra di ricontatto R dopo la risoluzione. I contatti creati mentre il primo era ancora aperto non la annullano. I contatti successivi sono cercati in tutti i dati caricati. I contatti risolti meno di R prima del momento di riferimento non possono ancora essere valutati e sono esclusi, come i contatti con cliente sconosciuto (la nota indica il numero di entrambi).",
            "contatti risolti con cliente noto e nessun contatto successivo creato in (resolved, resolved + R] ÷ contatti risolti con cliente noto risolti almeno R prima del momento di riferimento",
        ],
        [
            "Resolução no primeiro contacto",
            "Percentagem de contactos resolvidos que não foram seguidos de outro contacto do mesmo cliente (do mesmo tipo de pedido, quando ambos são conhecidos) dentro da janela de recontacto R após a resolução. Os contactos criados enquanto o primeiro ainda estava aberto não a anulam. Os contactos seguintes são procurados em todos os dados carregados. Os contactos resolvidos menos de R antes do momento de referência ainda não podem ser avaliados e ficam de fora, tal como os contactos com cliente desconhecido (a nota indica quantos de cada).",
            "contactos resolvidos com cliente conhecido e sem contacto seguinte criado em (resolved, resolved + R] ÷ contactos resolvidos com cliente conhecido resolvidos pelo menos R antes do momento de referência",
        ],
    ),
    (
        "one_touch_resolution_rate",
        [
            "Risoluzione one-touch",
            "Percentuale di contatti risolti con al massimo una risposta dell'operatore (contano anche quelli risolti senza risposte, come in Zendesk) e mai riaperti.",
            "contatti risolti con agent_replies ≤ 1 e reopens = 0 ÷ contatti risolti con agent_replies e reopens noti",
        ],
        [
            "Resolução one-touch",
            "Percentagem de contactos resolvidos com no máximo uma resposta do agente (contam também os resolvidos sem nenhuma resposta, como no Zendesk) e nunca reabertos.",
            "contactos resolvidos com agent_replies ≤ 1 e reopens = 0 ÷ contactos resolvidos com agent_replies e reopens conhecidos",
        ],
    ),
    (
        "escalation_rate",
        [
            "Tasso di escalation",
            "Percentuale di contatti con escalation a un supervisore o a un livello superiore, tra i contatti la cui esportazione indica se c'è stata o no.",
            "contatti con escalation ÷ contatti con escalated noto",
        ],
        [
            "Taxa de escalamento",
            "Percentagem de contactos escalados para um supervisor ou para um nível superior, entre os contactos cuja exportação indica se o foram ou não.",
            "contactos escalados ÷ contactos com escalated conhecido",
        ],
    ),
    (
        "reopen_rate",
        [
            "Tasso di riapertura",
            "Percentuale di contatti risolti riaperti almeno una volta.",
            "contatti risolti con reopens ≥ 1 ÷ contatti risolti con reopens noto",
        ],
        [
            "Taxa de reabertura",
            "Percentagem de contactos resolvidos reabertos pelo menos uma vez.",
            "contactos resolvidos com reopens ≥ 1 ÷ contactos resolvidos com reopens conhecido",
        ],
    ),
    (
        "repeat_contact_rate",
        [
            "Tasso di ricontatto",
            "Percentuale di contatti seguiti da un altro contatto dello stesso cliente entro la finestra di ricontatto R dopo la creazione (qualsiasi canale o tipo di richiesta; conta ogni chiamata, abbandoni brevi inclusi). Due contatti creati nello stesso istante non sono ricontatti l'uno dell'altro. I contatti successivi sono cercati in tutti i dati caricati. I contatti creati meno di R prima del momento di riferimento e i contatti con cliente sconosciuto sono esclusi (la nota ne indica il numero).",
            "contatti con un altro contatto dello stesso cliente creato in (created, created + R] ÷ contatti con cliente noto creati almeno R prima del momento di riferimento",
        ],
        [
            "Taxa de recontacto",
            "Percentagem de contactos seguidos de outro contacto do mesmo cliente dentro da janela de recontacto R após a criação (qualquer canal ou tipo de pedido; todas as chamadas contam, incluindo os abandonos curtos). Dois contactos criados no mesmo instante não são recontactos um do outro. Os contactos seguintes são procurados em todos os dados carregados. Os contactos criados menos de R antes do momento de referência e os contactos com cliente desconhecido ficam de fora (a nota indica quantos).",
            "contactos com outro contacto do mesmo cliente criado em (created, created + R] ÷ contactos com cliente conhecido criados pelo menos R antes do momento de referência",
        ],
    ),
    (
        "channel_switch_rate",
        [
            "Cambio di canale",
            "Percentuale di clienti ricorrenti che sono tornati tramite un canale diverso entro la finestra di ricontatto R: clienti con due contatti su canali diversi creati a non più di R di distanza, tra i clienti con almeno due contatti. Entrambi i contatti sono presi dal periodo e dai filtri attivi.",
            "clienti con due contatti su canali diversi con |created₁ − created₂| ≤ R ÷ clienti con ≥ 2 contatti",
        ],
        [
            "Mudança de canal",
            "Percentagem de clientes recorrentes que voltaram por um canal diferente dentro da janela de recontacto R: clientes com dois contactos em canais diferentes criados com no máximo R de intervalo, entre os clientes com pelo menos dois contactos. Ambos os contactos são considerados dentro do período e dos filtros em vigor.",
            "clientes com dois contactos em canais diferentes com |created₁ − created₂| ≤ R ÷ clientes com ≥ 2 contactos",
        ],
    ),
    // ---- speed
    (
        "first_response_time",
        [
            "Tempo di prima risposta",
            "Quanto attendono i clienti la prima risposta di un operatore (per le chiamate: finché un operatore risponde). Mediana, media e 90° percentile sui contatti che hanno una risposta; quelli senza risposta finiscono invece nella fascia \"nessuna risposta\". Una risposta con data e ora precedenti alla creazione del contatto è esclusa con un avviso.",
            "first_response − created, nella base temporale scelta (tempo di calendario o orario lavorativo); mediana (media dei due valori centrali per n pari), media, p90 per rango più vicino x⌈0,9·n⌉",
        ],
        [
            "Tempo de primeira resposta",
            "Quanto tempo os clientes esperam pela primeira resposta de um agente (nas chamadas: até um agente atender). Mediana, média e percentil 90 sobre os contactos que têm resposta; os contactos sem resposta ficam em vez disso no intervalo \"sem resposta\". Uma resposta com data e hora anteriores à criação do contacto fica de fora, com um aviso.",
            "first_response − created, na base temporal escolhida (tempo de calendário ou horário de funcionamento); mediana (média dos dois valores centrais para n par), média, p90 por ordem mais próxima x⌈0,9·n⌉",
        ],
    ),
    (
        "first_response_buckets",
        [
            "Distribuzione della prima risposta",
            "Contatti in base al tempo impiegato per la prima risposta, in fasce semiaperte: <1h significa [0, 1h), 12-24h significa [12h, 24h); \"none\" sono i contatti ancora senza risposta.",
            "numero di contatti per fascia <1h, 1-2h, 2-6h, 6-12h, 12-24h, >24h, none",
        ],
        [
            "Distribuição da primeira resposta",
            "Contactos segundo o tempo que a primeira resposta demorou, em intervalos semiabertos: <1h significa [0, 1h), 12-24h significa [12h, 24h); \"none\" são os contactos ainda sem resposta.",
            "número de contactos por intervalo <1h, 1-2h, 2-6h, 6-12h, 12-24h, >24h, none",
        ],
    ),
    (
        "first_response_target_rate",
        [
            "Prime risposte entro l'obiettivo",
            "Percentuale di contatti che hanno ricevuto risposta entro l'obiettivo del loro canale (per impostazione predefinita telefono 3 min, chat 5 min, messaggistica e social 1 h, e-mail e modulo web 24 h; il canale \"Altro\" (other) non ne ha). Un contatto senza risposta conta come fuori obiettivo quando, al momento di riferimento, la sua età supera l'obiettivo; quelli più recenti sono esclusi perché possono ancora rientrarvi (la nota indica quanti). Tempi di risposta ed età sono misurati nella base temporale scelta (tempo di calendario o orario lavorativo).",
            "contatti con first_response − created ≤ obiettivo(canale) ÷ contatti dei canali con un obiettivo che hanno una risposta o la cui età al momento di riferimento supera l'obiettivo",
        ],
        [
            "Primeiras respostas dentro do objetivo",
            "Percentagem de contactos respondidos dentro do objetivo do seu canal (por omissão telefone 3 min, chat 5 min, mensagens e redes sociais 1 h, e-mail e formulário web 24 h; o canal \"Outro\" (other) não tem). Um contacto sem resposta conta como falhado quando, no momento de referência, a sua antiguidade excede o objetivo; os mais recentes ficam de fora porque ainda o podem cumprir (a nota indica quantos). Os tempos de resposta e as antiguidades são medidos na base temporal escolhida (tempo de calendário ou horário de funcionamento).",
            "contactos com first_response − created ≤ objetivo(canal) ÷ contactos dos canais com objetivo que têm resposta ou cuja antiguidade no momento de referência excede o objetivo",
        ],
    ),
    (
        "resolution_time",
        [
            "Tempo di risoluzione",
            "Tempo dalla creazione alla prima risoluzione, sui contatti che sono stati risolti; le fasce contano i contatti non risolti come \"none\". Le chiamate non hanno una risoluzione, a meno che la loro esportazione non ne riporti una.",
            "resolved − created nella base temporale scelta; mediana, media, p90 (rango più vicino); fasce come per la prima risposta",
        ],
        [
            "Tempo de resolução",
            "Tempo desde a criação até à primeira resolução, sobre os contactos que foram resolvidos; os intervalos contam os contactos não resolvidos como \"none\". As chamadas não têm resolução, a não ser que a sua exportação a indique.",
            "resolved − created na base temporal escolhida; mediana, média, p90 (ordem mais próxima); intervalos como na primeira resposta",
        ],
    ),
    (
        "average_speed_of_answer",
        [
            "Tempo medio di risposta (ASA)",
            "Tempo medio di attesa in coda delle chiamate e delle chat risposte, prima che un operatore le prendesse in carico. Le attese in coda sono usate come esportate dal sistema telefonico o di chat (tempo di calendario), qualunque sia la base temporale.",
            "Σ queue_wait_s ÷ n sui contatti risposti con queue_wait_s noto",
        ],
        [
            "Tempo médio de resposta (ASA)",
            "Tempo médio que as chamadas e os chats atendidos esperaram na fila até um agente atender. Os tempos de espera na fila são usados tal como exportados pelo sistema telefónico ou de chat (tempo de calendário), seja qual for a base temporal.",
            "Σ queue_wait_s ÷ n sobre os contactos atendidos com queue_wait_s conhecido",
        ],
    ),
    (
        "service_level",
        [
            "Livello di servizio",
            "Percentuale di contatti telefonici e chat con risposta entro la soglia (per impostazione predefinita 20 s telefono, 60 s chat), contando come fuori soglia chi ha abbandonato in coda. Chi ha riagganciato durante il messaggio di benvenuto o nell'IVR non ha mai raggiunto una coda e non è contato; gli abbandoni più brevi della soglia di abbandono breve sono esclusi; gli abbandoni in una fase sconosciuta sono contati come abbandoni in coda (la lettura prudente). Una chiamata senza risposta e senza il flag abandoned conta come abbandono. Le attese in coda sono quelle esportate (tempo di calendario).",
            "risposti con queue_wait_s ≤ T ÷ (risposti con queue_wait_s noto + abbandonati in coda dopo la soglia di abbandono breve), T per canale",
        ],
        [
            "Nível de serviço",
            "Percentagem de contactos telefónicos e de chat atendidos dentro do limiar (por omissão 20 s no telefone, 60 s no chat), contando como falhados os que desistiram na fila. Quem desligou durante a mensagem de boas-vindas ou no IVR nunca chegou a uma fila e não é contado; os abandonos mais curtos do que o limiar de abandono curto ficam de fora; os abandonos numa fase desconhecida contam como abandonos na fila (a leitura prudente). Uma chamada não atendida sem o indicador abandoned conta como abandono. Os tempos de espera na fila são os exportados (tempo de calendário).",
            "atendidos com queue_wait_s ≤ T ÷ (atendidos com queue_wait_s conhecido + abandonados numa fila após o limiar de abandono curto), T por canal",
        ],
    ),
    // ---- abandonment
    (
        "abandonment_rate",
        [
            "Tasso di abbandono",
            "Percentuale di chiamate offerte in cui il chiamante ha riagganciato prima di raggiungere un operatore: durante il messaggio di benvenuto, nell'IVR, in coda o durante lo squillo. Le chiamate offerte sono tutte le chiamate meno gli abbandoni brevi (chiamanti che hanno riagganciato prima della soglia di abbandono breve). Le chiusure durante la messa in attesa, dopo la risposta di un operatore, non sono abbandoni. Una chiamata conta come abbandonata quando ha il flag abandoned oppure, senza flag abandoned, quando è segnata come non risposta; un abbandono con attesa sconosciuta non può risultare breve ed è contato (la nota indica quanti).",
            "chiamate abbandonate (attesa ≥ soglia di abbandono breve) ÷ (chiamate − abbandoni brevi)",
        ],
        [
            "Taxa de abandono",
            "Percentagem de chamadas oferecidas em que quem ligou desligou antes de chegar a um agente: durante a mensagem de boas-vindas, no IVR, na fila ou enquanto a chamada tocava. As chamadas oferecidas são todas as chamadas menos os abandonos curtos (quem desligou antes de atingir o limiar de abandono curto). As chamadas desligadas em espera, depois de um agente atender, não são abandonos. Uma chamada conta como abandonada quando tem o indicador abandoned ou, sem indicador abandoned, quando está marcada como não atendida; um abandono com tempo de espera desconhecido não pode ser dado como curto e é contado (a nota indica quantos).",
            "chamadas abandonadas (espera ≥ limiar de abandono curto) ÷ (chamadas − abandonos curtos)",
        ],
    ),
    (
        "abandonment_by_weekday",
        [
            "Abbandono per giorno della settimana",
            "Il tasso di abbandono per giorno della settimana di inizio della chiamata, nel fuso orario del report; sono elencati tutti i giorni della settimana.",
            "per giorno della settimana di created: abbandonate ÷ offerte",
        ],
        [
            "Abandono por dia da semana",
            "A taxa de abandono por dia da semana em que a chamada começou, no fuso horário do relatório; são listados todos os dias da semana.",
            "por dia da semana de created: abandonadas ÷ oferecidas",
        ],
    ),
    (
        "abandonment_by_hour",
        [
            "Abbandono per ora",
            "Il tasso di abbandono per ora locale di inizio della chiamata, nel fuso orario del report, anche nei giorni del cambio dell'ora legale; sono elencate tutte le ore 0–23.",
            "per ora di created: abbandonate ÷ offerte",
        ],
        [
            "Abandono por hora",
            "A taxa de abandono por hora local em que a chamada começou, no fuso horário do relatório, também nos dias de mudança da hora de verão; são listadas todas as horas 0–23.",
            "por hora de created: abandonadas ÷ oferecidas",
        ],
    ),
    (
        "abandonment_by_stage",
        [
            "Dove i chiamanti abbandonano",
            "Per fase: i chiamanti che hanno riagganciato in quella fase tra le chiamate offerte che l'hanno raggiunta (messaggio di benvenuto, IVR e fase sconosciuta: ogni chiamata offerta; coda: le chiamate entrate in una coda, cioè risposte, con un'attesa in coda, oppure abbandonate in coda o durante lo squillo; squillo: chiamate risposte e abbandoni durante lo squillo), e la quota della fase su tutti gli abbandoni. Le chiusure durante la messa in attesa sono mostrate tra le chiamate risposte messe in attesa, senza quota: non sono abbandoni.",
            "per fase: abbandonate nella fase ÷ chiamate offerte che l'hanno raggiunta; quota (share) = abbandonate nella fase ÷ tutte le abbandonate",
        ],
        [
            "Onde quem liga desiste",
            "Por fase: quem desligou nessa fase entre as chamadas oferecidas que a alcançaram (mensagem de boas-vindas, IVR e fase desconhecida: todas as chamadas oferecidas; fila: as chamadas que entraram numa fila, ou seja, atendidas, com tempo de espera na fila, ou abandonadas na fila ou enquanto tocavam; a tocar: chamadas atendidas e abandonos enquanto a chamada tocava), e a quota da fase no total dos abandonos. As chamadas desligadas em espera são mostradas entre as chamadas atendidas colocadas em espera, sem quota: não são abandonos.",
            "por fase: abandonadas na fase ÷ chamadas oferecidas que a alcançaram; quota (share) = abandonadas na fase ÷ todas as abandonadas",
        ],
    ),
    (
        "time_to_abandon",
        [
            "Tempo prima dell'abbandono",
            "Quanto hanno atteso i chiamanti che abbandonano prima di riagganciare, nella fase in cui hanno riagganciato: l'attesa in coda per gli abbandoni in coda, il tempo dall'ingresso in coda per gli abbandoni durante lo squillo, il tempo dall'inizio della chiamata per gli abbandoni nel messaggio di benvenuto e nell'IVR. Gli abbandoni brevi sono esclusi; le attese sono quelle esportate dal sistema telefonico (tempo di calendario).",
            "mediana (value), media e p90 per rango più vicino dell'attesa delle chiamate abbandonate non brevi",
        ],
        [
            "Tempo até ao abandono",
            "Quanto tempo quem abandonou esperou antes de desligar, na fase em que desligou: a espera na fila nos abandonos na fila, o tempo desde a entrada na fila nos abandonos enquanto a chamada tocava, o tempo desde o início da chamada nos abandonos na mensagem de boas-vindas e no IVR. Os abandonos curtos ficam de fora; as esperas são as exportadas pelo sistema telefónico (tempo de calendário).",
            "mediana (value), média e p90 por ordem mais próxima da espera das chamadas abandonadas que não são curtas",
        ],
    ),
    // ---- volume
    (
        "contact_volume",
        [
            "Volume dei contatti",
            "Contatti assistiti creati nel periodo (ticket, chat, e-mail e ogni chiamata, con o senza risposta, dopo la deduplicazione). I contatti in uscita, spam, eliminati, uniti e di test non sono domanda e non sono contati.",
            "numero di contatti; per giorno e settimana ISO nel fuso orario del report; per canale, operatore, team, tipo di richiesta, priorità",
        ],
        [
            "Volume de contactos",
            "Contactos assistidos criados no período (tickets, chats, e-mails e todas as chamadas, atendidas ou não, após a eliminação de duplicados). Os contactos de saída, spam, eliminados, fundidos e de teste não são procura e não são contados.",
            "número de contactos; por dia e semana ISO no fuso horário do relatório; por canal, agente, equipa, tipo de pedido, prioridade",
        ],
    ),
    (
        "volume_by_hour",
        [
            "Volume per ora",
            "Contatti per ora locale di creazione, nel fuso orario del report.",
            "numero di contatti per ora 0–23 di created, zeri inclusi",
        ],
        [
            "Volume por hora",
            "Contactos pela hora local em que foram criados, no fuso horário do relatório.",
            "número de contactos por hora 0–23 de created, incluindo zeros",
        ],
    ),
    (
        "volume_by_weekday",
        [
            "Volume per giorno della settimana",
            "Contatti per giorno della settimana locale di creazione.",
            "numero di contatti per giorno della settimana lun–dom di created, zeri inclusi",
        ],
        [
            "Volume por dia da semana",
            "Contactos pelo dia da semana local em que foram criados.",
            "número de contactos por dia da semana seg–dom de created, incluindo zeros",
        ],
    ),
    (
        "volume_heatmap",
        [
            "Mappa di calore del volume",
            "Quando arriva la domanda: contatti per giorno della settimana e ora nel fuso orario del report.",
            "numero di contatti per (giorno della settimana, ora) di created",
        ],
        [
            "Mapa de calor do volume",
            "Quando chega a procura: contactos por dia da semana e hora no fuso horário do relatório.",
            "número de contactos por (dia da semana, hora) de created",
        ],
    ),
    (
        "out_of_hours_share",
        [
            "Domanda fuori orario",
            "Percentuale di contatti creati fuori dall'orario lavorativo (l'orario settimanale e i giorni festivi delle impostazioni).",
            "contatti creati fuori dall'orario lavorativo ÷ contatti",
        ],
        [
            "Procura fora de horas",
            "Percentagem de contactos criados fora do horário de funcionamento (o horário semanal e os feriados das definições).",
            "contactos criados fora do horário de funcionamento ÷ contactos",
        ],
    ),
    (
        "open_backlog",
        [
            "Backlog aperto",
            "Contatti ancora aperti al momento di riferimento (la fine del periodo, oppure il record più recente), per età. Contano anche i contatti creati prima del periodo e ancora aperti. Le chiamate non sono mai aperte; un contatto il cui stato indica risolto o chiuso non è aperto, anche senza data e ora. L'età è in tempo di calendario (le fasce sono giorni di calendario), qualunque sia la base temporale.",
            "numero di contatti creati ≤ momento di riferimento senza resolved né closed ≤ momento di riferimento, in fasce di età <1d, 1-3d, 3-7d, 7-30d, >30d; per canale, team, priorità",
        ],
        [
            "Backlog em aberto",
            "Contactos ainda abertos no momento de referência (o fim do período ou o registo mais recente), por antiguidade. Contam também os contactos criados antes do período que ainda estão abertos. As chamadas nunca estão abertas; um contacto cujo estado indica resolvido ou fechado não está aberto, mesmo sem data e hora. A antiguidade é medida em tempo de calendário (os intervalos são dias de calendário), seja qual for a base temporal.",
            "número de contactos criados ≤ momento de referência sem resolved nem closed ≤ momento de referência, em intervalos de antiguidade <1d, 1-3d, 3-7d, 7-30d, >30d; por canal, equipa, prioridade",
        ],
    ),
    (
        "channel_mix",
        [
            "Mix dei canali",
            "Quota della domanda per canale, self-service incluso: le sessioni self-service deflesse contano come \"self_service\". Per settimana ISO come conteggi e per l'intero periodo come quote. Le sessioni iniziate meno della finestra di deflessione prima del momento di riferimento non possono ancora essere valutate e non sono contate; con filtri per canale, team, operatore o tipo di richiesta il self-service è escluso.",
            "per settimana: contatti per canale e sessioni deflesse, ciascuno ÷ la loro somma",
        ],
        [
            "Mix de canais",
            "Quota da procura por canal, incluindo o self-service: as sessões de self-service defletidas contam como \"self_service\". Por semana ISO em contagens e para todo o período em quotas. As sessões iniciadas menos do que a janela de deflexão antes do momento de referência ainda não podem ser avaliadas e não são contadas; com filtros de canal, equipa, agente ou tipo de pedido, o self-service fica de fora.",
            "por semana: contactos por canal e sessões defletidas, cada um ÷ a sua soma",
        ],
    ),
    // ---- handling
    (
        "average_handle_time",
        [
            "Tempo medio di gestione",
            "Tempo dell'operatore per contatto gestito: conversazione, messa in attesa e lavoro post-contatto, sui contatti risposti con un tempo di conversazione. Un tempo di messa in attesa o di lavoro post-contatto mancante conta come 0 (la nota indica per quanti). I tempi sono quelli esportati (tempo di calendario).",
            "Σ(talk_s + hold_s + after_work_s) ÷ n sui contatti risposti con talk_s noto",
        ],
        [
            "Tempo médio de atendimento",
            "Tempo do agente por contacto tratado: conversação, tempo em espera e trabalho pós-contacto, sobre os contactos atendidos com tempo de conversação. Um tempo em espera ou de trabalho pós-contacto em falta conta como 0 (a nota indica em quantos). Os tempos são os exportados (tempo de calendário).",
            "Σ(talk_s + hold_s + after_work_s) ÷ n sobre os contactos atendidos com talk_s conhecido",
        ],
    ),
    (
        "service_rate",
        [
            "Tasso di servizio",
            "Contatti serviti per ora di servizio: chiamate risposte più gli altri contatti risolti, divisi per le ore lavorative (orario settimanale meno i giorni festivi) nei giorni dal primo all'ultimo giorno del periodo nel fuso orario del report; senza un periodo scelto, il primo e l'ultimo giorno con contatti. Ad es. 100 serviti in 10 ore lavorative = 10 all'ora.",
            "(chiamate risposte + contatti non telefonici risolti) ÷ ore lavorative dal primo all'ultimo giorno del periodo",
        ],
        [
            "Taxa de serviço",
            "Contactos servidos por hora de serviço: chamadas atendidas mais os restantes contactos resolvidos, divididos pelas horas de funcionamento (horário semanal menos os feriados) nos dias desde o primeiro até ao último dia do período no fuso horário do relatório; sem um período escolhido, o primeiro e o último dia com contactos. P. ex., 100 servidos em 10 horas de funcionamento = 10 por hora.",
            "(chamadas atendidas + contactos resolvidos que não são chamadas) ÷ horas de funcionamento desde o primeiro até ao último dia do período",
        ],
    ),
    (
        "contacts_per_agent",
        [
            "Contatti per operatore",
            "Carico di lavoro: contatti per operatore che li ha gestiti; i contatti senza operatore sono in \"(none)\", così la somma dei gruppi dà tutti i contatti.",
            "numero di contatti per operatore",
        ],
        [
            "Contactos por agente",
            "Carga de trabalho: contactos por agente que os tratou; os contactos sem agente ficam em \"(none)\", pelo que a soma dos grupos dá a totalidade dos contactos.",
            "número de contactos por agente",
        ],
    ),
    // ---- satisfaction
    (
        "csat",
        [
            "Soddisfazione del cliente (CSAT)",
            "Percentuale di risposte di soddisfazione positive: 4–5 su scala 1–5, 9–10 su 0–10, 101–103 sulla scala −103..103 di Freshdesk, \"Great\" su Great/Okay/Not Good, \"good\", \"satisfied\" o pollice in su sulle scale a due valori (tutti configurabili). \"Offered\", \"Not Offered\", \"unoffered\" e i valori vuoti non sono risposte. Le risposte di un file di sondaggio sono collegate ai contatti tramite l'id contatto e sostituiscono il valore CSAT del contatto stesso (così una valutazione esportata due volte conta una volta sola); le risposte al sondaggio che non corrispondono a nessun contatto sono escluse (la nota indica quante).",
            "risposte positive ÷ risposte; per canale, operatore, team, tipo di richiesta",
        ],
        [
            "Satisfação do cliente (CSAT)",
            "Percentagem de respostas de satisfação positivas: 4–5 numa escala de 1–5, 9–10 em 0–10, 101–103 na escala −103..103 do Freshdesk, \"Great\" em Great/Okay/Not Good, \"good\", \"satisfied\" ou polegar para cima nas escalas de dois pontos (tudo configurável). \"Offered\", \"Not Offered\", \"unoffered\" e os valores em branco não são respostas. As respostas de um ficheiro de inquéritos são associadas aos contactos pelo id de contacto e substituem o valor de CSAT do próprio contacto (assim, uma avaliação exportada duas vezes conta só uma vez); as respostas a inquéritos que não correspondem a nenhum contacto ficam de fora (a nota indica quantas).",
            "respostas positivas ÷ respostas; por canal, agente, equipa, tipo de pedido",
        ],
    ),
    (
        "survey_response_rate",
        [
            "Tasso di risposta ai sondaggi",
            "Percentuale di contatti risolti che hanno ricevuto almeno una valutazione di soddisfazione (nell'esportazione del contatto o in un file di sondaggio). Non disponibile se non è stato caricato alcun dato CSAT.",
            "contatti risolti con almeno una risposta ÷ contatti risolti",
        ],
        [
            "Taxa de resposta aos inquéritos",
            "Percentagem de contactos resolvidos que receberam pelo menos uma avaliação de satisfação (na exportação do contacto ou num ficheiro de inquéritos). Não disponível quando não há quaisquer dados de CSAT carregados.",
            "contactos resolvidos com pelo menos uma resposta ÷ contactos resolvidos",
        ],
    ),
    // ---- cost
    (
        "cost_per_contact",
        [
            "Costo per contatto",
            "Costo medio ponderato di un contatto assistito, calcolato dal costo per canale che hai inserito; non disponibile se non tutti i canali presenti hanno un costo (nessuna cifra viene inventata).",
            "Σ(costo del canale × contatti del canale) ÷ contatti",
        ],
        [
            "Custo por contacto",
            "Custo médio ponderado de um contacto assistido, a partir do custo por canal que introduziu; não disponível a menos que todos os canais presentes tenham custo (não se inventam valores).",
            "Σ(custo do canal × contactos do canal) ÷ contactos",
        ],
    ),
    (
        "total_cost",
        [
            "Costo totale",
            "Costo della domanda assistita e self-service nel periodo: ogni contatto al costo del suo canale più ogni sessione self-service al costo per sessione (il costo per sessione serve solo se sono caricate sessioni). Per canale, con le sessioni come \"self_service\"; la somma dei gruppi dà il totale. Con filtri per canale, team, operatore o tipo di richiesta sono contati solo i contatti filtrati.",
            "Σ costo del canale × contatti + costo self-service × sessioni",
        ],
        [
            "Custo total",
            "Custo da procura assistida e de self-service no período: cada contacto ao custo do seu canal mais cada sessão de self-service ao custo por sessão (o custo por sessão só é necessário quando há sessões carregadas). Por canal, com as sessões como \"self_service\"; a soma dos grupos dá o total. Com filtros de canal, equipa, agente ou tipo de pedido, só são contados os contactos filtrados.",
            "Σ custo do canal × contactos + custo do self-service × sessões",
        ],
    ),
    (
        "deflection_savings",
        [
            "Risparmio da deflessione",
            "Quanto ha fatto risparmiare la deflessione: ogni sessione deflessa (come nel tasso di self-service) valorizzata al costo medio ponderato per contatto meno il costo di una sessione. Le sessioni iniziate meno di W prima del momento di riferimento non sono ancora valutate e sono escluse. Negativo quando una sessione costa più di un contatto. Non disponibile con filtri per canale, team, operatore o tipo di richiesta.",
            "sessioni deflesse × (cost_per_contact − costo self-service)",
        ],
        [
            "Poupança com a deflexão",
            "Quanto a deflexão poupou: cada sessão defletida (como na taxa de self-service) valorizada ao custo médio ponderado por contacto menos o custo de uma sessão. As sessões iniciadas menos de W antes do momento de referência ainda não são avaliadas e ficam de fora. Negativa quando uma sessão custa mais do que um contacto. Não disponível com filtros de canal, equipa, agente ou tipo de pedido.",
            "sessões defletidas × (cost_per_contact − custo do self-service)",
        ],
    ),
    (
        "target_mix_savings",
        [
            "Risparmio con la ripartizione obiettivo",
            "Quanto si risparmierebbe rispetto a oggi passando alla ripartizione self-service obiettivo (target_self_service_pct, ad es. 70:30), a parità di domanda D = sessioni deflesse + contatti: il costo attuale (contatti al costo medio ponderato per contatto, sessioni deflesse al costo per sessione) meno il costo di D alla ripartizione obiettivo. Negativo quando la ripartizione attuale supera già l'obiettivo. Non disponibile con filtri per canale, team, operatore o tipo di richiesta.",
            "costo alla ripartizione attuale − costo alla ripartizione obiettivo della stessa D = (D × obiettivo − deflesse) × (cost_per_contact − costo self-service)",
        ],
        [
            "Poupança com a repartição-alvo",
            "Quanto se pouparia face à situação atual ao passar para a repartição de self-service alvo (target_self_service_pct, p. ex. 70:30), para a mesma procura D = sessões defletidas + contactos: o custo atual (contactos ao custo médio ponderado por contacto, sessões defletidas ao custo por sessão) menos o custo de D na repartição-alvo. Negativa quando a repartição atual já vai além do alvo. Não disponível com filtros de canal, equipa, agente ou tipo de pedido.",
            "custo na repartição atual − custo na repartição-alvo da mesma D = (D × alvo − defletidas) × (cost_per_contact − custo do self-service)",
        ],
    ),
];

/// Field `i` (0 name, 1 definition, 2 formula) of metric `id` in `lang`.
fn text(lang: Lang, id: &str, i: usize) -> Option<&'static str> {
    let row = TEXTS.iter().find(|r| r.0 == id)?;
    match lang {
        Lang::En => None,
        Lang::It => Some(row.1[i]),
        Lang::Pt => Some(row.2[i]),
    }
}

/// The metric's name in `lang`; `None` for English (use the catalogue) and unknown ids.
pub fn name(lang: Lang, id: &str) -> Option<&'static str> {
    text(lang, id, 0)
}

/// The metric's definition in `lang`; `None` for English (use the catalogue) and unknown ids.
pub fn definition(lang: Lang, id: &str) -> Option<&'static str> {
    text(lang, id, 1)
}

/// The metric's formula in `lang`; `None` for English (use the catalogue) and unknown ids.
pub fn formula(lang: Lang, id: &str) -> Option<&'static str> {
    text(lang, id, 2)
}

/// A family's title in `lang` (the same texts as the UI table's `Family*` keys); `None` for
/// English and unknown families.
pub fn family(lang: Lang, family: &str) -> Option<&'static str> {
    if lang == Lang::En {
        return None;
    }
    family_key(family).map(|key| t(lang, key))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::engine::catalogue::{CATALOGUE, FAMILIES};

    /// The `` `...` `` spans of a text.
    fn backticked(s: &str) -> BTreeSet<&str> {
        s.split('`').skip(1).step_by(2).collect()
    }

    /// Identifiers with an underscore (`queue_wait_s`, `no_result`, `self_service`).
    fn identifiers(s: &str) -> BTreeSet<&str> {
        s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|w| w.contains('_') && w.chars().any(|c| c.is_ascii_alphabetic())).collect()
    }

    /// The runs of ASCII digits, sorted: "2,000" and "2.000" both give ["000", "2"].
    fn numbers(s: &str) -> Vec<&str> {
        let mut v: Vec<&str> = s.split(|c: char| !c.is_ascii_digit()).filter(|w| !w.is_empty()).collect();
        v.sort_unstable();
        v
    }

    /// Math symbols with their counts, sorted.
    fn symbols(s: &str) -> Vec<char> {
        let mut v: Vec<char> = s.chars().filter(|c| "÷×Σ≤≥−⌊⌋⌈⌉·₁₂<>[]|=%".contains(*c)).collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn every_metric_has_italian_and_portuguese_texts() {
        for e in CATALOGUE {
            for lang in [Lang::It, Lang::Pt] {
                for (what, got) in [("name", name(lang, e.id)), ("definition", definition(lang, e.id)), ("formula", formula(lang, e.id))] {
                    let s = got.unwrap_or_else(|| panic!("{} has no {what} in {lang:?}", e.id));
                    assert!(!s.trim().is_empty(), "{} has an empty {what} in {lang:?}", e.id);
                }
            }
            assert_eq!(name(Lang::En, e.id), None);
            assert_eq!(definition(Lang::En, e.id), None);
            assert_eq!(formula(Lang::En, e.id), None);
        }
        assert_eq!(name(Lang::It, "no_such_metric"), None);
        assert_eq!(formula(Lang::Pt, "no_such_metric"), None);
    }

    #[test]
    fn the_table_holds_exactly_the_catalogue_in_order() {
        let ours: Vec<&str> = TEXTS.iter().map(|r| r.0).collect();
        let theirs: Vec<&str> = CATALOGUE.iter().map(|e| e.id).collect();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn translations_keep_identifiers_numbers_and_symbols() {
        for e in CATALOGUE {
            let english = [e.name, e.definition, e.formula];
            for lang in [Lang::It, Lang::Pt] {
                let ours = [name(lang, e.id).unwrap(), definition(lang, e.id).unwrap(), formula(lang, e.id).unwrap()];
                for (en, tr) in english.iter().zip(ours) {
                    let (want, got) = (backticked(en), backticked(tr));
                    assert!(want.is_subset(&got), "{} {lang:?} drops {:?}", e.id, want.difference(&got).collect::<Vec<_>>());
                    let (want, got) = (identifiers(en), identifiers(tr));
                    assert!(want.is_subset(&got), "{} {lang:?} drops {:?}", e.id, want.difference(&got).collect::<Vec<_>>());
                    assert_eq!(numbers(en), numbers(tr), "{} {lang:?}: numbers differ in {tr:?}", e.id);
                    assert_eq!(symbols(en), symbols(tr), "{} {lang:?}: symbols differ in {tr:?}", e.id);
                }
            }
        }
    }

    #[test]
    fn every_family_has_a_title() {
        for f in FAMILIES {
            for lang in [Lang::It, Lang::Pt] {
                assert!(family(lang, f).is_some_and(|s| !s.is_empty()), "{f} in {lang:?}");
            }
            assert_eq!(family(Lang::En, f), None);
        }
        assert_eq!(family(Lang::It, "nope"), None);
    }
}
