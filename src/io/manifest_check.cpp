#include "io/manifest_check.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "core/error.h"
#include "core/model.h"
#include "core/text.h"
#include "io/csv.h"
#include "io/gdal_messages.h"
#include "io/vector_source.h"

namespace fs = std::filesystem;

namespace maraude::io {

namespace {

ManifestKey col(const std::string& x, const std::string& def, bool needed) {
  return {"field." + x, false, def, true, needed};
}
ManifestKey opt_col(const std::string& x) { return {"field." + x, false, "", true, false}; }
ManifestKey key(const std::string& k, bool required = false, const std::string& def = "") { return {k, required, def, false, false}; }

std::string list_of(const std::vector<std::string>& v) { return join(v, ", "); }

bool is_csv_path(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".csv" || ext == ".txt" || ext == ".tsv";
}

// The header of a CSV file (first line only) or the field names of a vector file's first layer.
std::vector<std::string> header_of(const std::string& path, const ManifestSection& s, std::string& layer) {
  if (is_csv_path(path)) {
    std::ifstream f(path, std::ios::binary);
    std::string line;
    std::getline(f, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty()) throw Error(ErrorKind::BadInput, "le fichier est vide (pas d’en-tête)", path);
    const std::string d = s.get_or("delimiter", ",");
    const char delim = (d == "tab" || d == "\\t") ? '\t' : (d.empty() ? ',' : d[0]);
    return CsvTable::parse(line + "\n", path, delim).header();
  }
  ensure_gdal();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds)
    throw Error(ErrorKind::BadInput, "illisible comme fichier vectoriel" + [] {
      const std::string m = gdal_last_error();
      return m.empty() ? std::string() : " : " + m;
    }(), path, "téléchargez-le de nouveau (GeoJSON, Shapefile ou GeoPackage attendu)");
  if (ds->GetLayerCount() < 1) throw Error(ErrorKind::BadInput, "le fichier ne contient aucune couche", path);
  OGRLayer* lyr = ds->GetLayer(0);
  layer = lyr->GetName();
  std::vector<std::string> fields;
  OGRFeatureDefn* defn = lyr->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) fields.push_back(defn->GetFieldDefn(i)->GetNameRef());
  return fields;
}

// The closest known name, for "did you mean" hints (edit distance ≤ 3).
std::string closest(const std::string& s, const std::vector<std::string>& known) {
  std::string best;
  size_t best_d = 4;
  for (const auto& k : known) {
    std::vector<size_t> prev(k.size() + 1), cur(k.size() + 1);
    for (size_t j = 0; j <= k.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= s.size(); ++i) {
      cur[0] = i;
      for (size_t j = 1; j <= k.size(); ++j)
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (std::tolower(s[i - 1]) == std::tolower(k[j - 1]) ? 0 : 1)});
      std::swap(prev, cur);
    }
    if (prev[k.size()] < best_d) { best_d = prev[k.size()]; best = k; }
  }
  return best;
}

}  // namespace

const std::vector<std::string>& manifest_file_keys() {
  static const std::vector<std::string> k = {"file", "project_file", "crs", "url", "delimiter"};
  return k;
}

const std::vector<ManifestSectionSpec>& manifest_schema() {
  static const std::vector<ManifestSectionSpec> s = {
      {"region", true, true, {key("code"), key("name"), opt_col("code"), opt_col("name")}},
      {"departements", true, true, {col("code", "code", true), col("name", "nom", true)}},
      {"communes", true, true,
       {col("code", "code", true), col("name", "nom", true), col("departement", "departement", true), col("population", "population", true),
        opt_col("arrondissement"), opt_col("epci"), opt_col("epci_name"), opt_col("zone_emploi"), opt_col("postcodes")}},
      {"density", false, true, {col("code", "insee_com", true), col("level", "niveau_densite", true)}},
      {"age_structure", false, true,
       {col("year", "annee", true), col("departement", "dep", true), col("total", "ensemble_total", true),
        key("youth_columns", false, "ensemble_15_19;ensemble_20_24;ensemble_25_29")}},
      {"zones_emploi", true, true, {col("code", "ZE2020", true), col("name", "LIBZE2020", true), opt_col("interregional")}},
      {"unemployment", false, true, {col("code", "ZE2020", true)}},
      {"qpv_list", false, true,
       {col("code", "code_qp", true), col("name", "lib_qp", true), col("commune", "insee_com", true), opt_col("population")}},
      {"qpv_perimeters", false, true,
       {col("code", "code_qp", true), col("name", "lib_qp", false), col("commune", "insee_com", false), opt_col("population")}},
      {"services.", false, true,
       {key("kind", true), {"field.name", true, "", true, true}, opt_col("id"), opt_col("address"), opt_col("commune"),
        opt_col("commune_name"), opt_col("postcode"), opt_col("lat"), opt_col("lon"), opt_col("format"), key("bus_values"), key("hours")}},
      {"laureates", false, true, {}},
      {"roads", false, false, {key("file", true), key("url"), key("profiles"), key("margin_km", false, "20")}},
      {"parameters", false, false,
       {key("rural_min_density", false, "5"), key("basin_threshold", false, "regional"), key("qpv_population_total"),
        key("qpv_population_source", false, "regional total"), key("neet_share", false, "0.128"), key("neet_source"),
        key("qpv_vintage", false, "2024")}},
  };
  return s;
}

