// Saved plans in the window (see planner_saved.h), and the controller's save / reopen.
#include "app/planner_saved.h"

#include <cmath>
#include <cstdio>

#include "app/panel_rotation.h"
#include "app/planner_panels.h"
#include "core/error.h"
#include "core/text.h"
#include "io/document_store.h"

namespace maraude::app {

// ---- PlannerController: save and reopen ------------------------------------------------------

int PlannerController::save_plan(const std::string& name) {
  if (!result_) throw Error(ErrorKind::Usage, "aucun plan à enregistrer : lancez d’abord la planification", "Tournées");
  if (ws_path_.empty())
    throw Error(ErrorKind::Usage, "pas de fichier d’espace de travail : le plan ne peut pas y être enregistré", "Tournées");
  if (running()) throw Error(ErrorKind::Usage, "planification en cours : attendez la fin pour enregistrer", "Tournées");
  io::PlanRequest req = result_settings_;
  req.pins = pins_;
  // Every export of the saved plan carries the same ICS stamp: the save's.
  const std::string keep = result_->dtstamp;
  result_->dtstamp = io::ics_stamp_of(io::utc_now_iso());
  const std::int64_t base = name == saved_name_ ? saved_version_ : io::plan_version(ws_path_, name);
  try {
    const auto r = io::save_plan_checked(ws_path_, name, req, *result_, base);
    saved_revision_ = r.revision;
    saved_version_ = r.version;
  } catch (const io::DocumentConflict& c) {
    if (c.kept_as().empty()) {
      result_->dtstamp = keep;
      throw;
    }
    // Stored as a copy: this window goes on with it (later saves go there).
    saved_name_ = c.kept_as();
    saved_revision_ = 1;
    saved_version_ = io::plan_version(ws_path_, c.kept_as());
    saved_generation_ = generation_;
    throw;
  } catch (...) {
    result_->dtstamp = keep;
    throw;
  }
  saved_name_ = name;
  saved_generation_ = generation_;
  return saved_revision_;
}

void PlannerController::open_saved(const std::string& name) {
  if (ws_path_.empty()) throw Error(ErrorKind::Usage, "pas de fichier d’espace de travail", "Tournées");
  io::SavedPlan sp = io::load_plan(ws_path_, *ws_, name);  // throws with nothing changed
  stop_ = true;
  join();
  {
    std::lock_guard<std::mutex> l(m_);
    has_finished_ = false;
    finished_.reset();
    stage_.clear();
  }
  running_ = false;
  error.clear();
  result_ = std::make_unique<PlannerResult>(std::move(sp.result));
  result_settings_ = sp.request;
  settings_ = sp.request;
  pins_ = sp.request.pins;
  pin_history_.clear();
  partial_costs_ = true;
  routes_dirty_ = true;
  ++generation_;
  selected_stop = -1;
  saved_name_ = sp.name;
  saved_revision_ = sp.revision;
  saved_version_ = sp.version;
  saved_generation_ = generation_;
}

// ---- the panel's actions ----------------------------------------------------------------------

bool save_plan_as(PlannerController& c, SavedPlansState& st, const std::string& typed, bool english) {
  const std::string name = trim(typed);
  try {
    const int rev = c.save_plan(name);
    st.message = english ? "Plan saved as “" + name + "” (revision " + std::to_string(rev) + ")."
                         : "Plan enregistré sous « " + name + " » (révision " + std::to_string(rev) + ").";
    st.failed = false;
    st.stale = true;
    return true;
  } catch (const io::DocumentConflict& e) {
    // Saved meanwhile by someone else: theirs untouched, this plan stored as a copy (named).
    st.message = e.format();
    st.stale = true;
    if (!e.kept_as().empty()) std::snprintf(st.name, sizeof st.name, "%s", e.kept_as().c_str());
  } catch (const Error& e) {
    st.message = e.format();
  } catch (const std::exception& e) {
    st.message = std::string(english ? "Cannot save: " : "Enregistrement impossible : ") + e.what();
  }
  st.failed = true;
  return false;
}

bool open_saved_plan(const AppState& s, PlannerController& c, PlannerPanelState& ps, SavedPlansState& st,
                     const std::string& name) {
  try {
    c.open_saved(name);
  } catch (const Error& e) {
    st.message = e.format();
    st.failed = true;
    st.stale = true;
    return false;
  }
  // The panel's settings follow the reopened plan.
  const io::PlanRequest& R = c.result_settings();
  ps.settings = R;
  ps.settings.pins.clear();
  sync_rotation_panel(ps);  // the rotation controls (cycle, days, slots text) follow the plan
  ps.rules = panel_rule_fields(R.rules);  // the stop rules too (empty for a plan saved before them)
  if (!ps.rules.message.empty() || !R.rules.empty()) ps.rules.unfold = true;
  const PlannerResult* res = c.result();
  ps.base_label = res->places.front().label + (res->places.front().code.empty() ? "" : " (" + res->places.front().code + ")");
  std::snprintf(ps.base_query, sizeof ps.base_query, "%s", res->places.front().label.c_str());
  ps.territory = -1;
  if (const Workspace* ws = s.workspace(); ws && starts_with(R.territory, "laureate:"))
    for (size_t i = 0; i < ws->laureates.size(); ++i)
      if ("laureate:" + ws->laureates[i].id == R.territory) ps.territory = static_cast<int>(i);
  ps.own_reach = R.reach && R.reach->mode == coverage::ReachMode::Distance;
  if (ps.own_reach) ps.reach_km = static_cast<float>(R.reach->value / 1000);
  std::snprintf(ps.date_text, sizeof ps.date_text, "%s", R.date ? io::date_iso(*R.date).c_str() : "");
  ps.date_message.clear();
  std::snprintf(st.name, sizeof st.name, "%s", name.c_str());
  st.message = (s.style.english ? "Opened “" : "Plan « ") + name +
               (s.style.english ? "” (revision " : " » ouvert (révision ") + std::to_string(c.saved_revision()) + ").";
  st.failed = false;
  return true;
}

void refresh_saved_plans(const PlannerController& c, SavedPlansState& st) {
  if (!st.stale) return;
  st.stale = false;
  st.list.clear();
  if (!c.has_store()) return;
  try {
    st.list = io::list_plans(c.workspace_path());
  } catch (const Error& e) {
    st.message = e.format();
    st.failed = true;
  }
}

size_t add_tour_to_scenario(const PlannerController& c, CoverageController& cov, std::string& message, bool english) {
  const PlannerResult* r = c.result();
  if (!r || r->plan.visits == 0) {
    message = english ? "No served stop to add: plan the tours first." : "Aucun arrêt servi à ajouter : planifiez d’abord les tournées.";
    return 0;
  }
  if (!cov.ready()) {
    message = english ? "The coverage is still loading." : "La couverture est encore en chargement.";
    return 0;
  }
  const std::string plan_name = c.saved_name().empty() ? std::string("tournée") : c.saved_name();
  const size_t n = cov.add_points(io::plan_stop_points(*r, plan_name, cov.scenario()));
  message = english ? std::to_string(n) + " mobile-office stops added to scenario “" + cov.scenario().name + "” (Ctrl+Z undoes)."
                    : std::to_string(n) + " arrêts de bureau mobile ajoutés au scénario « " + cov.scenario().name +
                          " » (Ctrl+Z pour annuler).";
  return n;
}

std::string unsaved_plan_item(const PlannerController* c, bool english) {
  if (!c || !c->plan_unsaved()) return "";
  const std::string& n = c->saved_name();
  if (n.empty()) return english ? "tour plan not saved" : "plan de tournées non enregistré";
  return english ? "tour plan “" + n + "” modified" : "plan de tournées « " + n + " » modifié";
}

std::string save_unsaved_plan(PlannerController* c) {
  if (!c || !c->plan_unsaved()) return "";
  std::string name = c->saved_name();
  if (name.empty()) {
    name = "Tournées du " + io::utc_now_iso().substr(0, 16);
    name[name.size() - 6] = ' ';  // "2026-12-05 20:40"
  }
  try {
    c->save_plan(name);
  } catch (const Error& e) {
    return e.format();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace maraude::app
