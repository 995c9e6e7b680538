#include "app/planner_controller.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "core/coverage/targets.h"
#include "core/error.h"
#include "core/text.h"
#include "core/travel.h"
#include "io/plan_setup.h"
#include "io/plan_store.h"
#include "io/scenario_store.h"

namespace maraude::app {

struct PlannerController::Job {
  PlannerSettings settings;
  std::optional<coverage::Scenario> scenario;
  std::map<std::string, std::pair<int, int>> pins, pins_before;
  std::unique_ptr<PlannerResult> previous;  // set: re-optimise this plan with the pins
  bool rebuild_costs = false;               // `previous` is a reopened plan: full costs first
};

PlannerController::PlannerController(std::shared_ptr<const Workspace> ws, std::string ws_path)
    : ws_(std::move(ws)), ws_path_(std::move(ws_path)) {}

PlannerController::~PlannerController() {
  stop_ = true;
  join();
}

void PlannerController::join() {
  if (th_.joinable()) th_.join();
}

std::string PlannerController::stage() const {
  std::lock_guard<std::mutex> l(m_);
  return stage_;
}

void PlannerController::request_stop() { stop_ = true; }

void PlannerController::launch(std::shared_ptr<Job> job) {
  stop_ = true;
  join();
  {
    std::lock_guard<std::mutex> l(m_);
    has_finished_ = false;  // what a superseded solve left behind is dropped
    finished_.reset();
  }
  stop_ = false;
  progress_ = 0;
  running_ = true;
  error.clear();
  th_ = std::thread([this, job] { run(job); });
}

void PlannerController::solve(const PlannerSettings& settings, std::optional<coverage::Scenario> scenario) {
  settings_ = settings;
  auto job = std::make_shared<Job>();
  job->settings = settings;
  job->scenario = std::move(scenario);
  job->pins = job->pins_before = pins_;
  launch(job);
}

void PlannerController::set_pins(Pins pins) {
  auto job = std::make_shared<Job>();
  job->settings = result_settings_;  // what the plan being re-optimised was made with
  job->pins_before = pins_;
  pins_ = std::move(pins);
  job->pins = pins_;
  job->previous = std::make_unique<PlannerResult>(*result_);
  job->rebuild_costs = partial_costs_;
  launch(job);
}

void PlannerController::pin(int stop, int team, int day) {
  if (!result_ || stop < 0 || static_cast<size_t>(stop) >= result_->input.stops.size()) return;
  const auto& st = result_->input.stops[static_cast<size_t>(stop)];
  Pins next = pins_;
  next[result_->places[static_cast<size_t>(st.place)].target] = {team, day};
  if (next == pins_) return;
  pin_history_.push(pins_);
  if (on_edit) on_edit();
  set_pins(std::move(next));
}

void PlannerController::unpin(int stop) {
  if (!result_ || stop < 0 || static_cast<size_t>(stop) >= result_->input.stops.size()) return;
  const auto& st = result_->input.stops[static_cast<size_t>(stop)];
  Pins next = pins_;
  if (!next.erase(result_->places[static_cast<size_t>(st.place)].target)) return;
  pin_history_.push(pins_);
  if (on_edit) on_edit();
  set_pins(std::move(next));
}

void PlannerController::undo() {
  if (!can_undo()) return;
  set_pins(pin_history_.undo(pins_));
}

void PlannerController::redo() {
  if (!can_redo()) return;
  set_pins(pin_history_.redo(pins_));
}

bool PlannerController::pinned(int stop, int* team, int* day) const {
  if (!result_ || stop < 0 || static_cast<size_t>(stop) >= result_->input.stops.size()) return false;
  const auto& st = result_->input.stops[static_cast<size_t>(stop)];
  if (st.pin_team < 0 || st.pin_day < 0) return false;
  if (team) *team = st.pin_team;
  if (day) *day = st.pin_day;
  return true;
}

bool PlannerController::find_visit(int stop, int* day_index, int* visit) const {
  if (!result_) return false;
  const auto& days = result_->plan.days;
  for (size_t d = 0; d < days.size(); ++d)
    for (size_t v = 0; v < days[d].visits.size(); ++v)
      if (days[d].visits[v].stop == stop) {
        if (day_index) *day_index = static_cast<int>(d);
        if (visit) *visit = static_cast<int>(v);
        return true;
      }
  return false;
}

bool PlannerController::poll() {
  std::unique_ptr<PlannerResult> r;
  std::string err;
  PlannerSettings settings;
  {
    std::lock_guard<std::mutex> l(m_);
    if (!has_finished_) return false;
    has_finished_ = false;
    r = std::move(finished_);
    settings = finished_settings_;
    err = std::move(finished_error_);
  }
  join();
  if (!err.empty()) {
    error = err;
    pins_ = failed_pins_;  // a refused pin is dropped
    return true;
  }
  if (r) {
    partial_costs_ = false;  // a new solve, or a re-optimisation that rebuilt them
    result_ = std::move(r);
    result_settings_ = std::move(settings);
    routes_dirty_ = true;
    ++generation_;
    if (selected_stop >= 0 && static_cast<size_t>(selected_stop) >= result_->input.stops.size()) selected_stop = -1;
  }
  return true;
}

void PlannerController::wait() {
  join();
  poll();
}

void PlannerController::run(std::shared_ptr<Job> job) {
  auto set_stage = [this](const std::string& s) {
    std::lock_guard<std::mutex> l(m_);
    stage_ = s;
  };
  std::unique_ptr<PlannerResult> out;
  std::string err;
  try {
    io::PlanRequest request = job->settings;
    request.pins = job->pins;
    io::PlanHooks hooks;
    hooks.stop = &stop_;
    hooks.stage = set_stage;
    hooks.progress = [this](float f) {
      progress_ = f;
      if (on_update) on_update();
    };
    hooks.cache = &engine_cache_;
    if (job->previous) {
      // Re-optimisation: same candidates and costs, new pins, from the current plan.
      out = std::move(job->previous);
      if (job->rebuild_costs && out->travel) {
        // A reopened plan keeps only the costs its files read: the search needs them all.
        set_stage("temps de trajet");
        std::vector<Vec2> pts;
        for (const auto& p : out->places) pts.push_back(p.pos);
        routing::build_costs(*out->travel, pts, out->input);
      }
      io::replan_with_pins(*out, job->pins, request, hooks);
      out->dtstamp.clear();  // a new plan: no longer the saved one's calendar stamp
    } else {
      out = std::make_unique<PlannerResult>(
          io::run_plan(*ws_, ws_path_, request, job->scenario ? &*job->scenario : nullptr, hooks));
    }
  } catch (const Error& e) {
    err = e.format();
    out.reset();
  } catch (const std::exception& e) {
    err = std::string("erreur interne : ") + e.what();
    out.reset();
  }
  {
    std::lock_guard<std::mutex> l(m_);
    finished_ = std::move(out);
    finished_settings_ = job->settings;
    finished_error_ = err;
    failed_pins_ = job->pins_before;
    has_finished_ = true;
    stage_.clear();
  }
  progress_ = 1.0f;
  running_ = false;
  if (on_update) on_update();
}

std::vector<std::string> PlannerController::export_plan(const std::string& dir) const {
  if (!result_) throw Error(ErrorKind::Usage, "aucun plan à exporter : lancez d’abord la planification", "Tournées");
  // A saved plan, unchanged since: the stored document, through `maraude plan export`'s function.
  if (!saved_name_.empty() && !plan_unsaved() && has_store())
    return io::export_saved_plan(io::load_plan(ws_path_, *ws_, saved_name_), dir);
  return io::write_plan_files(dir, *result_, result_settings_);
}

PlanExportStep export_plan_to(const PlannerController& c, const std::string& dir, bool overwrite, std::string& message) {
  namespace fs = std::filesystem;
  if (!c.result()) {
    message = "Aucun plan à exporter : lancez d’abord la planification.";
    return PlanExportStep::Failed;
  }
  if (dir.empty()) {
    message = "Indiquez le dossier où écrire les fichiers du plan.";
    return PlanExportStep::Failed;
  }
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    message = "« " + dir + " » est un fichier, pas un dossier : choisissez un dossier.";
    return PlanExportStep::Failed;
  }
  if (!overwrite && fs::is_directory(dir, ec) && !fs::is_empty(dir, ec)) {
    message = "Le dossier « " + dir + " » contient déjà des fichiers : les fichiers du plan du même nom seront remplacés.";
    return PlanExportStep::AskOverwrite;
  }
  try {
    const auto files = c.export_plan(dir);
    message = std::to_string(files.size()) + " fichiers écrits dans « " + dir +
              " » : plan.gpx, plan.geojson, plan.gpkg, planning.csv, planning.xlsx, planning.ics, roadbook.pdf, rapport.txt";
    return PlanExportStep::Written;
  } catch (const Error& e) {
    message = e.format();
  } catch (const std::exception& e) {
    message = std::string("Export impossible : ") + e.what();
  }
  return PlanExportStep::Failed;
}

