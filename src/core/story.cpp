#include "core/story.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/error.h"
#include "core/region_text.h"
#include "core/text.h"

namespace maraude {

namespace {

std::string escape(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    if (c == '\\') o += "\\\\";
    else if (c == '\n') o += "\\n";
    else if (c == '\t') o += "\\t";
    else if (c == '\r') continue;
    else o += c;
  }
  return o;
}

std::string unescape(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char n = s[++i];
      o += n == 'n' ? '\n' : n == 't' ? '\t' : n;
    } else {
      o += s[i];
    }
  }
  return o;
}

std::pair<std::string, std::string> split_ref(const std::string& ref) {
  const auto c = ref.find(':');
  if (c == std::string::npos) return {ref, ""};
  return {ref.substr(0, c), ref.substr(c + 1)};
}

std::string fmt_pct(double v) { return format_fr(v, 1) + " %"; }

}  // namespace

const std::vector<std::string>& story_layer_keys() {
  static const std::vector<std::string> k = {"zones",    "basins",       "laureates", "gaps",     "routes", "qpv",
                                             "communes", "departements", "region",    "services", "labels"};
  return k;
}
bool is_story_layer(const std::string& key) {
  const auto& k = story_layer_keys();
  return std::find(k.begin(), k.end(), key) != k.end();
}
std::vector<std::string> default_story_layers() {
  return {"zones", "basins", "qpv", "departements", "region", "services"};
}

std::vector<ViewLayer> story_view_layers(const std::vector<ViewLayer>& base, const StoryView& v, bool scenario_missing) {
  std::vector<ViewLayer> out = base;
  auto in_base = [&](const std::string& k) {
    return std::any_of(base.begin(), base.end(), [&](const ViewLayer& l) { return l.key == k; });
  };
  // The named layers the stack has, in the view's order, without repeats.
  std::vector<std::string> want;
  for (const auto& k : v.layers)
    if (in_base(k) && std::find(want.begin(), want.end(), k) == want.end()) want.push_back(k);
  if (!v.layers.empty()) {
    for (auto& l : out) l.visible = std::find(want.begin(), want.end(), l.key) != want.end();
    // Their places in the stack, bottom first, filled again in the view's order.
    std::vector<size_t> slots;
    for (size_t i = 0; i < out.size(); ++i)
      if (std::find(want.begin(), want.end(), out[i].key) != want.end()) slots.push_back(i);
    std::vector<ViewLayer> moved;
    for (const auto& k : want)
      moved.push_back(*std::find_if(out.begin(), out.end(), [&](const ViewLayer& l) { return l.key == k; }));
    for (size_t i = 0; i < slots.size(); ++i) out[slots[i]] = moved[i];
  }
  for (auto& l : out) {
    auto it = v.opacity.find(l.key);
    if (it != v.opacity.end()) l.opacity = std::clamp(it->second, 0.0, 1.0);
    if (scenario_missing && l.key == "gaps") l.visible = false;
  }
  return out;
}

std::vector<ViewLayer> default_view_layers() {
  std::vector<ViewLayer> out;
  for (const auto& k : story_layer_keys()) out.push_back({k, true, k == "zones" ? 0.75 : 1.0});
  return out;
}

std::string story_to_text(const Story& s) {
  std::ostringstream o;
  o << "# maraude-story " << kStoryFormatVersion << "\n";
  o << "nom\t" << escape(s.name) << "\n";
  if (!s.description.empty()) o << "description\t" << escape(s.description) << "\n";
  for (const auto& v : s.views) {
    o << "\nvue\t" << escape(v.title) << "\n";
    o << "etendue\t" << escape(v.extent) << "\n";
    o << "couches\t" << escape(join(v.layers, ",")) << "\n";
    for (const auto& [k, op] : v.opacity) {
      std::ostringstream n;
      n.imbue(std::locale::classic());
      n << op;
      o << "opacite\t" << escape(k) << "\t" << n.str() << "\n";
    }
    if (!v.scenario.empty()) o << "scenario\t" << escape(v.scenario) << "\n";
    for (const auto& h : v.highlights) o << "surbrillance\t" << escape(h) << "\n";
    if (!v.notes.empty()) o << "note\t" << escape(v.notes) << "\n";
  }
  return o.str();
}

