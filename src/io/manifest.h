// The source manifest: an INI-like text file saying, for each workspace input,
// which file, which fields, which CRS and the official URL (see data/geo/manifest.ini).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace maraude::io {

struct ManifestSection {
  std::string name;
  int line = 0;  // line of the [name] header
  std::map<std::string, std::string> values;
  std::map<std::string, int> lines;  // key -> line

  std::optional<std::string> get(const std::string& key) const;
  std::string get_or(const std::string& key, const std::string& def) const;
  // The source column for attribute X (`field.X`), or `def`.
  std::string field(const std::string& x, const std::string& def = {}) const;
};

class Manifest {
 public:
  static Manifest read(const std::string& path);
  static Manifest parse(const std::string& text, const std::string& path_for_errors);
  // The default manifest shipped in data/geo/ of the source tree (or next to the installed binary).
  static std::string default_path();

  const std::string& path() const { return path_; }
  std::string folder() const;  // folder holding the manifest (for project_file)
  const ManifestSection* section(const std::string& name) const;
  // Throws BadInput naming the manifest when the section is absent.
  const ManifestSection& require(const std::string& name) const;
  // Sections whose name starts with `prefix` ("services." → every services layer), in file order.
  std::vector<const ManifestSection*> with_prefix(const std::string& prefix) const;
  const std::string& text() const { return text_; }

 private:
  std::string path_, text_;
  std::vector<ManifestSection> sections_;
};

}  // namespace maraude::io