const ManifestSectionSpec* manifest_spec(const std::string& section) {
  for (const auto& s : manifest_schema())
    if (s.name == section || (s.name.back() == '.' && starts_with(section, s.name) && section.size() > s.name.size())) return &s;
  return nullptr;
}

ManifestCheck check_manifest(const Manifest& m, const std::string& data_dir) {
  ManifestCheck out;
  auto& bad = out.problems;
  std::vector<std::string> section_names;
  for (const auto& s : manifest_schema()) section_names.push_back(s.name == "services." ? "services.NOM" : s.name);

  for (const auto& spec : manifest_schema())
    if (spec.required && !m.section(spec.name))
      bad.push_back(m.path() + " : la section obligatoire [" + spec.name + "] est absente (voir data/geo/MANIFEST.md)");

  for (const auto& [name, line] : [&] {
         std::vector<std::pair<std::string, int>> v;
         for (const auto& s : m.with_prefix("")) v.emplace_back(s->name, s->line);
         return v;
       }()) {
    const ManifestSection& s = *m.section(name);
    const size_t problems_before = bad.size();
    // A section is listed as in order only when none of its problems were found.
    auto ok = [&](const std::string& line) {
      if (bad.size() == problems_before) out.ok.push_back(line);
    };
    const std::string at = m.path() + ":" + std::to_string(line) + " [" + name + "]";
    const ManifestSectionSpec* spec = manifest_spec(name);
    if (!spec) {
      const std::string near = closest(name, section_names);
      bad.push_back(at + " : section inconnue" + (near.empty() ? "" : " (vouliez-vous dire [" + near + "] ?)") +
                    " ; sections connues : " + list_of(section_names));
      continue;
    }
    // Keys: each must be known for this section; required ones present.
    std::vector<std::string> known;
    if (spec->has_file) known = manifest_file_keys();
    for (const auto& k : spec->keys) known.push_back(k.key);
    for (const auto& [k, v] : s.values) {
      if (std::find(known.begin(), known.end(), k) != known.end()) continue;
      const std::string near = closest(k, known);
      bad.push_back(m.path() + ":" + std::to_string(s.lines.at(k)) + " [" + name + "] : clé inconnue « " + k + " »" +
                    (near.empty() ? "" : " (vouliez-vous dire « " + near + " » ?)") + " ; clés possibles : " + list_of(known));
    }
    for (const auto& k : spec->keys)
      if (k.required && !s.get(k.key)) bad.push_back(at + " : la clé obligatoire « " + k.key + " » est absente");
    if (spec->name == "services.")
      if (auto kind = s.get("kind"); kind && !parse_service_kind(*kind))
        bad.push_back(at + " : type de service inconnu « " + *kind +
                      " » (utilisez france_services, france_travail, mission_locale, permanence ou mobile_stop)");

    if (name == "parameters") {
      auto number = [&](const char* k, double lo, double hi, const char* what) {
        if (auto v = s.get(k)) {
          auto p = parse_number(*v);
          if (!p || *p < lo || *p > hi) bad.push_back(at + " : " + k + " « " + *v + " » n’est pas " + what);
        }
      };
      number("rural_min_density", 1, 7, "un niveau de densité de 1 à 7");
      number("qpv_population_total", 1, 1e9, "un nombre positif d’habitants");
      number("neet_share", 1e-9, 1 - 1e-9, "une part entre 0 et 1 (12,8 % s’écrit 0.128)");
      if (auto v = s.get("basin_threshold"); v && *v != "regional") number("basin_threshold", 0, 100, "« regional » ni un taux en %");
      ok("[parameters] : " + std::to_string(s.values.size()) + " paramètre(s)");
      continue;
    }
    if (name == "roads") {
      std::vector<std::string> found;
      for (const auto& part : split(s.get_or("file", ""), ';')) {
        const std::string f = trim(part);
        if (f.empty()) continue;
        const std::string path = (fs::path(data_dir) / f).string();
        if (!fs::exists(path))
          bad.push_back(at + " : extrait OpenStreetMap introuvable : " + path + (s.get("url") ? " (téléchargez-le depuis " + *s.get("url") + ")" : ""));
        else
          found.push_back(f);
      }
      if (auto p = s.get("profiles"); p && !p->empty() && !fs::exists(fs::path(m.folder()) / *p))
        bad.push_back(at + " : fichier des profils introuvable : " + (fs::path(m.folder()) / *p).string() + " (relatif au dossier du manifeste)");
      if (auto v = s.get("margin_km"); v && (!parse_number(*v) || *parse_number(*v) < 0))
        bad.push_back(at + " : margin_km « " + *v + " » n’est pas un nombre positif ou nul");
      if (!found.empty()) ok("[roads] : " + list_of(found));
      continue;
    }

    // A file section: the file must exist, and its header hold every column the import needs.
    std::string path;
    if (auto pf = s.get("project_file")) path = (fs::path(m.folder()) / *pf).string();
    else if (auto f = s.get("file")) path = (fs::path(data_dir) / *f).string();
    else {
      bad.push_back(at + " : la section ne désigne aucun fichier (ajoutez « file = CHEMIN », relatif au dossier des données)");
      continue;
    }
    if (!fs::exists(path)) {
      bad.push_back(at + " : fichier introuvable : " + path +
                    (s.get("url") ? " ; téléchargez-le depuis " + *s.get("url") : std::string(" ; la section n’indique pas d’url")));
      continue;
    }
    std::vector<std::string> header;
    std::string layer;
    try {
      header = header_of(path, s, layer);
    } catch (const Error& e) {
      bad.push_back(at + " : " + path + " : " + e.what_text());
      continue;
    }
    const std::string found = " (colonnes trouvées : " + list_of(header) + ")";
    auto has = [&](const std::string& c) { return std::find(header.begin(), header.end(), c) != header.end(); };
    auto need = [&](const std::string& column, const std::string& because) {
      if (!has(column)) {
        const std::string near = closest(column, header);
        bad.push_back(at + " : " + because + " : la colonne « " + column + " » est absente de " + path +
                      (near.empty() ? "" : " (vouliez-vous dire « " + near + " » ?)") + found);
      }
    };
    for (const auto& k : spec->keys) {
      if (!k.column) continue;
      if (auto v = s.get(k.key)) need(*v, k.key);
      else if (k.column_needed && !k.default_value.empty()) need(k.default_value, k.key + " absent, colonne par défaut");
    }
    if (name == "age_structure")
      for (const auto& c : split(s.get_or("youth_columns", "ensemble_15_19;ensemble_20_24;ensemble_25_29"), ';'))
        if (!trim(c).empty()) need(trim(c), "youth_columns");
    if (spec->name == "services.")
      for (const auto& h : split(s.get_or("hours", ""), ';'))
        if (const auto eq = h.find('='); eq != std::string::npos) need(trim(h.substr(0, eq)), "hours");
    if (name == "unemployment") {
      static const std::regex q(R"((\d{4})-T([1-4]))");
      std::string latest;
      for (const auto& h : header)
        if (std::regex_match(h, q) && h > latest) latest = h;
      if (latest.empty())
        bad.push_back(at + " : aucune colonne de trimestre AAAA-TQ (par exemple 2023-T3) dans l’en-tête de " + path + found);
      else
        layer = "dernier trimestre " + latest;
    }
    if (name == "laureates")
      for (const char* c : {"id", "carrier", "project", "territory_text", "refs", "focus", "means", "bases", "resolution"})
        need(c, "catalogue des lauréats");
    ok("[" + name + "] : " + path + (layer.empty() ? "" : " (" + layer + ")") + ", " + std::to_string(header.size()) + " colonne(s)");
  }
  return out;
}

}  // namespace maraude::io