Story story_from_text(const std::string& text, const std::string& where) {
  Story s;
  std::istringstream in(text);
  std::string line;
  int ln = 0;
  bool header = false;
  StoryView* cur = nullptr;
  auto bad = [&](const std::string& what, const std::string& hint = {}) {
    return Error(ErrorKind::BadInput, what, where + ", ligne " + std::to_string(ln), hint);
  };
  // Text checks first (issue 15): a Latin-1 file or a binary one is refused, naming its line,
  // rather than stored as invalid UTF-8 or cut at its first NUL byte by the workspace.
  {
    size_t start = 0;
    for (int n = 1; start <= text.size(); ++n) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      const std::string_view l(text.data() + start, end - start);
      if (l.find('\0') != std::string_view::npos)
        throw Error(ErrorKind::BadInput, "caractère nul dans le récit", where + ", ligne " + std::to_string(n),
                    "ce fichier n’est pas un texte : exportez le récit avec « maraude story show »");
      if (!valid_utf8(l))
        throw Error(ErrorKind::BadInput, "le récit n’est pas en UTF-8 (Latin-1 / Windows-1252 ?)", where + ", ligne " + std::to_string(n),
                    "enregistrez le fichier en UTF-8 puis relancez");
      start = end + 1;
    }
  }
  while (std::getline(in, line)) {
    ++ln;
    // A carriage return is never content (the writer drops it too): Windows line ends, or a
    // stray CR inside a value, read the same as the file written back.
    line.erase(std::remove(line.begin(), line.end(), '\r'), line.end());
    if (!header) {
      const std::string t = trim(line);
      if (t.empty()) continue;
      if (!starts_with(t, "# maraude-story "))
        throw bad("en-tête « # maraude-story 1 » manquant", "ce document est-il bien un récit ?");
      const auto ver = parse_integer(trim(t.substr(16)));
      if (!ver || *ver < 1 || *ver > kStoryFormatVersion)
        throw bad("version de récit non prise en charge « " + t.substr(16) + " »",
                  "cette version de maraude lit la version " + std::to_string(kStoryFormatVersion) + " ; mettez maraude à jour");
      header = true;
      continue;
    }
    if (trim(line).empty() || line[0] == '#') continue;
    const auto f = split(line, '\t');
    const std::string& key = f[0];
    const std::string val = f.size() > 1 ? unescape(f[1]) : std::string();
    if (key == "nom") {
      s.name = val;
    } else if (key == "description") {
      s.description = val;
    } else if (key == "vue") {
      s.views.push_back(StoryView{});
      cur = &s.views.back();
      cur->title = val;
      cur->layers.clear();
    } else {
      if (!cur) throw bad("« " + key + " » avant la première ligne « vue »");
      if (key == "etendue") {
        cur->extent = val.empty() ? "region" : val;
      } else if (key == "couches") {
        cur->layers.clear();
        for (const auto& l : split(val, ','))
          if (!trim(l).empty()) cur->layers.push_back(trim(l));
      } else if (key == "opacite") {
        if (f.size() < 3) throw bad("« opacite » attend une couche et une valeur");
        const auto v = parse_number(trim(f[2]));
        if (!v || *v < 0 || *v > 1) throw bad("opacité illisible « " + f[2] + " »", "un nombre entre 0 et 1");
        cur->opacity[unescape(f[1])] = *v;
      } else if (key == "scenario") {
        cur->scenario = val;
      } else if (key == "surbrillance") {
        if (!val.empty()) cur->highlights.push_back(val);
      } else if (key == "note") {
        cur->notes = cur->notes.empty() ? val : cur->notes + "\n" + val;
      } else {
        throw bad("clé inconnue « " + key + " »",
                  "clés connues : nom, description, vue, etendue, couches, opacite, scenario, surbrillance, note");
      }
    }
  }
  if (!header) throw Error(ErrorKind::BadInput, "récit vide", where, "le document ne contient aucun récit");
  return s;
}

void move_view(Story& s, size_t from, size_t to) {
  if (from >= s.views.size() || to >= s.views.size())
    throw Error(ErrorKind::Usage, "vue hors limites", s.name,
                "le récit compte " + std::to_string(s.views.size()) + " vue(s), numérotées à partir de 1");
  StoryView v = std::move(s.views[from]);
  s.views.erase(s.views.begin() + static_cast<long>(from));
  s.views.insert(s.views.begin() + static_cast<long>(to), std::move(v));
}

