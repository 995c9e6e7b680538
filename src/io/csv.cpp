#include "io/csv.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/text.h"

namespace maraude::io {

CsvTable CsvTable::read(const std::string& path, char delimiter) {
  if (!std::filesystem::exists(path))
    throw Error(ErrorKind::MissingFile, "fichier introuvable", path);
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(ErrorKind::BadInput, "impossible d’ouvrir le fichier en lecture", path, "vérifiez ses droits d’accès");
  std::stringstream ss;
  ss << f.rdbuf();
  return parse(ss.str(), path, delimiter);
}

CsvTable CsvTable::parse(const std::string& raw, const std::string& name, char delim) {
  CsvTable t;
  t.path_ = name;
  std::string_view text(raw);
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF && static_cast<unsigned char>(text[1]) == 0xBB &&
      static_cast<unsigned char>(text[2]) == 0xBF)
    text.remove_prefix(3);  // UTF-8 BOM
  if (text.empty())
    throw Error(ErrorKind::BadInput, "le fichier est vide (pas de ligne d’en-tête)", name,
                "téléchargez-le à nouveau (voir l'url du manifeste) ou vérifiez le chemin dans le manifeste");
  if (!valid_utf8(text)) {
    // Find the first bad line for the message.
    int line = 1;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
      if (i == text.size() || text[i] == '\n') {
        if (!valid_utf8(text.substr(start, i - start))) break;
        ++line;
        start = i + 1;
      }
    }
    throw Error(ErrorKind::BadInput, "le fichier n’est pas encodé en UTF-8 (premier octet invalide à la ligne " + std::to_string(line) + ")",
                name, "réenregistrez-le en UTF-8 (par exemple : iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv)");
  }

  std::vector<std::string> fields;
  std::string field;
  bool in_quotes = false, field_quoted = false;
  int line = 1, row_line = 1;
  auto end_row = [&](bool force) {
    if (!force && fields.empty() && field.empty() && !field_quoted) return;  // blank line
    fields.push_back(field);
    field.clear();
    field_quoted = false;
    if (t.header_.empty()) {
      t.header_ = fields;
    } else if (line != row_line && fields.size() != t.header_.size()) {
      // A quoted field ran over line breaks and the row came out with the wrong number of
      // fields: a quote left open swallowed the rows after it.
      throw Error(ErrorKind::BadInput,
                  "un guillemet ouvert à la ligne " + std::to_string(row_line) + " ne se referme qu'à la ligne " +
                      std::to_string(line) + " : la ligne compte " + std::to_string(fields.size()) + " champs au lieu de " +
                      std::to_string(t.header_.size()) + " (des lignes seraient avalées)",
                  name + ":" + std::to_string(row_line), "refermez le guillemet de cette ligne (ou doublez-le : \"\")");
    } else {
      t.rows_.push_back({fields, row_line});
    }
    fields.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') { field += '"'; ++i; }
        else in_quotes = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty()) { in_quotes = true; field_quoted = true; continue; }
    if (c == delim) { fields.push_back(field); field.clear(); field_quoted = false; continue; }
    if (c == '\r') continue;
    if (c == '\n') {
      end_row(false);
      ++line;
      row_line = line;
      continue;
    }
    if (fields.empty() && field.empty()) row_line = line;
    field += c;
  }
  if (in_quotes)
    throw Error(ErrorKind::BadInput, "un champ entre guillemets ouvert à la ligne " + std::to_string(row_line) + " n’est jamais refermé",
                name, "le fichier est sans doute tronqué ou contient un guillemet double isolé");
  end_row(false);

  for (auto& h : t.header_) h = trim(h);
  if (t.header_.size() == 1) {
    const std::string& h = t.header_[0];
    for (char other : {';', '\t', '|'})
      if (other != delim && h.find(other) != std::string::npos)
        throw Error(ErrorKind::BadInput,
                    std::string("l’en-tête utilise « ") + (other == '\t' ? std::string("\\t") : std::string(1, other)) +
                        " » comme séparateur au lieu de « " + std::string(1, delim) + " »",
                    name + ":1", "exportez le fichier avec des virgules comme séparateur, ou indiquez delimiter= pour cette couche dans le manifeste");
  }
  for (size_t i = 0; i < t.header_.size(); ++i) t.index_.emplace(t.header_[i], i);
  return t;
}

std::optional<size_t> CsvTable::column(const std::string& n) const {
  auto it = index_.find(n);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

size_t CsvTable::require(const std::string& n, const std::string& hint) const {
  auto c = column(n);
  if (!c)
    throw Error(ErrorKind::BadInput, "le champ obligatoire « " + n + " » manque dans l’en-tête (champs : " + join(header_, ", ") + ")",
                path_ + ":1", hint.empty() ? "renommez la colonne ou associez-la dans le manifeste" : hint);
  return *c;
}

const std::string& CsvTable::get(const CsvRow& row, size_t col) const {
  static const std::string empty;
  return col < row.fields.size() ? row.fields[col] : empty;
}

}  // namespace maraude::io
