#include "io/left_out.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "core/text.h"
#include "io/roads_export.h"

namespace maraude::io {

namespace {

std::string code_of(const PlanPlace& p) {
  // A QPV: its code (after "qpv:"); a commune: its INSEE code.
  if (p.target.rfind("qpv:", 0) == 0) return p.target.substr(4);
  return p.code;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

}  // namespace

std::vector<LeftOutEntry> left_out_entries(const PlanResult& res, const PlanRequest& R) {
  std::vector<LeftOutEntry> out;
  for (const auto& ex : res.rules.excluded) {
    LeftOutEntry e;
    e.code = ex.code;
    e.name = ex.name;
    e.reason = ex.reason;
    e.detail = ex.detail;
    e.value = ex.value;
    e.by_rule = true;
    out.push_back(std::move(e));
  }
  const auto& in = res.input;
  const double lunch_s = R.lunch ? R.lunch_s : 0;
  for (const auto& lo : res.plan.left_out) {
    const auto& st = in.stops[static_cast<size_t>(lo.stop)];
    const PlanPlace& pl = res.places[static_cast<size_t>(st.place)];
    std::string why = lo.explanation;
    if (lo.reason == routing::LeftOutReason::TimeWindowUnreachable && st.open_s <= 0 && !std::isfinite(st.close_s)) {
      // No window of its own: the stop is simply too far for the working day's shape.
      const double go = in.time_s[static_cast<size_t>(st.place)], back = in.time_s[static_cast<size_t>(st.place) * in.n_places];
      why = "À " + format_fr(go / 60, 0) + " min de la base (retour " + format_fr(back / 60, 0) + " min) : la visite de " +
            format_fr(st.service_s / 60, 0) + " min" +
            (lunch_s > 0 ? ", la pause de " + format_fr(lunch_s / 60, 0) + " min (entre " + hhmm(R.lunch_open_s) + " et " +
                               hhmm(R.lunch_close_s) + ")"
                         : std::string()) +
            " et les trajets ne tiennent pas entre " + hhmm(R.day_start_s) + " et " + hhmm(R.day_end_s) +
            ". Essayez une base plus proche, une visite plus courte (--service) ou une autre pause (--lunch).";
    }
    if (lo.can_force)
      why += (why.empty() ? "" : " ") + std::string("Le forcer coûterait ") + format_fr(lo.force_value_loss, 1) + " NEET et " +
             (lo.force_extra_m >= 0 ? "+" : "") + format_fr(lo.force_extra_m / 1000, 1) + " km.";
    LeftOutEntry e;
    e.code = code_of(pl);
    e.name = pl.label;
    e.reason = lo.label;
    e.detail = why;
    e.value = st.value;
    e.stop = lo.stop;
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<ReasonCount> count_reasons(const std::vector<LeftOutEntry>& entries) {
  std::vector<ReasonCount> out;
  std::map<std::string, size_t> at;
  for (const auto& e : entries) {
    auto it = at.find(e.reason);
    if (it == at.end()) {
      it = at.emplace(e.reason, out.size()).first;
      out.push_back({e.reason, 0, 0, e.by_rule});
    }
    ++out[it->second].count;
    out[it->second].value += e.value;
  }
  std::stable_sort(out.begin(), out.end(), [](const ReasonCount& a, const ReasonCount& b) {
    return a.count != b.count ? a.count > b.count : a.value > b.value;
  });
  return out;
}

std::vector<LeftOutEntry> top_losses(const std::vector<LeftOutEntry>& entries, size_t n) {
  std::vector<LeftOutEntry> v = entries;
  std::stable_sort(v.begin(), v.end(), [](const LeftOutEntry& a, const LeftOutEntry& b) { return a.value > b.value; });
  if (v.size() > n) v.resize(n);
  return v;
}

std::string rules_report(const PlanResult& res) {
  const RuleOutcome& ro = res.rules;
  std::ostringstream r;
  if (!ro.summary.empty()) {
    r << "Règles des arrêts : " << join(ro.summary, " ; ") << "\n";
    r << "  " << ro.before << " candidats avant les règles, " << ro.excluded.size() << " écartés par elles, " << res.candidates
      << " proposés au planificateur\n";
  }
  for (const auto& n : ro.notes) r << "  Note : " << n << "\n";
  if (!ro.conflicts.empty()) {
    r << "Conflits entre règles et arrêts obligatoires (" << ro.conflicts.size() << ") :\n";
    for (const auto& c : ro.conflicts) r << "  - " << c << "\n";
  }
  return r.str();
}

std::string left_out_report(const PlanResult& res, const PlanRequest& R) {
  const auto entries = left_out_entries(res, R);
  if (entries.empty()) return {};
  double value = 0;
  for (const auto& e : entries) value += e.value;
  std::ostringstream r;
  r << "\nCandidats écartés (" << entries.size() << ", " << format_fr(value, 1) << " NEET estimés";
  if (!res.rules.excluded.empty())
    r << " ; " << res.rules.excluded.size() << " par les règles, " << res.plan.left_out.size() << " par le planificateur";
  r << ") :\n";
  for (const auto& c : count_reasons(entries))
    r << "  " << c.count << " — " << c.reason << " (" << format_fr(c.value, 1) << " NEET" << (c.by_rule ? ", règle" : "") << ")\n";
  const auto top = top_losses(entries, 10);
  r << "Les " << top.size() << " plus grandes pertes :\n";
  for (const auto& e : top)
    r << "  - " << e.name << " (" << e.code << ", " << format_fr(e.value, 1) << " NEET) : " << e.reason << ". " << e.detail << "\n";
  r << "Liste complète : exclus.csv\n";
  return r.str();
}

std::string write_left_out_csv(const std::string& dir, const PlanResult& res, const PlanRequest& R) {
  std::ostringstream c;
  c << "code,nom,raison,valeur_neet,detail\n";
  char v[32];
  for (const auto& e : left_out_entries(res, R)) {
    std::snprintf(v, sizeof v, "%.2f", e.value);
    c << csv_field(e.code) << ',' << csv_field(e.name) << ',' << csv_field(e.reason) << ',' << v << ',' << csv_field(e.detail)
      << '\n';
  }
  const std::string path = (std::filesystem::path(dir) / "exclus.csv").string();
  write_text_atomic(path, c.str());
  return path;
}

}  // namespace maraude::io
