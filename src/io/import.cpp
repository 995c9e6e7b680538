#include "io/import.h"

#include <algorithm>
#include <cstring>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "core/error.h"
#include "core/plausibility.h"
#include "core/projection.h"
#include "core/text.h"
#include "io/csv.h"
#include "io/road_store.h"
#include "io/vector_source.h"

namespace fs = std::filesystem;

namespace maraude::io {

namespace {

constexpr const char* kVersion = "maraude-import-1";

std::string list_some(const std::vector<std::string>& items, size_t max = 12) {
  std::string s;
  for (size_t i = 0; i < items.size() && i < max; ++i) s += (i ? ", " : "") + items[i];
  if (items.size() > max) s += ", … (+" + std::to_string(items.size() - max) + ")";
  return s;
}

bool is_csv(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
  return ext == ".csv" || ext == ".txt" || ext == ".tsv";
}

char delimiter_of(const ManifestSection& s) {
  const std::string d = s.get_or("delimiter", ",");
  if (d == "tab" || d == "\\t") return '\t';
  return d.empty() ? ',' : d[0];
}

// Rows of a CSV or vector attribute table seen the same way: text fields by column name.
struct Rows {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> where;  // "file:line" or "file, layer, feature"
  std::vector<Vec2> points;        // only for vector point layers
  std::vector<bool> has_point;