void duplicate_view(Story& s, size_t i) {
  if (i >= s.views.size())
    throw Error(ErrorKind::Usage, "vue hors limites", s.name,
                "le récit compte " + std::to_string(s.views.size()) + " vue(s), numérotées à partir de 1");
  StoryView v = s.views[i];
  v.title += " (copie)";
  s.views.insert(s.views.begin() + static_cast<long>(i) + 1, std::move(v));
}

void remove_view(Story& s, size_t i) {
  if (i >= s.views.size())
    throw Error(ErrorKind::Usage, "vue hors limites", s.name,
                "le récit compte " + std::to_string(s.views.size()) + " vue(s), numérotées à partir de 1");
  s.views.erase(s.views.begin() + static_cast<long>(i));
}

BBox ref_bbox(const Workspace& ws, const std::string& ref) {
  const auto [kind, code] = split_ref(ref);
  BBox b;
  if (kind == "region") {
    b = ws.region.geom.empty() ? ws.extent() : bbox(ws.region.geom);
  } else if (kind == "departement") {
    for (const auto& d : ws.departements)
      if (d.code == code) b = bbox(d.geom);
    if (b.empty())
      for (const auto& c : ws.communes)
        if (c.departement == code) b.extend(bbox(c.geom));
  } else if (kind == "zone") {
    if (const auto* z = ws.zone(code)) b = bbox(z->geom);
  } else if (kind == "epci") {
    for (const auto& c : ws.communes)
      if (c.epci == code) b.extend(bbox(c.geom));
  } else if (kind == "commune") {
    if (const auto* c = ws.commune(code)) b = bbox(c->geom);
  } else if (kind == "qpv") {
    if (const auto* q = ws.qpv(code)) {
      if (q->has_perimeter && !q->perimeter.empty()) b = bbox(q->perimeter);
      else
        for (const auto& cc : q->communes)
          if (const auto* c = ws.commune(cc)) b.extend(bbox(c->geom));
    }
  } else if (kind == "service") {
    for (const auto& s : ws.services)
      if (s.id == code) b.extend(s.pos);
  } else if (kind == "laureate") {
    for (const auto& l : ws.laureates)
      if (l.id == code)
        for (const auto& cc : l.communes)
          if (const auto* c = ws.commune(cc)) b.extend(bbox(c->geom));
  }
  return b;
}

std::string ref_label(const Workspace& ws, const std::string& ref) {
  const auto [kind, code] = split_ref(ref);
  if (kind == "region") return ws.region.name.empty() ? "région" : ws.region.name;
  if (kind == "departement")
    for (const auto& d : ws.departements)
      if (d.code == code) return d.name + " (" + d.code + ")";
  if (kind == "zone")
    if (const auto* z = ws.zone(code)) return "zone d'emploi " + z->name;
  if (kind == "epci")
    for (const auto& c : ws.communes)
      if (c.epci == code) return c.epci_name;
  if (kind == "commune")
    if (const auto* c = ws.commune(code)) return c->name;
  if (kind == "qpv")
    if (const auto* q = ws.qpv(code)) {
      std::string l = "QPV " + q->name;
      if (!q->communes.empty())
        if (const auto* c = ws.commune(q->communes[0])) l += " (" + c->name + ")";
      return l;
    }
  if (kind == "service")
    for (const auto& s : ws.services)
      if (s.id == code) return s.name;
  if (kind == "laureate")
    for (const auto& l : ws.laureates)
      if (l.id == code) return l.carrier;
  return ref;
}

BBox resolve_extent(const Workspace& ws, const std::string& spec) {
  const std::string s = trim(spec);
  BBox b;
  if (s.empty() || s == "region") {
    b = ref_bbox(ws, "region");
  } else if (starts_with(s, "bbox:")) {
    const auto p = split(s.substr(5), ',');
    std::vector<double> v;
    for (const auto& x : p)
      if (auto n = parse_number(trim(x))) v.push_back(*n);
    if (v.size() != 4 || !(v[0] < v[2]) || !(v[1] < v[3]))
      throw Error(ErrorKind::Usage, "étendue illisible « " + s + " »", "étendue de la vue",
                  "bbox:minx,miny,maxx,maxy en mètres Lambert-93, min < max");
    return BBox{v[0], v[1], v[2], v[3]};
  } else if (s.find(':') == std::string::npos) {
    throw Error(ErrorKind::Usage, "étendue illisible « " + s + " »", "étendue de la vue",
                "region, departement:CODE, zone:CODE, epci:SIREN, commune:CODE, qpv:CODE, laureate:ID ou bbox:...");
  } else {
    b = ref_bbox(ws, s);
  }
  if (b.empty()) return b;
  // A margin of 4 % and a minimum extent of 3 km (a tiny commune or a point).
  const double m = std::max({b.width(), b.height(), 3000.0}) * 0.04;
  b = b.inflated(m);
  if (b.width() < 3000) b = BBox{b.center().x - 1500, b.miny, b.center().x + 1500, b.maxy};
  if (b.height() < 3000) b = BBox{b.minx, b.center().y - 1500, b.maxx, b.center().y + 1500};
  return b;
}

