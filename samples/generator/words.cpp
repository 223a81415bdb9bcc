#include "words.hpp"

#include <array>
#include <string_view>
#include <vector>

#include "core/codepage.hpp"

namespace ccsalvage::generator::words {

namespace {

using List = std::vector<std::string_view>;

// A European firm's staff: German, Nordic, Spanish, French, Dutch and Turkish names, with every
// accented letter chosen from CP850.
const List kLastNames = {"Müller",  "Lindqvist", "Ñúñez",    "Schäfer",   "Øvergaard", "Bergström",
                         "Dubois",  "Lefèvre",   "García",   "Peña",      "Köhler",    "Håkansson",
                         "Çelik",   "Fernández", "Gómez",    "Weiß",      "Jansen",    "de Vries",
                         "Rossi",   "Moreau",    "Åberg",    "Brandt",    "Vogel",     "Nyström",
                         "Ibáñez",  "Hoffmann",  "Lambert",  "Mercier",   "Sørensen",  "Krüger",
                         "Castaño", "Bäcker",    "Fischer",  "Roux",      "Dahl",      "Öztürk",
                         "Wagner",  "Petit",     "Engström", "Zimmermann"};
const List kFirstNames = {"Jürgen", "Åsa",     "Inés",   "José",   "François", "Björn", "Søren",
                          "Renée",  "Zoë",     "Günter", "Chloé",  "Ángel",    "Noël",  "Karin",
                          "Peter",  "Susanne", "Ingrid", "Martín", "Hélène",   "Jörg",  "Maria",
                          "Anders", "Lena",    "Paul",   "Élodie", "Ute",      "Marta", "Stefan",
                          "Ramón",  "Eva",     "Thomas", "Birgit", "Luis",     "Agnès", "Heinz",
                          "Sofía",  "Henrik",  "Gisela", "Dirk",   "Mélanie"};
const List kExchangeLast = {"Smith",   "Johnson", "Carter", "O'Neill", "Baker",  "Harris",
                            "Walker",  "Turner",  "Ward",   "Hughes",  "Murphy", "Price",
                            "Bennett", "Reid",    "Shaw",   "Lloyd"};
const List kExchangeFirst = {"John",     "Mary",    "David",   "Linda", "Robert", "Karen", "James",
                             "Patricia", "Michael", "Barbara", "Steve", "Nancy",  "Alan",  "Ruth"};

const List kSubjectTopics = {"Budget 1998",
                             "Q3 forecast",
                             "Minutes of Monday's meeting",
                             "Price list update",
                             "Travel expenses",
                             "Hamburg office move",
                             "Server maintenance on Saturday",
                             "New product brochure",
                             "Customer visit München",
                             "Réunion commerciale",
                             "Lieferung Nr. 4711",
                             "Presupuesto año fiscal",
                             "Year-end closing",
                             "Stock figures",
                             "Holiday schedule",
                             "Trade fair Göteborg",
                             "Contract draft v2",
                             "Inventory report",
                             "Sales figures März",
                             "Staff party",
                             "Network outage",
                             "Quarterly review",
                             "Spare parts order",
                             "Training plan",
                             "Überstunden Dezember"};
const List kSubjectPrefixes = {"", "", "", "", "Re: ", "Re: ", "Fwd: ", "AW: ", "Urgent: "};
const List kSubjectSuffixes = {"", "", "", " (draft)", " - please read", " - revised", " ?"};

const List kFolders = {"Projekte",  "Budget",          "Kunden",  "Travel", "Archiv 1997",
                       "Réunions",  "Personal",        "Sales",   "Orders", "Suppliers",
                       "Contracts", "Ägypten-Projekt", "Reports", "To do"};
const List kBoards = {"News", "Kantine", "IT-Info", "Jobs", "Annonces", "Ventas", "Events"};
const List kLists = {"All Staff",  "Vertrieb", "IT Team", "Management",
                     "Ventas Sur", "Lager",    "Helpdesk"};
const List kPostOffices = {"SALES1",   "MUNICH",   "LYON",     "MADRID", "STOCKHLM",
                           "ROTTERDM", "ISTANBUL", "ACCOUNTS", "LAGER",  "RESEARCH"};
const List kFileBases = {"BUDGET",   "FORECAST", "MINUTES", "PRICES", "REPORT", "CONTRACT",
                         "INVENTRY", "SALES",    "TRAVEL",  "LOGO",   "MEMO",   "PLAN",
                         "ORDERS",   "FIGURES",  "BROCHUR", "AGENDA"};
const List kTitles = {"Note", "Agenda", "Summary", "Reply", "Nachtrag", "Résumé"};

// Prose: sentences are assembled from these parts.
const List kOpeners = {
    "Please review",          "I have updated",  "Could you check", "We still need to finalise",
    "Attached you will find", "I will send",     "Can we discuss",  "Thanks for",
    "Bitte prüfen Sie",       "Merci de relire", "Don't forget",    "Let me know about"};
const List kObjects = {"the budget figures",   "the quarterly forecast", "the minutes",
                       "the new price list",   "the travel expenses",    "the stock report",
                       "die Änderungen",       "le compte rendu",        "el presupuesto",
                       "the customer's order", "the draft contract",     "the training plan",
                       "the spare parts list", "the sales figures",      "the move to Hamburg"};
const List kTimes = {
    "before Friday",           "by the end of the month", "next week",      "tomorrow morning",
    "after the board meeting", "this afternoon",          "bis Donnerstag", "avant lundi",
    "as soon as possible",     "before the trade fair"};
const List kAsides = {"",
                      "",
                      "",
                      " as discussed",
                      " once more",
                      " for Åsa's team",
                      " in detail",
                      " for the auditors",
                      " für Herrn Köhler"};
const List kClosers = {"Thanks.",       "Regards.", "Best regards.", "Mit freundlichen Grüßen.",
                       "Cordialement.", "Saludos.", "Cheers."};

std::string pick(Rng& rng, const List& list) { return std::string(list[rng.index(list.size())]); }

std::string cp850(std::string_view utf8) { return encode_from_utf8(utf8, CodePage::cp850).bytes; }

}  // namespace

// The draws below are made one statement at a time, last part first: the operands of `+` are
// unsequenced, and GCC (which wrote the shipped samples) draws right to left where clang draws
// left to right, so a sum of draws gave each compiler other names for the same seed.

std::string person_name(Rng& rng) {
    const std::string first = pick(rng, kFirstNames);
    const std::string last = pick(rng, kLastNames);
    return last + ", " + first;
}

std::string exchange_person_name(Rng& rng) {
    const std::string first = pick(rng, kExchangeFirst);
    const std::string last = pick(rng, kExchangeLast);
    return last + ", " + first;
}

std::string subject(Rng& rng) {
    const std::string suffix = pick(rng, kSubjectSuffixes);
    const std::string topic = pick(rng, kSubjectTopics);
    const std::string prefix = pick(rng, kSubjectPrefixes);
    return prefix + topic + suffix;
}

std::string folder_name(Rng& rng) { return pick(rng, kFolders); }

std::string board_name(std::size_t i) {
    std::string name(kBoards[i % kBoards.size()]);
    if (i >= kBoards.size()) name += std::to_string(i / kBoards.size() + 1);
    return name;
}

std::string list_name(std::size_t i) {
    std::string name(kLists[i % kLists.size()]);
    if (i >= kLists.size()) name += " " + std::to_string(i / kLists.size() + 1);
    return name;
}

std::string user_post_office_name(std::size_t i) {
    std::string name(kPostOffices[i % kPostOffices.size()]);
    if (i >= kPostOffices.size()) {
        const std::string suffix = std::to_string(i / kPostOffices.size() + 1);
        name = name.substr(0, 8 - suffix.size()) + suffix;
    }
    return name;
}

std::string file_base_name(Rng& rng) {
    std::string base = pick(rng, kFileBases);
    // Many DOS names end in a year or a version number.
    if (base.size() <= 6 && rng.percent(60)) {
        base += std::to_string(rng.between(90, 99));
    } else if (base.size() <= 7 && rng.percent(30)) {
        base += std::to_string(rng.between(1, 9));
    }
    return base;
}

std::string text_title(Rng& rng) { return pick(rng, kTitles); }

std::string sentence(Rng& rng) {
    const std::string time = pick(rng, kTimes);
    const std::string aside = pick(rng, kAsides);
    const std::string object = pick(rng, kObjects);
    const std::string opener = pick(rng, kOpeners);
    return opener + " " + object + aside + " " + time + ".";
}

void append_prose_cp850(Rng& rng, std::string& out, std::size_t size) {
    const std::size_t target = out.size() + size;
    std::size_t line_length = 0;
    unsigned sentences_in_paragraph = 0;
    while (out.size() < target) {
        std::string next;
        if (sentences_in_paragraph >= 3 && rng.percent(30)) {
            next = "\r\n\r\n";
            line_length = 0;
            sentences_in_paragraph = 0;
        } else {
            std::string text = cp850(rng.percent(10) ? pick(rng, kClosers) : sentence(rng));
            ++sentences_in_paragraph;
            // Wrap at 72 bytes, as DOS mail clients did.
            if (line_length > 0 && line_length + 1 + text.size() > 72) {
                next = "\r\n";
                line_length = 0;
            } else if (line_length > 0) {
                next = " ";
                ++line_length;
            }
            line_length += text.size();
            next += text;
        }
        const std::size_t room = target - out.size();
        out.append(next, 0, next.size() < room ? next.size() : room);
    }
}

}  // namespace ccsalvage::generator::words