  size_t require(const std::string& name, const ManifestSection& s) const {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    throw Error(ErrorKind::BadInput, "le champ obligatoire « " + name + " » est absent (champs : " + join(header, ", ") + ")",
                path + " [" + s.name + "]", "renommez la colonne ou indiquez field.X = NOM dans la section [" + s.name + "] du manifeste");
  }
  std::optional<size_t> column(const std::string& name) const {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    return std::nullopt;
  }
};

Rows read_rows(const std::string& path, const ManifestSection& s, std::vector<std::string>& warnings, bool want_points) {
  Rows r;
  r.path = path;
  if (is_csv(path)) {
    CsvTable t = CsvTable::read(path, delimiter_of(s));
    if (t.rows().empty())
      throw Error(ErrorKind::BadInput, "la table est vide (un en-tête et aucune ligne)", path, "téléchargez de nouveau le fichier");
    r.header = t.header();
    for (const auto& row : t.rows()) {
      r.rows.push_back(row.fields);
      r.rows.back().resize(r.header.size());
      r.where.push_back(path + ":" + std::to_string(row.line));
    }
    r.has_point.assign(r.rows.size(), false);
    r.points.assign(r.rows.size(), {});
  } else {
    VectorTable t = read_vector(path, s.get_or("crs", ""), want_points ? GeomExpect::Points : GeomExpect::Any, warnings);
    r.header = t.fields;
    for (auto& f : t.features) {
      r.rows.push_back(f.values);
      r.where.push_back(t.where(f));
      r.points.push_back(f.point);
      r.has_point.push_back(f.has_geometry);
    }
  }
  return r;
}

// Commune lookups used to place services and resolve territories.
struct CommuneLookup {
  std::unordered_map<std::string, size_t> by_name;  // fold_words(name) → index (ambiguous names removed)
  std::unordered_map<std::string, std::vector<size_t>> by_postcode;
};

}  // namespace

std::string resolve_input(const Manifest& m, const ManifestSection& s, const std::string& data_dir) {
  std::string path;
  if (auto pf = s.get("project_file")) {
    path = (fs::path(m.folder()) / *pf).string();
  } else if (auto f = s.get("file")) {
    path = (fs::path(data_dir) / *f).string();
  } else {
    throw Error(ErrorKind::BadInput, "la section [" + s.name + "] ne désigne aucun fichier", m.path() + ":" + std::to_string(s.line),
                "ajoutez « file = CHEMIN » (relatif au dossier des données)");
  }
  if (!fs::exists(path)) {
    std::string hint = "téléchargez-le";
    if (auto url = s.get("url")) hint += " depuis " + *url;
    hint += " et enregistrez-le sous " + path + " (ou modifiez [" + s.name + "] dans le manifeste " + m.path() + ")";
    throw Error(ErrorKind::MissingFile, "fichier d’entrée de [" + s.name + "] introuvable", path, hint);
  }
  return path;
}

std::vector<std::string> input_files(const Manifest& m, const std::string& data_dir) {
  std::vector<std::string> out = {m.path()};
  std::vector<std::string> names = {"region", "departements", "communes", "density", "age_structure", "zones_emploi",
                                    "unemployment", "qpv_list", "qpv_perimeters", "laureates"};
  for (const auto* s : m.with_prefix("services.")) names.push_back(s->name);
  for (const auto& n : names)
    if (const ManifestSection* s = m.section(n)) try {
        out.push_back(resolve_input(m, *s, data_dir));
      } catch (const Error&) {
        // a missing input is reported by the import itself
      }
  return out;
}

std::string input_signature(const Manifest& m, const std::string& data_dir) {
  // FNV-1a 64 over the version, the manifest and each input's bytes.
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](const char* p, size_t n) {
    for (size_t i = 0; i < n; ++i) { h ^= static_cast<unsigned char>(p[i]); h *= 1099511628211ull; }
  };
  mix(kVersion, std::strlen(kVersion));
  mix(m.text().data(), m.text().size());
  std::vector<std::string> names = {"region", "departements", "communes", "density", "age_structure", "zones_emploi",
                                    "unemployment", "qpv_list", "qpv_perimeters", "laureates"};
  for (const auto* s : m.with_prefix("services.")) names.push_back(s->name);
  std::vector<char> buf(1 << 16);
  for (const auto& n : names) {
    const ManifestSection* s = m.section(n);
    if (!s) continue;
    std::string path;
    try { path = resolve_input(m, *s, data_dir); } catch (const Error&) { mix("missing", 7); continue; }
    std::ifstream f(path, std::ios::binary);
    while (f) {
      f.read(buf.data(), buf.size());
      mix(buf.data(), static_cast<size_t>(f.gcount()));
    }
  }
  // Road extracts can be large: their names, sizes and dates stand for their content.
  try {
    const std::string roads = roads_signature(m, data_dir);
    mix(roads.data(), roads.size());
  } catch (const Error&) {
    mix("missing", 7);
  }
  char out[32];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

std::vector<Laureate> parse_laureates(const CsvTable& t, const Workspace& ws, std::vector<std::string>& warn) {
  const std::string& path = t.path();
  const size_t cid = t.require("id"), ccar = t.require("carrier"), cproj = t.require("project"), cterr = t.require("territory_text"),
               crefs = t.require("refs"), cfocus = t.require("focus"), cmeans = t.require("means"), cbases = t.require("bases"),
               cres = t.require("resolution");
  std::vector<Laureate> out;
  std::set<std::string> qpv_communes;
  for (const auto& q : ws.qpvs) qpv_communes.insert(q.communes.begin(), q.communes.end());
  std::set<std::string> ids;
  for (const auto& row : t.rows()) {
    const std::string where = path + ":" + std::to_string(row.line);
    Laureate l;
    l.id = trim(t.get(row, cid));
    if (l.id.empty()) throw Error(ErrorKind::BadInput, "identifiant de lauréat vide", where);
    if (!ids.insert(l.id).second) throw Error(ErrorKind::BadInput, "identifiant de lauréat en double : " + l.id, where);
    l.carrier = t.get(row, ccar);
    l.project = t.get(row, cproj);
    l.territory_text = t.get(row, cterr);
    l.focus = trim(t.get(row, cfocus));
    if (l.focus.empty()) l.focus = "all";
    if (l.focus != "all" && l.focus != "qpv" && l.focus != "rural")
      throw Error(ErrorKind::BadInput, "focus « " + l.focus + " » n’est ni all, ni qpv, ni rural", where + ", champ focus");
    l.means = t.get(row, cmeans);
    l.resolution = t.get(row, cres);
    std::set<std::string> codes;
    for (const auto& raw : split(t.get(row, crefs), ';')) {
      std::string ref = trim(raw);
      if (ref.empty()) continue;
      TerritoryRef tr;
      const auto paren = ref.find(" (");
      if (paren != std::string::npos && ref.back() == ')') {
        tr.label = ref.substr(paren + 2, ref.size() - paren - 3);
        ref = trim(ref.substr(0, paren));
      }
      const auto colon = ref.find(':');
      if (colon == std::string::npos)
        throw Error(ErrorKind::BadInput, "la référence de territoire « " + ref + " » n’est pas de la forme type:code", where + ", champ refs",
                    "utilisez commune:, epci:, arrondissement:, zone_emploi: ou departement:");
      tr.kind = ref.substr(0, colon);
      tr.code = trim(ref.substr(colon + 1));
      size_t matched = 0;
      for (const auto& c : ws.communes) {
        const std::string* v = nullptr;
        if (tr.kind == "commune") v = &c.code;
        else if (tr.kind == "epci") v = &c.epci;
        else if (tr.kind == "arrondissement") v = &c.arrondissement;
        else if (tr.kind == "zone_emploi") v = &c.zone_emploi;
        else if (tr.kind == "departement") v = &c.departement;
        else
          throw Error(ErrorKind::BadInput, "type de territoire inconnu « " + tr.kind + " »", where + ", champ refs",
                      "utilisez commune, epci, arrondissement, zone_emploi ou departement");
        if (*v == tr.code) { codes.insert(c.code); ++matched; }
      }
      if (!matched) warn.push_back(where + " : lauréat " + l.id + " : la référence " + tr.kind + ":" + tr.code + " ne correspond à aucune commune");
      l.refs.push_back(tr);
    }
    for (const auto& code : codes) {
      const Commune* c = ws.commune(code);
      if (l.focus == "qpv" && !qpv_communes.count(code)) continue;
      if (l.focus == "rural" && !(c && c->rural)) continue;
      l.communes.push_back(code);
    }
    for (const auto& b : split(t.get(row, cbases), ';')) {
      const std::string code = trim(b);
      if (code.empty()) continue;
      if (!ws.commune(code)) warn.push_back(where + " : lauréat " + l.id + " : la base " + code + " n’est pas une commune de l’espace de travail");
      l.bases.push_back(code);
    }
    if (l.communes.empty()) warn.push_back(where + " : le lauréat " + l.id + " ne correspond à aucune commune");
    out.push_back(std::move(l));
  }
  if (out.empty())
    throw Error(ErrorKind::BadInput, "le catalogue des lauréats ne contient aucun lauréat (en-tête seul)", path,
                "le fichier est sans doute tronqué : reprenez-le du dépôt (data/geo/laureates.csv)");
  return out;
}

Workspace build_workspace(const Manifest& m, const std::string& data_dir, ImportReport& rep) {
  if (!fs::is_directory(data_dir))
    throw Error(ErrorKind::MissingFile, "dossier des données introuvable", data_dir,
                "indiquez --data DOSSIER (ou définissez MARAUDE_DATA) : le dossier qui contient les fichiers officiels ; README.md indique où les télécharger");
  Workspace ws;
  auto& warn = rep.warnings;

  // --- Region -------------------------------------------------------------
  {
    const auto& s = m.require("region");
    const std::string path = resolve_input(m, s, data_dir);
    VectorTable t = read_vector(path, s.get_or("crs", ""), GeomExpect::Polygons, warn);
    for (auto& f : t.features)
      for (auto& p : f.poly.polys) ws.region.geom.polys.push_back(std::move(p));
    ws.region.code = s.get_or("code", "");
    ws.region.name = s.get_or("name", "");
    if (ws.region.name.empty())
      if (auto c = t.column(s.field("name", "nom"))) ws.region.name = t.features[0].values[*c];
    if (ws.region.geom.empty()) throw Error(ErrorKind::BadInput, "le contour de la région ne contient aucun polygone", path);
    rep.steps.push_back("région : " + ws.region.name + " (" + std::to_string(t.features.size()) + " entité(s)), depuis " + path);
    ws.meta["source.region"] = path;
  }

  // --- Departements -------------------------------------------------------
  {
    const auto& s = m.require("departements");
    const std::string path = resolve_input(m, s, data_dir);
    VectorTable t = read_vector(path, s.get_or("crs", ""), GeomExpect::Polygons, warn);
    const size_t ccode = t.require(s.field("code", "code")), cname = t.require(s.field("name", "nom"));
    std::set<std::string> seen;
    for (auto& f : t.features) {
      Departement d{f.values[ccode], f.values[cname], std::move(f.poly)};
      if (d.code.empty()) throw Error(ErrorKind::BadInput, "code de département vide", t.where(f));
      if (!seen.insert(d.code).second)
        throw Error(ErrorKind::BadInput, "code de département en double : " + d.code, t.where(f), "chaque département ne doit figurer qu’une fois");
      ws.departements.push_back(std::move(d));
    }
    std::sort(ws.departements.begin(), ws.departements.end(), [](auto& a, auto& b) { return a.code < b.code; });
    rep.steps.push_back("départements : " + std::to_string(ws.departements.size()) + ", depuis " + path);
    ws.meta["source.departements"] = path;
  }

  // --- Communes -----------------------------------------------------------
  CommuneLookup lookup;
  {
    const auto& s = m.require("communes");
    const std::string path = resolve_input(m, s, data_dir);
    VectorTable t = read_vector(path, s.get_or("crs", ""), GeomExpect::Polygons, warn);
    const size_t ccode = t.require(s.field("code", "code"));
    const size_t cname = t.require(s.field("name", "nom"));
    const size_t cdep = t.require(s.field("departement", "departement"));
    const size_t cpop = t.require(s.field("population", "population"));
    auto opt = [&](const char* key) -> std::optional<size_t> {
      auto f = s.get(std::string("field.") + key);
      if (!f) return std::nullopt;
      return t.require(*f);  // named in the manifest → must exist
    };
    const auto carr = opt("arrondissement"), cepci = opt("epci"), cepcin = opt("epci_name"), cze = opt("zone_emploi"),
               cpostal = opt("postcodes");
    std::unordered_map<std::string, long long> fid_of_code;
    std::unordered_map<std::string, std::string> postcodes_of;
    std::vector<std::string> no_geom, no_pop;
    for (auto& f : t.features) {
      Commune c;
      c.code = trim(f.values[ccode]);
      if (c.code.empty()) throw Error(ErrorKind::BadInput, "code commune vide dans le champ « " + t.fields[ccode] + " »", t.where(f),
                                        "chaque commune doit avoir son code INSEE : complétez-le, ou vérifiez field.code dans le manifeste");
      if (auto [it, ok] = fid_of_code.emplace(c.code, f.fid); !ok)
        throw Error(ErrorKind::BadInput, "code commune en double : " + c.code + " (déjà l’entité " + std::to_string(it->second) + ")",
                    t.where(f), "chaque commune ne doit figurer qu’une fois : fusionnez les doublons ou utilisez le fichier du COG en vigueur");
      c.name = f.values[cname];
      c.departement = f.values[cdep];
      if (carr) c.arrondissement = f.values[*carr];
      if (cepci) c.epci = f.values[*cepci];
      if (cepcin) c.epci_name = f.values[*cepcin];
      if (cze) c.zone_emploi = f.values[*cze];
      const std::string& ptxt = f.values[cpop];
      if (trim(ptxt).empty()) {
        no_pop.push_back(c.code);
      } else if (auto p = parse_number(ptxt); p && *p >= 0 && *p < 1e8) {
        c.population = std::llround(*p);
      } else if (p) {
        throw Error(ErrorKind::BadInput, "la population « " + ptxt + " » de la commune " + c.code + " est invraisemblable" +
                                             (*p < 0 ? " (négative)" : " (plus de 100 millions)"),
                    t.where(f) + ", champ " + t.fields[cpop], "corrigez la valeur dans le fichier source");
      } else {
        throw Error(ErrorKind::BadInput, "la population « " + ptxt + " » de la commune " + c.code + " n’est pas un nombre",
                    t.where(f) + ", champ " + t.fields[cpop],
                    "corrigez la valeur dans le fichier source, ou vérifiez field.population dans le manifeste");
      }
      if (!f.has_geometry) { no_geom.push_back(c.code + " " + c.name); continue; }
      c.geom = std::move(f.poly);
      c.area_m2 = area(c.geom);
      c.anchor = point_on_surface(c.geom);
      if (cpostal) postcodes_of[c.code] = f.values[*cpostal];
      ws.communes.push_back(std::move(c));
    }
    if (!no_geom.empty())
      warn.push_back(path + ": " + std::to_string(no_geom.size()) + " commune(s) sans géométrie ignorée(s) : " + list_some(no_geom));
    if (!no_pop.empty())
      warn.push_back(path + ": " + std::to_string(no_pop.size()) + " commune(s) sans population (comptée(s) 0, signalée(s)) : " +
                     list_some(no_pop));
    std::sort(ws.communes.begin(), ws.communes.end(), [](auto& a, auto& b) { return a.code < b.code; });
    std::unordered_map<std::string, int> name_count;
    for (size_t i = 0; i < ws.communes.size(); ++i) name_count[fold_words(ws.communes[i].name)]++;
    for (size_t i = 0; i < ws.communes.size(); ++i) {
      const std::string k = fold_words(ws.communes[i].name);
      if (name_count[k] == 1) lookup.by_name[k] = i;
    }
    ws.build_indexes();
    for (size_t i = 0; i < ws.communes.size(); ++i)
      for (const auto& pc : split(postcodes_of[ws.communes[i].code], ' '))
        if (!trim(pc).empty()) lookup.by_postcode[trim(pc)].push_back(i);
    rep.steps.push_back("communes : " + std::to_string(ws.communes.size()) + ", depuis " + path);
    ws.meta["source.communes"] = path;
  }
  long long total_pop = 0;
  for (const auto& c : ws.communes) total_pop += c.population;

  // --- Density grid -------------------------------------------------------
  if (const auto* s = m.section("density")) {
    const std::string path = resolve_input(m, *s, data_dir);
    Rows r = read_rows(path, *s, warn, false);
    const size_t ccode = r.require(s->field("code", "insee_com"), *s), clvl = r.require(s->field("level", "niveau_densite"), *s);
    std::vector<std::string> unjoined, unknown;
    for (size_t i = 0; i < r.rows.size(); ++i) {
      auto it = ws.commune_by_code.find(trim(r.rows[i][ccode]));
      if (it == ws.commune_by_code.end()) { unjoined.push_back(r.rows[i][ccode]); continue; }
      const Density d = parse_density(r.rows[i][clvl]);
      if (d == Density::Unknown) { unknown.push_back(r.where[i] + " '" + r.rows[i][clvl] + "'"); continue; }
      ws.communes[it->second].density = d;
    }
    if (!unjoined.empty())
      warn.push_back(path + ": " + std::to_string(unjoined.size()) + " code(s) commune ne correspondant à aucune commune : " + list_some(unjoined));
    if (!unknown.empty())
      warn.push_back(path + ": " + std::to_string(unknown.size()) + " libellé(s) de densité inconnu(s) : " + list_some(unknown));
    std::vector<std::string> missing;
    for (const auto& c : ws.communes)
      if (c.density == Density::Unknown) missing.push_back(c.code);
    if (!missing.empty())
      warn.push_back(path + ": " + std::to_string(missing.size()) + " commune(s) sans niveau de densité (non rurale(s)) : " + list_some(missing));
    rep.steps.push_back("densité : " + std::to_string(r.rows.size()) + " lignes, depuis " + path);
    ws.meta["source.density"] = path;
  } else {
    warn.push_back("manifeste : pas de section [density] : aucune commune n’est classée rurale, donc aucun bassin rural");
  }
  const int min_density = static_cast<int>(parse_integer(m.section("parameters") ? m.section("parameters")->get_or("rural_min_density", "5") : "5").value_or(5));
  for (auto& c : ws.communes) c.rural = static_cast<int>(c.density) >= min_density;

  // --- Age structure: 15-29 share per department -------------------------
  if (const auto* s = m.section("age_structure")) {
    const std::string path = resolve_input(m, *s, data_dir);
    Rows r = read_rows(path, *s, warn, false);
    const size_t cyear = r.require(s->field("year", "annee"), *s), cdep = r.require(s->field("departement", "dep"), *s),
                 ctot = r.require(s->field("total", "ensemble_total"), *s);
    std::vector<size_t> cyouth;
    for (const auto& col : split(s->get_or("youth_columns", "ensemble_15_19;ensemble_20_24;ensemble_25_29"), ';'))
      cyouth.push_back(r.require(trim(col), *s));
    long long latest = 0;
    for (const auto& row : r.rows) latest = std::max(latest, parse_integer(row[cyear]).value_or(0));
    std::map<std::string, double> share;
    for (size_t i = 0; i < r.rows.size(); ++i) {
      const auto& row = r.rows[i];
      if (parse_integer(row[cyear]).value_or(0) != latest) continue;
      const auto tot = parse_number(row[ctot]);
      double y = 0;
      for (size_t c : cyouth) {
        auto v = parse_number(row[c]);
        if (!v) throw Error(ErrorKind::BadInput, "la valeur « " + row[c] + " » n’est pas un nombre", r.where[i] + ", champ " + r.header[c],
                            "corrigez la valeur dans le fichier source (un effectif, sans texte)");
        y += *v;
      }
      if (!tot || *tot <= 0)
        throw Error(ErrorKind::BadInput, "la population totale « " + row[ctot] + " » n’est pas un nombre positif", r.where[i],
                    "corrigez la valeur dans le fichier source, ou vérifiez field.total dans le manifeste");
      share[trim(row[cdep])] = y / *tot;
    }
    std::set<std::string> missing;
    for (auto& c : ws.communes) {
      auto it = share.find(c.departement);
      if (it == share.end()) { missing.insert(c.departement); continue; }
      c.pop_15_29 = c.population * it->second;
    }
    if (!missing.empty())
      warn.push_back(path + ": pas de structure par âge " + std::to_string(latest) + " pour le(s) département(s) " +
                     list_some(std::vector<std::string>(missing.begin(), missing.end())) + " : leur estimation des 15-29 ans vaut 0 (signalé)");
    ws.meta["youth.year"] = std::to_string(latest);
    ws.meta["youth.method"] = "population communale × part des 15-29 ans du département (estimations INSEE " + std::to_string(latest) + ")";
    for (const auto& d : ws.departements)
      if (share.count(d.code)) ws.meta["youth.share." + d.code] = format_fr(100 * share[d.code], 2);
    rep.steps.push_back("structure par âge : année " + std::to_string(latest) + ", depuis " + path);
    ws.meta["source.age_structure"] = path;
  }

  // --- Zones d'emploi and unemployment ------------------------------------
  {
    const auto& s = m.require("zones_emploi");
    const std::string path = resolve_input(m, s, data_dir);
    VectorTable t = read_vector(path, s.get_or("crs", ""), GeomExpect::Polygons, warn);
    const size_t ccode = t.require(s.field("code", "ZE2020")), cname = t.require(s.field("name", "LIBZE2020"));
    std::optional<size_t> cinter;
    if (auto f = s.get("field.interregional")) cinter = t.require(*f);
    std::set<std::string> seen;
    for (auto& f : t.features) {
      ZoneEmploi z;
      z.code = trim(f.values[ccode]);
      z.name = f.values[cname];
      if (!seen.insert(z.code).second)
        throw Error(ErrorKind::BadInput, "code de zone d’emploi en double : " + z.code, t.where(f), "chaque zone ne doit figurer qu’une fois");
      if (cinter) z.interregional = fold(f.values[*cinter]) == "oui";
      z.geom = std::move(f.poly);
      ws.zones.push_back(std::move(z));
    }
    std::sort(ws.zones.begin(), ws.zones.end(), [](auto& a, auto& b) { return a.code < b.code; });
    ws.build_indexes();
    rep.steps.push_back("zones d’emploi : " + std::to_string(ws.zones.size()) + ", depuis " + path);
    ws.meta["source.zones_emploi"] = path;
  }
  if (const auto* s = m.section("unemployment")) {
    const std::string path = resolve_input(m, *s, data_dir);
    Rows r = read_rows(path, *s, warn, false);
    const size_t ccode = r.require(s->field("code", "ZE2020"), *s);
    static const std::regex q(R"((\d{4})-T([1-4]))");
    std::string latest;
    for (const auto& h : r.header)
      if (std::regex_match(h, q) && h > latest) latest = h;
    if (latest.empty())
      throw Error(ErrorKind::BadInput, "aucune colonne de trimestre (AAAA-TQ, par exemple 2023-T3) dans l’en-tête", path + ":1",
                  "utilisez le tableau de l’INSEE « taux de chômage localisés par zone d’emploi » converti en CSV");
    const std::string before = std::to_string(std::stoi(latest.substr(0, 4)) - 1) + latest.substr(4);
    const size_t clatest = *r.column(latest);
    const auto cbefore = r.column(before);
    std::vector<std::string> unjoined_rates;
    std::set<std::string> rated;
    for (size_t i = 0; i < r.rows.size(); ++i) {
      auto it = ws.zone_by_code.find(trim(r.rows[i][ccode]));
      if (it == ws.zone_by_code.end()) continue;  // national table: other zones are expected
      ZoneEmploi& z = ws.zones[it->second];
      auto v = parse_number(r.rows[i][clatest]);
      if (!v)
        throw Error(ErrorKind::BadInput, "le taux « " + r.rows[i][clatest] + " » n’est pas un nombre", r.where[i] + ", champ " + latest,
                    "corrigez le taux (en %, virgule ou point décimal) dans le fichier source");
      z.rate_latest = *v;
      z.quarter_latest = latest;
      if (cbefore)
        if (auto b = parse_number(r.rows[i][*cbefore])) { z.rate_year_before = *b; z.quarter_year_before = before; }
      rated.insert(z.code);
    }
    std::vector<std::string> unrated;
    for (const auto& z : ws.zones)
      if (!rated.count(z.code)) unrated.push_back(z.code + " " + z.name);
    if (!unrated.empty())
      warn.push_back(path + ": " + std::to_string(unrated.size()) + " zone(s) sans taux de chômage : " + list_some(unrated));
    ws.meta["unemployment.quarter"] = latest;
    ws.meta["unemployment.source"] = "INSEE, taux de chômage localisés par zone d'emploi (CVS), " + latest;
    rep.steps.push_back("chômage : trimestre " + latest + " (et " + before + "), depuis " + path);
    ws.meta["source.unemployment"] = path;
  }
  {
    std::vector<std::string> unjoined;
    std::map<std::string, long long> zpop;
    for (const auto& c : ws.communes) {
      if (c.zone_emploi.empty()) continue;
      if (!ws.zone(c.zone_emploi)) unjoined.push_back(c.code + "→" + c.zone_emploi);
      zpop[c.zone_emploi] += c.population;
    }
    for (auto& z : ws.zones) z.population = zpop[z.code];
    if (!unjoined.empty())
      warn.push_back("communes: " + std::to_string(unjoined.size()) + " code(s) de zone d’emploi ne correspondant à aucune zone : " + list_some(unjoined));
  }

  // --- Rural basins ---------------------------------------------------------
  {
    double num = 0, den = 0;
    for (const auto& z : ws.zones)
      if (!z.quarter_latest.empty()) { num += z.rate_latest * z.population; den += z.population; }
    ws.rural_rule.regional_rate = den > 0 ? num / den : 0;
    ws.rural_rule.min_density = min_density;
    ws.rural_rule.quarter = ws.meta["unemployment.quarter"];
    const std::string th = m.section("parameters") ? m.section("parameters")->get_or("basin_threshold", "regional") : "regional";
    if (th == "regional") {
      ws.rural_rule.threshold_rate = ws.rural_rule.regional_rate;
    } else if (auto v = parse_number(th); v && *v >= 0 && *v <= 100) {
      ws.rural_rule.threshold_rate = *v;
    } else {
      throw Error(ErrorKind::BadInput, "basin_threshold « " + th + " » n’est ni « regional » ni un taux en %", m.path() + " [parameters]");
    }
    size_t n = 0;
    long long people = 0;
    for (auto& c : ws.communes) {
      const ZoneEmploi* z = ws.zone(c.zone_emploi);
      c.in_rural_basin = c.rural && z && !z->quarter_latest.empty() && z->rate_latest > ws.rural_rule.threshold_rate;
      if (c.in_rural_basin) { ++n; people += c.population; }
    }
    rep.steps.push_back("bassins ruraux : " + std::to_string(n) + " communes, " + format_thousands(people) +
                        " habitants (densité ≥ " + std::to_string(min_density) + ", taux de la zone > " +
                        format_fr(ws.rural_rule.threshold_rate, 2) + " %)");
  }

  // --- QPV ------------------------------------------------------------------
  {
    std::map<std::string, size_t> idx;
    auto get_qpv = [&](const std::string& code, const std::string& name) -> Qpv& {
      auto [it, ok] = idx.emplace(code, ws.qpvs.size());
      if (ok) { ws.qpvs.push_back({}); ws.qpvs.back().code = code; ws.qpvs.back().name = name; }
      return ws.qpvs[it->second];
    };
    std::vector<std::string> unjoined;
    const auto* sl = m.section("qpv_list");
    if (sl) {
      const std::string path = resolve_input(m, *sl, data_dir);
      Rows r = read_rows(path, *sl, warn, false);
      const size_t ccode = r.require(sl->field("code", "code_qp"), *sl), cname = r.require(sl->field("name", "lib_qp"), *sl),
                   ccom = r.require(sl->field("commune", "insee_com"), *sl);
      std::optional<size_t> cpop;
      if (auto f = sl->get("field.population")) cpop = r.require(*f, *sl);
      for (size_t i = 0; i < r.rows.size(); ++i) {
        const std::string code = trim(r.rows[i][ccode]);
        if (code.empty()) throw Error(ErrorKind::BadInput, "code QPV vide", r.where[i] + ", champ " + r.header[ccode]);
        Qpv& q = get_qpv(code, r.rows[i][cname]);
        const std::string com = trim(r.rows[i][ccom]);
        if (!ws.commune(com)) unjoined.push_back(code + "→" + com);
        if (std::find(q.communes.begin(), q.communes.end(), com) == q.communes.end()) q.communes.push_back(com);
        if (cpop) if (auto p = parse_number(r.rows[i][*cpop])) q.population = std::llround(*p);
      }
      rep.steps.push_back("liste des QPV : " + std::to_string(ws.qpvs.size()) + " QPV, depuis " + path);
      ws.meta["source.qpv_list"] = path;
    }
    if (const auto* sp = m.section("qpv_perimeters")) {
      const std::string path = resolve_input(m, *sp, data_dir);
      VectorTable t = read_vector(path, sp->get_or("crs", ""), GeomExpect::Polygons, warn);
      const size_t ccode = t.require(sp->field("code", "code_qp"));
      const auto cname = t.column(sp->field("name", "lib_qp"));
      const auto ccom = t.column(sp->field("commune", "insee_com"));
      std::optional<size_t> cpop;
      if (auto f = sp->get("field.population")) cpop = t.require(*f);
      std::vector<std::string> orphan;
      size_t joined = 0;
      for (auto& f : t.features) {
        const std::string code = trim(f.values[ccode]);
        if (sl && !idx.count(code)) { orphan.push_back(code); continue; }
        Qpv& q = get_qpv(code, cname ? f.values[*cname] : code);
        if (!sl && ccom) {
          const std::string com = trim(f.values[*ccom]);
          if (!com.empty() && std::find(q.communes.begin(), q.communes.end(), com) == q.communes.end()) {
            q.communes.push_back(com);
            if (!ws.commune(com)) unjoined.push_back(code + "→" + com);
          }
        }
        if (cpop) if (auto p = parse_number(f.values[*cpop])) q.population = std::llround(*p);
        for (auto& p : f.poly.polys) q.perimeter.polys.push_back(std::move(p));
        q.has_perimeter = !q.perimeter.empty();
        ++joined;
      }
      if (!orphan.empty())
        warn.push_back(path + ": " + std::to_string(orphan.size()) + " périmètre(s) ne correspondant à aucun QPV de la liste : " + list_some(orphan));
      rep.steps.push_back("périmètres des QPV : " + std::to_string(joined) + " rattachés, depuis " + path);
      ws.meta["source.qpv_perimeters"] = path;
    }
    // QPV population: when the files give none, apportion a published regional total
    // (parameters qpv_population_total / qpv_population_source) to the QPV by the
    // population of their communes, each commune's share split evenly among its QPV.
    const ManifestSection* params = m.section("parameters");
    if (params && params->get("qpv_population_total")) {
      const auto total = parse_number(*params->get("qpv_population_total"));
      if (!total || *total <= 0)
        throw Error(ErrorKind::BadInput, "qpv_population_total « " + *params->get("qpv_population_total") + " » n’est pas un nombre positif",
                    m.path() + " [parameters]", "donnez la population totale des QPV publiée (un entier), ou retirez la clé");
      std::map<std::string, int> qpv_per_commune;
      double known = 0;
      for (const auto& q : ws.qpvs) {
        if (q.population >= 0) known += q.population;
        for (const auto& c : q.communes) qpv_per_commune[c]++;
      }
      std::vector<double> w(ws.qpvs.size(), 0);
      double wsum = 0;
      for (size_t i = 0; i < ws.qpvs.size(); ++i) {
        if (ws.qpvs[i].population >= 0) continue;
        for (const auto& code : ws.qpvs[i].communes)
          if (const Commune* c = ws.commune(code)) w[i] += static_cast<double>(c->population) / qpv_per_commune[code];
        wsum += w[i];
      }
      const double rest = *total - known;
      size_t n = 0;
      if (rest > 0 && wsum > 0)
        for (size_t i = 0; i < ws.qpvs.size(); ++i)
          if (ws.qpvs[i].population < 0 && w[i] > 0) {
            ws.qpvs[i].population = std::llround(rest * w[i] / wsum);
            ws.qpvs[i].population_estimated = true;
            ++n;
          }
      const std::string src = params->get_or("qpv_population_source", "regional total");
      ws.meta["qpv.population_method"] = "population des QPV estimée : total régional " + format_thousands(std::llround(*total)) + " (" + src +
                                         ") réparti au prorata de la population de leurs communes";
      rep.steps.push_back("population des QPV : " + std::to_string(n) + " QPV estimés à partir du total régional " +
                          format_thousands(std::llround(*total)) + " (" + src + ")");
    }
    if (!sl && !m.section("qpv_perimeters")) warn.push_back("manifeste : ni [qpv_list] ni [qpv_perimeters] : l’espace de travail n’a aucun QPV");
    if (!unjoined.empty())
      warn.push_back("qpv: " + std::to_string(unjoined.size()) + " code(s) commune de QPV ne correspondant à aucune commune : " + list_some(unjoined));
    std::sort(ws.qpvs.begin(), ws.qpvs.end(), [](auto& a, auto& b) { return a.code < b.code; });
    ws.build_indexes();
  }

  // --- Services ---------------------------------------------------------------
  {
    const BBox region_box = bbox(ws.region.geom).inflated(2000);
    for (const auto* s : m.with_prefix("services.")) {
      const std::string path = resolve_input(m, *s, data_dir);
      const auto kind = parse_service_kind(s->get_or("kind", ""));
      if (!kind)
        throw Error(ErrorKind::BadInput, "type de service inconnu « " + s->get_or("kind", "") + " »", m.path() + " [" + s->name + "]",
                    "utilisez france_services, france_travail, mission_locale, permanence ou mobile_stop");
      Rows r = read_rows(path, *s, warn, true);
      auto opt = [&](const char* key) -> std::optional<size_t> {
        auto f = s->get(std::string("field.") + key);
        if (!f) return std::nullopt;
        return r.require(*f, *s);
      };
      const auto cid = opt("id"), cname = opt("name"), caddr = opt("address"), ccom = opt("commune"), ccomname = opt("commune_name"),
                 cpost = opt("postcode"), clat = opt("lat"), clon = opt("lon"), cfmt = opt("format");
      if (!cname) throw Error(ErrorKind::BadInput, "la section n’indique pas field.name", m.path() + " [" + s->name + "]");
      std::vector<std::string> bus_values;
      for (const auto& v : split(s->get_or("bus_values", ""), ';')) if (!trim(v).empty()) bus_values.push_back(fold(trim(v)));
      std::vector<std::pair<size_t, std::string>> hours;
      for (const auto& h : split(s->get_or("hours", ""), ';')) {
        const auto eq = h.find('=');
        if (eq == std::string::npos) continue;
        hours.emplace_back(r.require(trim(h.substr(0, eq)), *s), trim(h.substr(eq + 1)));
      }
      size_t n = 0, relocated = 0, bus = 0;
      std::vector<std::string> skipped;
      std::set<std::string> ids;
      for (size_t i = 0; i < r.rows.size(); ++i) {
        const auto& row = r.rows[i];
        Service sv;
        sv.kind = *kind;
        sv.source = s->name.substr(9);
        const std::string local_id = cid ? trim(row[*cid]) : std::to_string(i + 1);
        sv.id = sv.source + ":" + local_id;
        if (!ids.insert(sv.id).second) {
          warn.push_back(r.where[i] + " : identifiant en double " + local_id + " (ligne gardée avec un suffixe)");
          sv.id += "#" + std::to_string(i + 1);
        }
        sv.name = trim(row[*cname]);
        if (caddr) sv.address = trim(row[*caddr]);
        if (cfmt && std::find(bus_values.begin(), bus_values.end(), fold(trim(row[*cfmt]))) != bus_values.end()) {
          sv.kind = ServiceKind::FranceServicesBus;
          ++bus;
        }
        for (const auto& [col, label] : hours)
          if (!trim(row[col]).empty()) sv.hours += (sv.hours.empty() ? "" : "; ") + label + " " + trim(row[col]);
        // Commune: INSEE code, else name (+ postcode).
        const Commune* com = nullptr;
        if (ccom) com = ws.commune(trim(row[*ccom]));
        if (!com && ccomname) {
          auto it = lookup.by_name.find(fold_words(row[*ccomname]));
          if (it != lookup.by_name.end()) com = &ws.communes[it->second];
        }
        if (!com && cpost) {  // postcode → the most populated commune using it
          auto it = lookup.by_postcode.find(trim(row[*cpost]));
          if (it != lookup.by_postcode.end())
            for (size_t k : it->second)
              if (!com || ws.communes[k].population > com->population) com = &ws.communes[k];
        }
        if (com) sv.commune = com->code;
        // Position: coordinates when present and inside the region, else the commune's anchor.
        bool placed = false;
        std::string why;
        if (r.has_point[i]) {
          sv.pos = r.points[i];
          placed = true;
        } else if (clat && clon) {
          const auto lat = parse_number(row[*clat]), lon = parse_number(row[*clon]);
          if (lat && lon && *lat >= -90 && *lat <= 90 && *lon >= -180 && *lon <= 180) {
            sv.pos = lonlat_to_l93(*lon, *lat);
            placed = std::isfinite(sv.pos.x);
          } else {
            why = "les coordonnées « " + row[*clat] + " », « " + row[*clon] + " » ne sont pas une latitude/longitude valide";
          }
        }
        const bool inside = region_box.contains(sv.pos) && contains(ws.region.geom, sv.pos);
        // A point just off the generalized coastline is fine when it lies near its own commune.
        const bool near_own_commune = com && bbox(com->geom).inflated(2000).contains(sv.pos);
        if (placed && !inside && !near_own_commune) {
          placed = false;
          why = "le point est hors de la région";
        }
        if (!placed && com) {
          sv.pos = com->anchor;
          sv.located_at_commune = true;
          if (!why.empty()) {
            warn.push_back(r.where[i] + ": " + sv.name + ": " + why + " ; placé au centre de sa commune " + com->code + " " + com->name);
            ++relocated;
          }
          placed = true;
        }
        if (!placed) {
          skipped.push_back(r.where[i] + " " + sv.name + (why.empty() ? " (ni coordonnées ni commune connue)" : " (" + why + ", commune inconnue)"));
          continue;
        }
        ws.services.push_back(std::move(sv));
        ++n;
      }
      if (!skipped.empty())
        warn.push_back(path + ": " + std::to_string(skipped.size()) + " ligne(s) impossible(s) à placer, ignorée(s) : " + list_some(skipped, 5));
      rep.steps.push_back("services [" + s->name + "]: " + std::to_string(n) + " (" + std::to_string(bus) + " mobile(s), " +
                          std::to_string(relocated) + " replacé(s)), depuis " + path);
      ws.meta["source." + s->name] = path;
    }
  }

  // --- Laureates ----------------------------------------------------------------
  if (const auto* s = m.section("laureates")) {
    const std::string path = resolve_input(m, *s, data_dir);
    ws.laureates = parse_laureates(CsvTable::read(path), ws, warn);
    rep.steps.push_back("lauréats : " + std::to_string(ws.laureates.size()) + ", depuis " + path);
    ws.meta["source.laureates"] = path;
  }

  // Region-specific parameters stated in every output (defaults: core/region_text.h).
  if (const ManifestSection* params = m.section("parameters")) {
    if (auto v = params->get("neet_share")) {
      auto p = parse_number(*v);
      if (!p || *p <= 0 || *p >= 1)
        throw Error(ErrorKind::BadInput, "neet_share « " + *v + " » n’est pas une part entre 0 et 1", m.path() + " [parameters]",
                    "12,8 % s’écrit neet_share = 0.128");
      ws.meta["neet.share"] = std::to_string(*p);
    }
    if (auto v = params->get("neet_source"); v && !trim(*v).empty()) ws.meta["neet.source"] = trim(*v);
    if (auto v = params->get("qpv_vintage"); v && !trim(*v).empty()) ws.meta["qpv.vintage"] = trim(*v);
  }
  ws.meta["region.code"] = ws.region.code;
  ws.meta["region.name"] = ws.region.name;
  ws.meta["crs"] = "EPSG:2154";
  ws.meta["manifest"] = m.path();
  ws.meta["rural.regional_rate"] = format_fr(ws.rural_rule.regional_rate, 2);
  ws.meta["rural.threshold_rate"] = format_fr(ws.rural_rule.threshold_rate, 2);
  ws.meta["rural.min_density"] = std::to_string(ws.rural_rule.min_density);
  ws.meta["population.total"] = std::to_string(total_pop);
  ws.build_indexes();
  // The same plausibility the workspace must pass when opened (core/plausibility.h): refused
  // here, before anything is written, rather than at every later command.
  if (const std::string why = workspace_problem(ws); !why.empty())
    throw Error(ErrorKind::BadInput, why, "import (" + ws.meta["source.communes"] + ")",
                "corrigez le fichier source de cette entité (un sommet aberrant, ou un CRS faux) puis relancez l'import");
  return ws;
}

}  // namespace maraude::io
