#include "io/manifest.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/text.h"

namespace fs = std::filesystem;

namespace maraude::io {

std::optional<std::string> ManifestSection::get(const std::string& key) const {
  auto it = values.find(key);
  if (it == values.end()) return std::nullopt;
  return it->second;
}
std::string ManifestSection::get_or(const std::string& key, const std::string& def) const {
  return get(key).value_or(def);
}
std::string ManifestSection::field(const std::string& x, const std::string& def) const {
  return get_or("field." + x, def);
}

Manifest Manifest::read(const std::string& path) {
  if (!fs::exists(path))
    throw Error(ErrorKind::MissingFile, "manifeste introuvable", path,
                "indiquez --manifest FICHIER, ou utilisez le data/geo/manifest.ini par défaut des sources");
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return parse(ss.str(), path);
}

Manifest Manifest::parse(const std::string& text, const std::string& path) {
  Manifest m;
  m.path_ = path;
  m.text_ = text;
  int lineno = 0;
  for (const auto& raw : split(text, '\n')) {
    ++lineno;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[') {
      if (line.back() != ']')
        throw Error(ErrorKind::BadInput, "l’en-tête de section n’est pas fermé par « ] »", path + ":" + std::to_string(lineno));
      ManifestSection s;
      s.name = trim(line.substr(1, line.size() - 2));
      s.line = lineno;
      for (const auto& other : m.sections_)
        if (other.name == s.name)
          throw Error(ErrorKind::BadInput, "la section [" + s.name + "] apparaît deux fois (la première à la ligne " + std::to_string(other.line) + ")",
                      path + ":" + std::to_string(lineno));
      m.sections_.push_back(std::move(s));
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string::npos)
      throw Error(ErrorKind::BadInput, "« clé = valeur » ou « [section] » attendu, trouvé : " + line, path + ":" + std::to_string(lineno));
    if (m.sections_.empty())
      throw Error(ErrorKind::BadInput, "clé hors de toute [section]", path + ":" + std::to_string(lineno));
    const std::string key = trim(line.substr(0, eq));
    m.sections_.back().values[key] = trim(line.substr(eq + 1));
    m.sections_.back().lines[key] = lineno;
  }
  return m;
}

std::string Manifest::default_path() {
  // Source tree (developer build), then next to the executable's share folder.
  const fs::path src = fs::path(MARAUDE_SOURCE_DIR) / "data/geo/manifest.ini";
  if (fs::exists(src)) return src.string();
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (auto p : {exe.parent_path() / "../share/maraude/data/geo/manifest.ini", exe.parent_path() / "data/geo/manifest.ini"})
      if (fs::exists(p)) return p.lexically_normal().string();
  }
  return src.string();
}

std::string Manifest::folder() const { return fs::path(path_).parent_path().string(); }

const ManifestSection* Manifest::section(const std::string& name) const {
  for (const auto& s : sections_)
    if (s.name == name) return &s;
  return nullptr;
}

const ManifestSection& Manifest::require(const std::string& name) const {
  if (const auto* s = section(name)) return *s;
  throw Error(ErrorKind::BadInput, "la section obligatoire [" + name + "] est absente", path_,
              "ajoutez-la (voir ses clés dans le data/geo/manifest.ini par défaut)");
}

std::vector<const ManifestSection*> Manifest::with_prefix(const std::string& prefix) const {
  std::vector<const ManifestSection*> r;
  for (const auto& s : sections_)
    if (starts_with(s.name, prefix)) r.push_back(&s);
  return r;
}

}  // namespace maraude::io
