// data/geo/MANIFEST.md documents every manifest key the importer reads, section by section:
// the keys are taken from the importer's own source (its section/key accessors) and from the
// checker's table (io/manifest_check.h), so a key added to one without the document fails here.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "io/manifest.h"
#include "io/manifest_check.h"
#include "test_support.h"

using namespace maraude;

namespace {

std::string doc() { return test::read_file(test::source_dir() + "/data/geo/MANIFEST.md"); }

// The part of the document under "### `[name]`", up to the next "### " heading.
std::string doc_section(const std::string& d, const std::string& name) {
  const std::string head = "### `[" + name + "]`";
  const auto a = d.find(head);
  if (a == std::string::npos) return {};
  const auto b = d.find("\n### ", a + head.size());
  return d.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

std::string doc_name(const std::string& spec_name) { return spec_name == "services." ? "services.NAME" : spec_name; }

// Keys and sections named literally by the accessors in the importer's sources.
struct Read {
  std::set<std::string> keys, sections;
};
Read keys_read_by_importer() {
  Read r;
  const std::regex key_re(R"re((?:\bget|\bget_or)\("([a-z_]+(?:\.[a-z_]+)?)")re");
  const std::regex field_re(R"re((?:\bfield|\bopt)\("([a-z_]+)")re");
  const std::regex section_re(R"re((?:m\.require|m\.section|m\.with_prefix|\bsection)\("([a-z_.]+)"\))re");
  for (const char* f : {"src/io/import.cpp", "src/io/manifest.cpp", "src/io/road_store.cpp"}) {
    const std::string text = test::read_file(test::source_dir() + "/" + f);
    for (std::sregex_iterator it(text.begin(), text.end(), key_re), end; it != end; ++it) r.keys.insert((*it)[1]);
    for (std::sregex_iterator it(text.begin(), text.end(), field_re), end; it != end; ++it) r.keys.insert("field." + (*it)[1].str());
    for (std::sregex_iterator it(text.begin(), text.end(), section_re), end; it != end; ++it) r.sections.insert((*it)[1]);
  }
  return r;
}

}  // namespace

TEST(ManifestDoc, ImporterSourcesAreScanned) {
  // Guards the scan itself: a few keys and sections it must find (else the regexes broke).
  const Read r = keys_read_by_importer();
  for (const char* k : {"file", "url", "crs", "delimiter", "field.code", "field.population", "youth_columns", "kind", "bus_values",
                        "hours", "profiles", "margin_km", "qpv_population_total", "neet_share", "qpv_vintage", "field.postcodes"})
    EXPECT_TRUE(r.keys.count(k)) << k;
  for (const char* s : {"region", "communes", "zones_emploi", "services.", "roads", "parameters"}) EXPECT_TRUE(r.sections.count(s)) << s;
  EXPECT_GT(r.keys.size(), 40u);
}

TEST(ManifestDoc, EveryKeyTheImporterReadsIsInTheCheckerAndTheDocument) {
  const Read r = keys_read_by_importer();
  const std::string d = doc();
  ASSERT_FALSE(d.empty());
  std::set<std::string> known;
  for (const auto& k : io::manifest_file_keys()) known.insert(k);
  for (const auto& s : io::manifest_schema())
    for (const auto& k : s.keys) known.insert(k.key);
  for (const auto& k : r.keys) {
    EXPECT_TRUE(known.count(k)) << "the importer reads « " << k << " », unknown to io/manifest_check.cpp (import --check would refuse it)";
    EXPECT_NE(d.find("`" + k + "`"), std::string::npos) << "the importer reads « " << k << " », not documented in data/geo/MANIFEST.md";
  }
  for (const auto& s : r.sections) {
    EXPECT_TRUE(io::manifest_spec(s == "services." ? "services.x" : s)) << s;
    EXPECT_FALSE(doc_section(d, doc_name(s)).empty()) << "section [" << s << "] has no heading in MANIFEST.md";
  }
}

TEST(ManifestDoc, EachSectionDocumentsItsKeysWithAnExample) {
  const std::string d = doc();
  for (const auto& s : io::manifest_schema()) {
    const std::string part = doc_section(d, doc_name(s.name));
    ASSERT_FALSE(part.empty()) << "no heading ### `[" << doc_name(s.name) << "]` in MANIFEST.md";
    EXPECT_NE(part.find(s.required ? "— required" : "— optional"), std::string::npos) << s.name << ": required/optional not said";
    for (const auto& k : s.keys) {
      EXPECT_NE(part.find("| `" + k.key + "` |"), std::string::npos) << "[" << s.name << "] " << k.key << ": no table row";
      EXPECT_NE(part.find("`" + k.key + " = "), std::string::npos) << "[" << s.name << "] " << k.key << ": no example";
    }
  }
  const auto a = d.find("## Keys of every file section"), b = d.find("## Sections");
  ASSERT_NE(a, std::string::npos);
  const std::string common = d.substr(a, b - a);
  for (const auto& k : io::manifest_file_keys()) {
    EXPECT_NE(common.find("| `" + k + "` |"), std::string::npos) << k;
    EXPECT_NE(common.find("`" + k + " = "), std::string::npos) << k << ": no example";
  }
}

TEST(ManifestDoc, ShippedManifestsUseOnlyDocumentedKeys) {
  const std::string d = doc();
  for (const char* f : {"/data/geo/manifest.ini", "/data/geo/fixtures/monaco/manifest.ini", "/data/geo/fixtures/monaco/manifest_sans_routes.ini"}) {
    const io::Manifest m = io::Manifest::read(test::source_dir() + f);
    for (const auto* s : m.with_prefix("")) {
      const auto* spec = io::manifest_spec(s->name);
      ASSERT_TRUE(spec) << f << " [" << s->name << "]";
      const std::string part = doc_section(d, doc_name(spec->name));
      for (const auto& [k, v] : s->values) {
        const bool file_key = std::find(io::manifest_file_keys().begin(), io::manifest_file_keys().end(), k) != io::manifest_file_keys().end();
        EXPECT_TRUE(file_key || part.find("| `" + k + "` |") != std::string::npos) << f << " [" << s->name << "] " << k;
      }
    }
  }
}

TEST(ManifestDoc, ReadmeLinksTheDocument) {
  EXPECT_NE(test::read_file(test::source_dir() + "/README.md").find("(data/geo/MANIFEST.md)"), std::string::npos);
}