std::vector<render::RouteDraw> PlannerController::route_draws() const {
  std::vector<render::RouteDraw> out;
  if (!result_) return out;
  const auto& in = result_->input;
  for (const auto& d : result_->plan.days) {
    if (d.visits.empty()) continue;
    render::RouteDraw r;
    r.color = render::route_color(d.day);  // one colour per day
    const Vec2 base = result_->places[static_cast<size_t>(in.teams[static_cast<size_t>(d.team)].base)].pos;
    const int base_place = in.teams[static_cast<size_t>(d.team)].base;
    std::vector<int> seq{base_place};
    for (const auto& v : d.visits) seq.push_back(in.stops[static_cast<size_t>(v.stop)].place);
    seq.push_back(base_place);
    for (int pl : seq) r.path.push_back(result_->places[static_cast<size_t>(pl)].pos);
    (void)base;
    if (!result_->legs.empty())
      for (size_t k = 0; k + 1 < seq.size(); ++k)
        r.legs.push_back(routing::leg_line(&result_->legs, seq[k], seq[k + 1], r.path[k], r.path[k + 1]));
    out.push_back(std::move(r));
  }
  return out;
}

int PlannerController::hit_stop(Vec2 world, double radius_m) const {
  if (!result_) return -1;
  int best = -1;
  double bd = radius_m;
  const auto& in = result_->input;
  for (size_t j = 0; j < in.stops.size(); ++j) {
    const Vec2 p = result_->places[static_cast<size_t>(in.stops[j].place)].pos;
    const double d = std::hypot(p.x - world.x, p.y - world.y);
    if (d <= bd) {
      bd = d;
      best = static_cast<int>(j);
    }
  }
  return best;
}

}  // namespace maraude::app
