#include "core/text.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace maraude {

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string r;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) r += sep;
    r += parts[i];
  }
  return r;
}

// Decodes one UTF-8 code point; returns 0xFFFD on malformed input.
static char32_t next_cp(std::string_view s, size_t& i) {
  const unsigned char c = s[i];
  auto cont = [&](size_t k) -> unsigned { return (i + k < s.size()) ? (static_cast<unsigned char>(s[i + k]) & 0x3F) : 0; };
  if (c < 0x80) { i += 1; return c; }
  if ((c >> 5) == 6 && i + 1 < s.size()) { char32_t r = ((c & 0x1F) << 6) | cont(1); i += 2; return r; }
  if ((c >> 4) == 14 && i + 2 < s.size()) { char32_t r = ((c & 0x0F) << 12) | (cont(1) << 6) | cont(2); i += 3; return r; }
  if ((c >> 3) == 30 && i + 3 < s.size()) { char32_t r = ((c & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3); i += 4; return r; }
  i += 1;
  return 0xFFFD;
}

static void put_cp(std::string& out, char32_t cp) {
  if (cp < 0x80) out += static_cast<char>(cp);
  else if (cp < 0x800) { out += char(0xC0 | (cp >> 6)); out += char(0x80 | (cp & 0x3F)); }
  else if (cp < 0x10000) { out += char(0xE0 | (cp >> 12)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
  else { out += char(0xF0 | (cp >> 18)); out += char(0x80 | ((cp >> 12) & 0x3F)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
}

// Simple (one-to-one) case mappings of the Latin, Greek and Cyrillic letters met in
// place names: ASCII, Latin-1, Latin Extended-A, basic Greek and Cyrillic.
char32_t lower_cp(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0xC0) return c;
  if (c <= 0xDE) return c == 0xD7 ? c : c + 0x20;
  if (c >= 0x100 && c <= 0x137) {
    if (c == 0x130) return U'i';
    if (c == 0x131) return c;
    return (c % 2 == 0) ? c + 1 : c;
  }
  if (c >= 0x139 && c <= 0x148) return (c % 2 == 1) ? c + 1 : c;
  if (c >= 0x14A && c <= 0x177) return (c % 2 == 0) ? c + 1 : c;
  if (c == 0x178) return 0xFF;
  if (c >= 0x179 && c <= 0x17E) return (c % 2 == 1) ? c + 1 : c;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 0x20;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  return c;
}

char32_t upper_cp(char32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c < 0xE0) return c;
  if (c <= 0xFE) return c == 0xF7 ? c : c - 0x20;
  if (c == 0xFF) return 0x178;
  if (c >= 0x100 && c <= 0x137) {
    if (c == 0x131) return U'I';
    if (c == 0x130) return c;
    return (c % 2 == 1) ? c - 1 : c;
  }
  if (c >= 0x139 && c <= 0x148) return (c % 2 == 0) ? c - 1 : c;
  if (c >= 0x14A && c <= 0x177) return (c % 2 == 1) ? c - 1 : c;
  if (c >= 0x179 && c <= 0x17E) return (c % 2 == 0) ? c - 1 : c;
  if (c == 0x17F) return U'S';
  if (c == 0x3C2) return 0x3A3;  // final sigma
  if (c >= 0x3B1 && c <= 0x3C9) return c - 0x20;
  if (c >= 0x430 && c <= 0x44F) return c - 0x20;
  if (c >= 0x450 && c <= 0x45F) return c - 0x50;
  return c;
}

std::string to_upper(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const char32_t cp = next_cp(s, i);
    if (cp == 0xDF) out += "SS";  // ß has no one-letter capital in French use
    else put_cp(out, upper_cp(cp));
  }
  return out;
}

std::string to_lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) put_cp(out, lower_cp(next_cp(s, i)));
  return out;
}

// Base letters of U+0100..U+017F (Latin Extended-A); '#' = "ij", '@' = "oe".
static constexpr char kLatinExtA[] =
    "aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii" "##" "jj" "kk" "k" "llllllllll"
    "nnnnnn" "n" "nn" "oooooo" "@@" "rrrrrr" "ssssssss" "tttttt" "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";