std::vector<std::string> view_problems(const StoryView& v, const Workspace& ws,
                                       const std::function<bool(const std::string&)>& scenario_exists) {
  std::vector<std::string> out;
  for (const auto& l : v.layers)
    if (!is_story_layer(l)) out.push_back("La couche « " + l + " » n'existe plus : elle n'est pas affichée.");
  if (!v.scenario.empty() && scenario_exists && !scenario_exists(v.scenario))
    out.push_back("Le scénario « " + v.scenario + " » n'existe plus : ses lacunes ne sont pas affichées.");
  for (const auto& h : v.highlights)
    if (ref_bbox(ws, h).empty())
      out.push_back("L'élément « " + h + " » est introuvable dans l'espace de travail : il n'est pas mis en évidence.");
  try {
    if (resolve_extent(ws, v.extent).empty())
      out.push_back("L'étendue « " + v.extent + " » est introuvable : la vue montre toute la région.");
  } catch (const Error&) {
    out.push_back("L'étendue « " + v.extent + " » est illisible : la vue montre toute la région.");
  }
  return out;
}

std::vector<const ZoneEmploi*> high_unemployment_zones(const Workspace& ws) {
  std::vector<const ZoneEmploi*> z;
  for (const auto& ze : ws.zones)
    if (ze.rate_latest > ws.rural_rule.threshold_rate) z.push_back(&ze);
  std::stable_sort(z.begin(), z.end(), [](auto* a, auto* b) {
    return a->rate_latest != b->rate_latest ? a->rate_latest > b->rate_latest : a->code < b->code;
  });
  return z;
}

