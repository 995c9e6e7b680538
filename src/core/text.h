// Small text helpers: trimming, splitting, accent folding for search, number parsing.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maraude {

std::string trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// Lower case, French accents and ligatures folded to ASCII (é→e, œ→oe, ’→'),
// hyphens and apostrophes kept. For search and label matching.
std::string fold(std::string_view utf8);
// Unicode case mapping (Latin incl. Extended-A, Greek, Cyrillic): "Lozère" → "LOZÈRE",
// "ß" → "SS". Every upper/lower-casing of names goes through these (never std::toupper).
std::string to_upper(std::string_view utf8);
std::string to_lower(std::string_view utf8);
char32_t upper_cp(char32_t cp);
char32_t lower_cp(char32_t cp);
// Like fold() and also turns every non-alphanumeric run into one space ("Saint-Omer" → "saint omer").
std::string fold_words(std::string_view utf8);
// Strict number parsing: the whole string must be a number. Accepts a decimal comma.
std::optional<double> parse_number(std::string_view s);
std::optional<long long> parse_integer(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
bool valid_utf8(std::string_view s);
// Number of code points of a UTF-8 string.
size_t utf8_length(std::string_view s);
// Cut to at most `max_chars` code points (an ellipsis "…" marks a cut), then pad with spaces
// to exactly `width` code points when width > 0. For aligned console tables.
std::string utf8_fit(std::string_view s, size_t max_chars, size_t width = 0);
// "5 992 194" (narrow no-break space as thousands separator is avoided: plain space).
std::string format_thousands(long long v);
// The shortest text that reads back to exactly the same double ("4.5", "0.1", "12.000000000000002"),
// with a decimal point: for files Maraude writes and reads again.
std::string format_exact(double v);
// Fixed decimals with a decimal comma for French output ("12,4").
std::string format_fr(double v, int decimals);
// A calendar date in French, as printed on every output: "1er février 2027", "7 décembre 2026"
// (month 1..12). The one list of French month names.
std::string french_date(int year, int month, int day);
// Today's local date the same way.
std::string french_date_today();

}  // namespace maraude