static_assert(sizeof(kLatinExtA) == 129, "one base letter per code point of U+0100..U+017F");

// The ASCII folding of a lower-case code point, or nullptr when it has none.
static const char* fold_cp(char32_t cp) {
  static const char* const kLetters[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
                                         "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"};
  if (cp >= 0x100 && cp <= 0x17F) {
    const char b = kLatinExtA[cp - 0x100];
    if (b == '#') return "ij";
    if (b == '@') return "oe";
    return kLetters[b - 'a'];
  }
  switch (cp) {
    case U'à': case U'â': case U'ä': case U'á': case U'ã': case U'å': return "a";
    case U'ç': return "c";
    case U'é': case U'è': case U'ê': case U'ë': return "e";
    case U'î': case U'ï': case U'í': case U'ì': return "i";
    case U'ô': case U'ö': case U'ó': case U'ò': case U'õ': case U'ø': return "o";
    case U'ù': case U'û': case U'ü': case U'ú': return "u";
    case U'ÿ': case U'ý': return "y";
    case U'ñ': return "n";
    case U'æ': return "ae";
    case U'ß': return "ss";
    case U'’': case U'‘': case U'ʼ': return "'";
    case U'–': case U'—': case U'‑': return "-";
    case U'«': case U'»': case U'“': case U'”': return "\"";
    case 0x00A0: case 0x202F: return " ";
    default: return nullptr;
  }
}

std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const char32_t cp = lower_cp(next_cp(s, i));
    if (cp < 0x80) { out += static_cast<char>(cp); continue; }
    if (const char* f = fold_cp(cp)) { out += f; continue; }
    put_cp(out, cp);  // other letters: lower case, kept
  }
  return out;
}

std::string fold_words(std::string_view s) {
  const std::string f = fold(s);
  std::string out;
  bool space = false;
  for (unsigned char c : f) {
    if (std::isalnum(c) || c >= 0x80) {
      if (space && !out.empty()) out += ' ';
      out += static_cast<char>(c);
      space = false;
    } else {
      space = true;
    }
  }
  return out;
}

std::string format_exact(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::optional<double> parse_number(std::string_view s) {
  std::string t = trim(s);
  if (t.empty()) return std::nullopt;
  for (auto& c : t)
    if (c == ',') c = '.';
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<long long> parse_integer(std::string_view s) {
  const std::string t = trim(s);
  if (t.empty()) return std::nullopt;
  long long v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
  return v;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (n < 0 || i + n >= s.size() + (n == 0 ? 1 : 0)) {
      if (n < 0) return false;
    }
    if (i + n >= s.size() && n > 0) return false;
    for (int k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n + 1;
  }
  return true;
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string utf8_fit(std::string_view s, size_t max_chars, size_t width) {
  std::string out;
  if (utf8_length(s) <= max_chars) {
    out = std::string(s);
  } else {
    size_t n = 0, i = 0;
    const size_t keep = max_chars > 0 ? max_chars - 1 : 0;
    while (i < s.size()) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
        if (n == keep) break;
        ++n;
      }
      ++i;
    }
    out = std::string(s.substr(0, i)) + (max_chars > 0 ? "…" : "");
  }
  for (size_t n = utf8_length(out); n < width; ++n) out += ' ';
  return out;
}

std::string format_thousands(long long v) {
  const bool neg = v < 0;
  std::string d = std::to_string(neg ? -v : v);
  std::string out;
  int cnt = 0;
  for (auto it = d.rbegin(); it != d.rend(); ++it) {
    if (cnt && cnt % 3 == 0) out += ' ';
    out += *it;
    ++cnt;
  }
  if (neg) out += '-';
  return std::string(out.rbegin(), out.rend());
}

std::string format_fr(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  for (auto& c : s)
    if (c == '.') c = ',';
  return s;
}

std::string french_date(int year, int month, int day) {
  static const char* const months[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                       "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
  const std::string m = month >= 1 && month <= 12 ? months[month - 1] : "?";
  return std::to_string(day) + (day == 1 ? "er " : " ") + m + " " + std::to_string(year);
}

std::string french_date_today() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return french_date(1900 + tm.tm_year, tm.tm_mon + 1, tm.tm_mday);
}

}  // namespace maraude
