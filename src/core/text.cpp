#include "core/text.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

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

static const char* fold_cp(char32_t cp) {
  switch (cp) {
    case U'à': case U'â': case U'ä': case U'á': case U'ã': case U'å':
    case U'À': case U'Â': case U'Ä': case U'Á': case U'Ã': case U'Å': return "a";
    case U'ç': case U'Ç': return "c";
    case U'é': case U'è': case U'ê': case U'ë': case U'É': case U'È': case U'Ê': case U'Ë': return "e";
    case U'î': case U'ï': case U'í': case U'ì': case U'Î': case U'Ï': case U'Í': return "i";
    case U'ô': case U'ö': case U'ó': case U'ò': case U'õ': case U'Ô': case U'Ö': case U'Ó': return "o";
    case U'ù': case U'û': case U'ü': case U'ú': case U'Ù': case U'Û': case U'Ü': case U'Ú': return "u";
    case U'ÿ': case U'Ÿ': case U'ý': case U'Ý': return "y";
    case U'ñ': case U'Ñ': return "n";
    case U'œ': case U'Œ': return "oe";
    case U'æ': case U'Æ': return "ae";
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
    const char32_t cp = next_cp(s, i);
    if (cp < 0x80) { out += static_cast<char>(std::tolower(static_cast<int>(cp))); continue; }
    if (const char* f = fold_cp(cp)) { out += f; continue; }
    // Unknown non-ASCII: keep its UTF-8 bytes unchanged.
    char buf[5] = {0};
    if (cp < 0x800) { buf[0] = char(0xC0 | (cp >> 6)); buf[1] = char(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) { buf[0] = char(0xE0 | (cp >> 12)); buf[1] = char(0x80 | ((cp >> 6) & 0x3F)); buf[2] = char(0x80 | (cp & 0x3F)); }
    else { buf[0] = char(0xF0 | (cp >> 18)); buf[1] = char(0x80 | ((cp >> 12) & 0x3F)); buf[2] = char(0x80 | ((cp >> 6) & 0x3F)); buf[3] = char(0x80 | (cp & 0x3F)); }
    out += buf;
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

}  // namespace maraude