Story starter_story(const Workspace& ws, const StarterOptions& opt) {
  Story s;
  s.name = starter_story_name(ws);
  const std::string region = region_name(ws);
  const std::string quarter = ws.rural_rule.quarter;
  s.description = "Récit généré automatiquement : vue d'ensemble, bassins à fort chômage, QPV des plus grandes "
                  "villes, plus grandes lacunes du scénario.";

  // 1. Overview.
  {
    StoryView v;
    v.title = region + " : vue d'ensemble";
    v.extent = "region";
    v.layers = default_story_layers();
    if (!opt.scenario.empty()) {
      v.scenario = opt.scenario;
      v.layers.insert(v.layers.begin() + 2, "gaps");
    }
    long long pop = 0;
    double y = 0;
    int basin = 0;
    for (const auto& c : ws.communes) {
      pop += c.population;
      y += c.pop_15_29;
      basin += c.in_rural_basin;
    }
    std::ostringstream n;
    n << format_thousands(static_cast<long long>(ws.communes.size())) << " communes, " << format_thousands(pop)
      << " habitants dont environ " << format_thousands(std::llround(y)) << " jeunes de 15 à 29 ans.\n"
      << ws.qpvs.size() << " " << qpv_label(ws) << " ; " << basin
      << " communes rurales dans les bassins dont le chômage dépasse " << fmt_pct(ws.rural_rule.threshold_rate)
      << " (taux régional " << fmt_pct(ws.rural_rule.regional_rate) << ", " << quarter << ").\n"
      << ws.services.size() << " services publics d'accueil (" << service_kinds_words(ws) << ").";
    v.notes = n.str();
    s.views.push_back(std::move(v));
  }

  // 2. Each high-unemployment zone.
  for (const ZoneEmploi* z : high_unemployment_zones(ws)) {
    StoryView v;
    v.title = "Bassin de " + z->name + " : chômage " + fmt_pct(z->rate_latest);
    v.extent = "zone:" + z->code;
    v.layers = {"zones", "basins", "qpv", "communes", "departements", "region", "services"};
    v.highlights = {"zone:" + z->code};
    int rural = 0, qpv = 0;
    double y = 0;
    for (const auto& c : ws.communes)
      if (c.zone_emploi == z->code && c.in_rural_basin) {
        ++rural;
        y += c.pop_15_29;
      }
    for (const auto& q : ws.qpvs)
      for (const auto& cc : q.communes)
        if (const auto* c = ws.commune(cc); c && c->zone_emploi == z->code) {
          ++qpv;
          break;
        }
    std::ostringstream n;
    n << "Taux de chômage localisé " << fmt_pct(z->rate_latest) << " (" << z->quarter_latest << ", INSEE)";
    if (!z->quarter_year_before.empty())
      n << ", contre " << fmt_pct(z->rate_year_before) << " un an plus tôt (" << z->quarter_year_before << ")";
    n << ".\n" << rural << " communes rurales du bassin, environ " << format_thousands(std::llround(y))
      << " jeunes de 15 à 29 ans ; " << qpv << " QPV.";
    v.notes = n.str();
    s.views.push_back(std::move(v));
  }

  // 3. The QPV of the largest cities.
  {
    std::map<std::string, std::vector<const Qpv*>> by_commune;
    for (const auto& q : ws.qpvs)
      if (!q.communes.empty()) by_commune[q.communes[0]].push_back(&q);
    std::vector<const Commune*> cities;
    for (const auto& [code, qs] : by_commune)
      if (const auto* c = ws.commune(code)) cities.push_back(c);
    std::stable_sort(cities.begin(), cities.end(), [](auto* a, auto* b) { return a->population > b->population; });
    if (static_cast<int>(cities.size()) > opt.largest_cities) cities.resize(static_cast<size_t>(opt.largest_cities));
    for (const Commune* c : cities) {
      StoryView v;
      const auto& qs = by_commune[c->code];
      v.title = c->name + " : " + std::to_string(qs.size()) + (qs.size() > 1 ? " quartiers prioritaires" : " quartier prioritaire");
      v.extent = "commune:" + c->code;
      v.layers = {"zones", "qpv", "communes", "departements", "services", "labels"};
      if (!opt.scenario.empty()) {
        v.scenario = opt.scenario;
        v.layers.insert(v.layers.begin() + 1, "gaps");
        v.opacity["zones"] = 0.6;
      }
      std::vector<std::string> names;
      long long qpop = 0;
      bool all_known = true;
      for (const Qpv* q : qs) {
        v.highlights.push_back("qpv:" + q->code);
        names.push_back(q->name);
        if (q->population >= 0) qpop += q->population;
        else all_known = false;
      }
      std::ostringstream n;
      n << c->name << " : " << format_thousands(c->population) << " habitants.\nQPV : " << join(names, ", ") << ".";
      if (qpop > 0) n << "\nPopulation des QPV" << (all_known ? "" : " (connue)") << " : " << format_thousands(qpop) << ".";
      v.notes = n.str();
      s.views.push_back(std::move(v));
    }
  }

  // 4. The biggest gaps of the scenario.
  if (!opt.gaps.empty()) {
    StoryView v;
    v.title = "Les plus grandes lacunes du scénario « " + opt.scenario + " »";
    v.scenario = opt.scenario;
    v.layers = {"zones", "gaps", "basins", "qpv", "departements", "region", "services", "labels"};
    BBox b;
    std::ostringstream n;
    int rank = 0;
    for (const auto& g : opt.gaps) {
      v.highlights.push_back(g.ref);
      b.extend(ref_bbox(ws, g.ref));
      n << (rank ? "\n" : "") << ++rank << ". " << g.label << " : environ "
        << format_thousands(static_cast<long long>(g.uncovered_neet + 0.5)) << " jeunes NEET non couverts";
      if (g.nearest_km >= 0) n << ", point le plus proche à " << format_fr(g.nearest_km, 1) << " km";
      n << ".";
    }
    if (!b.empty()) {
      std::ostringstream e;
      e.imbue(std::locale::classic());
      e.setf(std::ios::fixed);
      e.precision(0);
      e << "bbox:" << b.minx << "," << b.miny << "," << b.maxx << "," << b.maxy;
      v.extent = e.str();
    }
    v.notes = n.str();
    v.opacity["zones"] = 0.6;  // the gaps must stand out from the choropleth
    s.views.push_back(std::move(v));
  }
  return s;
}

}  // namespace maraude
