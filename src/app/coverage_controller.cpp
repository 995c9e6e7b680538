#include "app/coverage_controller.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <map>

#include "core/coverage/engine.h"
#include "core/coverage/scenario.h"
#include "core/coverage/targets.h"
#include "core/error.h"
#include "core/text.h"
#include <ctime>

#include "io/document_store.h"
#include "io/scenario_store.h"

namespace maraude::app {

using namespace maraude::coverage;

// What the starter thread and the worker jobs hand to the UI thread.
struct CoverageController::Pending {
  std::mutex mu;
  std::condition_variable cv;
  bool start_done = false;
  std::unique_ptr<CoverageEngine> engine;  // from the starter
  std::unique_ptr<CoverageEngine> shapes;  // same travel model, no targets
  std::string start_error;
  std::optional<CoverageFrame> frame;       // updates made by jobs, merged in order
  std::optional<MultiPolygon> covered;
  std::optional<std::vector<std::pair<std::string, std::string>>> parameters;
  std::function<void()> notify;  // wakes the UI (set by the controller; may be empty)
};

namespace {

// Merges `newer` into `into`, per target (the newer gap and result win).
void merge(std::optional<CoverageFrame>& into, CoverageFrame&& newer) {
  if (!into) {
    into = std::move(newer);
    return;
  }
  std::map<size_t, std::pair<MultiPolygon, TargetResult>> m;
  for (size_t i = 0; i < into->changed.size(); ++i) m[into->changed[i]] = {std::move(into->gaps[i]), into->results[i]};
  for (size_t i = 0; i < newer.changed.size(); ++i) m[newer.changed[i]] = {std::move(newer.gaps[i]), newer.results[i]};
  into->changed.clear();
  into->gaps.clear();
  into->results.clear();
  for (auto& [t, v] : m) {
    into->changed.push_back(t);
    into->gaps.push_back(std::move(v.first));
    into->results.push_back(v.second);
  }
  into->seq = newer.seq;
  into->totals = newer.totals;
  if (!newer.error.empty()) into->error = newer.error;
}

CoverageFrame frame_of(const CoverageEngine& e, const std::vector<size_t>& changed) {
  CoverageFrame f;
  f.totals = e.totals();
  f.changed = changed;
  for (size_t t : changed) {
    f.gaps.push_back(e.gap(t));
    f.results.push_back(e.results()[t]);
  }
  return f;
}

CoverageFrame full_frame(const CoverageEngine& e) {
  std::vector<size_t> all(e.targets().size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  return frame_of(e, all);
}

}  // namespace

CoverageController::CoverageController(std::shared_ptr<const Workspace> ws, std::string ws_path)
    : ws_(std::move(ws)), ws_path_(std::move(ws_path)), pending_(std::make_shared<Pending>()) {
  params_ = params_.for_workspace(ws_.get());
}

CoverageController::~CoverageController() {
  if (starter_.joinable()) starter_.join();
  worker_.reset();
}

Scenario CoverageController::engine_scenario() const {
  Scenario s = scenario_;
  s.points.clear();
  for (const auto& p : scenario_.points)
    if (active(p)) s.points.push_back(p);
  return s;
}

bool CoverageController::active(const ServicePoint& p) const {
  return kind_enabled(p.kind) && carrier_enabled(p.carrier);
}

void CoverageController::start(const std::string& scenario, std::optional<Reach> reach) {
  if (starter_.joinable()) starter_.join();
  worker_.reset();
  shapes_.reset();
  const std::string name = scenario.empty() ? std::string(kDefaultScenarioName) : scenario;
  scenario_ = ws_path_.empty() ? default_scenario(*ws_) : load_tracked(name);
  if (reach) scenario_.default_reach = *reach;
  modified_ = false;
  kept_.reset();
  selected_point.clear();
  clear_history();
  launch();
}

void CoverageController::set_travel(TravelChoice c) {
  if (c == travel_) return;
  travel_for(*ws_, c);  // throws (French) when the workspace has no roads: nothing changes
  travel_ = c;
  if (!worker_ && !starter_.joinable()) return;  // not started yet: start() uses it
  if (starter_.joinable()) starter_.join();
  worker_.reset();
  shapes_.reset();
  reach_cache_ = {};
  launch();  // the edited scenario, its unsaved edits and what is set aside are kept
}

std::string CoverageController::reach_label() const {
  const Reach& r = scenario_.default_reach;
  return travel_for(*ws_, travel_)->reach_label(r.value, r.mode == ReachMode::Time);
}

double CoverageController::off_network_m(const ServicePoint& p) const {
  return travel_for(*ws_, travel_)->off_network_m(p.pos);
}

void CoverageController::launch() {
  pending_ = std::make_shared<Pending>();
  pending_->notify = on_update;
  const Scenario sc = engine_scenario();
  auto p = pending_;
  auto ws = ws_;
  const CoverageParams params = params_;
  const TravelChoice choice = travel_;
  starter_ = std::thread([p, ws, sc, params, choice] {
    std::unique_ptr<CoverageEngine> eng, shapes;
    std::optional<CoverageFrame> f;
    std::string err;
    MultiPolygon cov;
    std::vector<std::pair<std::string, std::string>> par;
    try {
      auto travel = travel_for(*ws, choice);
      eng = std::make_unique<CoverageEngine>(ws.get(), build_targets(*ws, params), travel, params);
      shapes = std::make_unique<CoverageEngine>(ws.get(), std::vector<Target>{}, travel, params);
      eng->set_scenario(sc);
      f = full_frame(*eng);
      cov = eng->covered_area();
      par = eng->parameters();
    } catch (const Error& e) {
      err = e.format();
    } catch (const std::exception& e) {
      err = e.what();
    }
    std::lock_guard<std::mutex> l(p->mu);
    p->engine = std::move(eng);
    p->shapes = std::move(shapes);
    p->start_error = err;
    if (f) merge(p->frame, std::move(*f));
    if (err.empty()) {
      p->covered = std::move(cov);
      p->parameters = std::move(par);
    }
    p->start_done = true;
    p->cv.notify_all();
    if (p->notify) p->notify();
  });
}

bool CoverageController::poll() {
  bool changed = false, joinable = false;
  std::optional<CoverageFrame> mine, theirs;
  {
    std::lock_guard<std::mutex> l(pending_->mu);
    if (!worker_ && pending_->start_done) {
      if (!pending_->start_error.empty()) {
        error = pending_->start_error;
        pending_->start_error.clear();
      }
      if (pending_->engine) {
        targets_ = pending_->engine->targets();
        results_.assign(targets_.size(), {});
        gaps_.assign(targets_.size(), {});
        worker_ = std::make_unique<CoverageWorker>(std::move(pending_->engine));
        shapes_ = std::move(pending_->shapes);
      }
    }
    joinable = pending_->start_done;
    mine.swap(pending_->frame);
    if (worker_) theirs = worker_->take();
    if (pending_->covered) {
      covered_ = std::move(*pending_->covered);
      pending_->covered.reset();
      covered_dirty_ = true;
      changed = true;
    }
    if (pending_->parameters) {
      parameters_ = std::move(*pending_->parameters);
      pending_->parameters.reset();
    }
  }
  if (starter_.joinable() && joinable) starter_.join();
  // Job frames first: a job drains the worker's frame before editing, so whatever the
  // worker still holds was computed after every job frame we hold.
  if (mine) apply_frame(*mine), changed = true;
  if (theirs) apply_frame(*theirs), changed = true;
  return changed;
}

void CoverageController::apply_frame(CoverageFrame& f) {
  if (targets_.empty()) return;
  totals_ = f.totals;
  for (size_t i = 0; i < f.changed.size(); ++i) {
    const size_t t = f.changed[i];
    if (t >= targets_.size()) continue;
    gaps_[t] = std::move(f.gaps[i]);
    results_[t] = f.results[i];
  }
  if (!f.changed.empty()) gaps_dirty_ = true;
  if (!f.error.empty()) error = f.error;
}

void CoverageController::wait_idle() {
  {
    std::unique_lock<std::mutex> l(pending_->mu);
    pending_->cv.wait(l, [this] { return pending_->start_done; });
  }
  poll();
  if (worker_) worker_->wait_idle();
  poll();
}

void CoverageController::post_full() {
  if (!worker_) return;
  auto p = pending_;
  CoverageWorker* w = worker_.get();
  const Scenario sc = engine_scenario();
  worker_->post([p, w, sc](CoverageEngine& e) {
    auto before = w->take();
    {
      std::lock_guard<std::mutex> l(p->mu);
      if (before) merge(p->frame, std::move(*before));
    }
    e.set_scenario(sc);
    CoverageFrame f = full_frame(e);
    MultiPolygon cov = e.covered_area();
    auto par = e.parameters();
    {
      std::lock_guard<std::mutex> l(p->mu);
      merge(p->frame, std::move(f));
      p->covered = std::move(cov);
      p->parameters = std::move(par);
    }
    if (p->notify) p->notify();
  });
}

void CoverageController::post_edit(std::function<CoverageEngine::Update(CoverageEngine&)> edit, bool refresh_covered) {
  if (!worker_) return;
  auto p = pending_;
  CoverageWorker* w = worker_.get();
  worker_->post([p, w, edit, refresh_covered](CoverageEngine& e) {
    auto before = w->take();
    {
      std::lock_guard<std::mutex> l(p->mu);
      if (before) merge(p->frame, std::move(*before));
    }
    CoverageFrame f;
    try {
      const auto u = edit(e);
      f = frame_of(e, u.changed);
    } catch (const Error& err) {
      f.totals = e.totals();
      f.error = err.format();
    }
    std::optional<MultiPolygon> cov;
    if (refresh_covered) cov = e.covered_area();
    {
      std::lock_guard<std::mutex> l(p->mu);
      merge(p->frame, std::move(f));
      if (cov) p->covered = std::move(*cov);
    }
    if (p->notify) p->notify();
  });
}

int CoverageController::find_point(const std::string& id) const {
  for (size_t i = 0; i < scenario_.points.size(); ++i)
    if (scenario_.points[i].id == id) return static_cast<int>(i);
  return -1;
}

const MultiPolygon& CoverageController::reach_shape(const ServicePoint& p) const {
  static const MultiPolygon kNone;
  if (!shapes_) return kNone;
  const coverage::Reach r = scenario_.reach_of(p);
  // Drawn every frame: recomputed only when the point or its reach changes (a road
  // search is too costly to repeat per frame).
  if (!(reach_cache_.valid && reach_cache_.pos.x == p.pos.x && reach_cache_.pos.y == p.pos.y &&
        reach_cache_.reach == r && reach_cache_.engine == shapes_.get())) {
    reach_cache_.area = shapes_->reach_shape(p.pos, r);
    reach_cache_.pos = p.pos;
    reach_cache_.reach = r;
    reach_cache_.engine = shapes_.get();
    reach_cache_.valid = true;
  }
  return reach_cache_.area;
}

int CoverageController::hit_test(Vec2 world, double radius_m) const {
  int best = -1;
  double bd = radius_m;
  for (size_t i = 0; i < scenario_.points.size(); ++i) {
    const Vec2 d = scenario_.points[i].pos - world;
    const double dist = std::hypot(d.x, d.y);
    if (dist <= bd) bd = dist, best = static_cast<int>(i);
  }
  return best;
}

std::string CoverageController::add_point(Vec2 pos, ServiceKind kind) {
  ServicePoint p;
  do p.id = "gui-" + std::to_string(next_id_++);
  while (find_point(p.id) >= 0);
  p.kind = kind;
  p.name = "Nouvelle permanence " + std::to_string(next_id_ - 1);
  p.pos = pos;
  record_edit();
  scenario_.points.push_back(p);
  modified_ = true;
  selected_point = p.id;
  if (active(p)) post_edit([p](CoverageEngine& e) { return e.add_point(p); }, true);
  return p.id;
}

size_t CoverageController::add_points(std::vector<ServicePoint> points) {
  std::erase_if(points, [&](const ServicePoint& p) { return p.id.empty() || find_point(p.id) >= 0; });
  if (points.empty()) return 0;
  const size_t n = points.size();
  record_edit();
  for (auto& p : points) scenario_.points.push_back(std::move(p));
  modified_ = true;
  post_full();
  return n;
}

void CoverageController::move_point(const std::string& id, Vec2 pos) {
  const int i = find_point(id);
  if (i < 0) return;
  if (scenario_.points[i].pos.x == pos.x && scenario_.points[i].pos.y == pos.y) return;
  if (!in_drag_) {  // one undo step per drag: the state before its first move
    record_edit();
    in_drag_ = true;
  }
  auto& q = scenario_.points[i];
  q.pos = pos;
  q.ref.clear();  // moved away from the workspace service it came from
  modified_ = true;
  if (worker_ && active(q)) worker_->request_move(id, pos);
}

void CoverageController::end_drag(const std::string& id) {
  // Jobs run before coalesced moves: apply the last position here so this job's frame
  // (and the wake-up it triggers) carries the final state.
  in_drag_ = false;
  const int i = find_point(id);
  if (i < 0 || !active(scenario_.points[i])) return;
  const Vec2 pos = scenario_.points[i].pos;
  post_edit([id, pos](CoverageEngine& e) { return e.move_point(id, pos); }, true);
}

void CoverageController::remove_point(const std::string& id) {
  const int i = find_point(id);
  if (i < 0) return;
  const bool was_active = active(scenario_.points[i]);
  record_edit();
  scenario_.points.erase(scenario_.points.begin() + i);
  modified_ = true;
  if (selected_point == id) selected_point.clear();
  if (was_active) post_edit([id](CoverageEngine& e) { return e.remove_point(id); }, true);
}

void CoverageController::set_point_reach(const std::string& id, std::optional<Reach> reach) {
  const int i = find_point(id);
  if (i < 0) return;
  if (reach) validate_reach(*reach, "portée du point");
  const auto& old = scenario_.points[i].reach;
  if (old.has_value() == reach.has_value() && (!reach || *old == *reach)) return;
  record_edit();
  scenario_.points[i].reach = reach;
  modified_ = true;
  if (active(scenario_.points[i])) post_edit([id, reach](CoverageEngine& e) { return e.set_point_reach(id, reach); }, true);
}

void CoverageController::set_default_reach(const Reach& r) {
  validate_reach(r, "portée par défaut");
  if (r == scenario_.default_reach) return;
  record_edit();
  scenario_.default_reach = r;
  modified_ = true;
  post_full();
}

void CoverageController::set_kind_enabled(ServiceKind k, bool on) {
  if (on == kind_enabled(k)) return;
  record_edit();
  if (on) disabled_kinds_.erase(static_cast<int>(k));
  else disabled_kinds_.insert(static_cast<int>(k));
  post_full();
}

void CoverageController::set_carrier_enabled(const std::string& c, bool on) {
  if (on == carrier_enabled(c)) return;
  record_edit();
  if (on) disabled_carriers_.erase(c);
  else disabled_carriers_.insert(c);
  post_full();
}

void CoverageController::record_edit() {
  if (kept_) return;  // a presented scenario: not the edited one
  history_.push(edit_state());
  if (on_edit) on_edit();
}

void CoverageController::clear_history() {
  history_.clear();
  in_drag_ = false;
  if (on_history_cleared) on_history_cleared();
}

void CoverageController::restore(EditState st) {
  scenario_ = std::move(st.scenario);
  disabled_kinds_ = std::move(st.disabled_kinds);
  disabled_carriers_ = std::move(st.disabled_carriers);
  selected_point = find_point(st.selected_point) >= 0 ? st.selected_point : std::string();
  modified_ = true;
  in_drag_ = false;
  post_full();
}

void CoverageController::undo() {
  if (!can_undo()) return;
  restore(history_.undo(edit_state()));
}

void CoverageController::redo() {
  if (!can_redo()) return;
  restore(history_.redo(edit_state()));
}

std::vector<std::string> CoverageController::carriers() const {
  std::set<std::string> s;
  for (const auto& p : scenario_.points)
    if (!p.carrier.empty()) s.insert(p.carrier);
  return {s.begin(), s.end()};
}

std::vector<GapRow> CoverageController::ranking(bool en, size_t limit) const {
  std::vector<size_t> order;
  for (size_t t = 0; t < targets_.size(); ++t)
    if (targets_[t].population_known && results_[t].uncovered_pop > 0.5) order.push_back(t);
  std::stable_sort(order.begin(), order.end(), [this](size_t a, size_t b) {
    if (results_[a].uncovered_neet != results_[b].uncovered_neet) return results_[a].uncovered_neet > results_[b].uncovered_neet;
    if (results_[a].uncovered_pop != results_[b].uncovered_pop) return results_[a].uncovered_pop > results_[b].uncovered_pop;
    return targets_[a].id < targets_[b].id;
  });
  if (limit && order.size() > limit) order.resize(limit);
  const Scenario active_sc = engine_scenario();
  std::vector<GapRow> rows;
  for (size_t t : order) {
    const Target& tg = targets_[t];
    const TargetResult& r = results_[t];
    GapRow g;
    g.target = t;
    g.name = tg.name;
    g.kind = tg.kind == TargetKind::RuralCommune ? (en ? "rural municipality" : "commune rurale") : "QPV";
    g.uncovered_neet = r.uncovered_neet;
    g.uncovered_pop = r.uncovered_pop;
    g.uncovered_15_29 = r.uncovered_15_29;
    g.population = tg.population;
    g.covered_pct = 100 * r.covered_share;
    g.nearest_km = r.nearest_m >= 0 ? r.nearest_m / 1000 : -1;
    if (r.nearest >= 0 && static_cast<size_t>(r.nearest) < active_sc.points.size())
      g.nearest_name = active_sc.points[r.nearest].name;
    const std::string pop = format_thousands(std::llround(r.uncovered_pop));
    const std::string neet = format_thousands(std::llround(r.uncovered_neet));
    std::string reason = en ? pop + " people uncovered (" + neet + " estimated NEETs)"
                            : pop + " habitants non couverts (" + neet + " NEET estimés)";
    if (g.nearest_km >= 0) {
      const std::string km = format_fr(g.nearest_km, 1);
      reason += en ? "; nearest point " + km + " km away" : " ; point le plus proche à " + km + " km";
      if (!g.nearest_name.empty()) reason += " (" + g.nearest_name + ")";
    } else {
      reason += en ? "; no service point" : " ; aucun point de service";
    }
    const std::string reach = active_sc.default_reach.label();
    reason += en ? ", beyond the " + reach + " reach" : ", au-delà de la portée de " + reach;
    g.reason = reason;
    g.box = bbox(tg.geom);
    rows.push_back(std::move(g));
  }
  return rows;
}

// ---- scenario store -----------------------------------------------------------------------

std::vector<std::string> CoverageController::scenario_names() const {
  std::vector<std::string> out;
  if (!has_store()) return {kDefaultScenarioName};
  for (const auto& i : io::list_scenarios(ws_path_, *ws_)) out.push_back(i.name);
  return out;
}

Scenario CoverageController::load_tracked(const std::string& name) {
  auto st = io::load_stored_scenario(ws_path_, *ws_, name);
  base_versions_[name] = st.version;
  return std::move(st.scenario);
}

void CoverageController::switch_to(const std::string& name) {
  Scenario s = ws_path_.empty() ? default_scenario(*ws_) : load_tracked(name);
  scenario_ = std::move(s);
  modified_ = false;
  selected_point.clear();
  clear_history();
  post_full();
}

void CoverageController::show_scenario(const std::string& name) {
  if (kept_ && name == kept_->scenario.name) {  // back to the edited one: its edits, not the stored copy
    end_showing();
    return;
  }
  if (name == scenario_.name) return;
  Scenario s = ws_path_.empty() ? default_scenario(*ws_) : load_tracked(name);
  if (!kept_) kept_ = Kept{std::move(scenario_), modified_, selected_point};
  scenario_ = std::move(s);
  modified_ = false;
  selected_point.clear();
  post_full();
}

void CoverageController::end_showing() {
  if (!kept_) return;
  scenario_ = std::move(kept_->scenario);
  modified_ = kept_->modified;
  selected_point = std::move(kept_->selected_point);
  kept_.reset();
  post_full();
}

void CoverageController::save() {
  if (!has_store()) throw Error(ErrorKind::Usage, "aucun espace de travail pour enregistrer le scénario", "scénario");
  validate(scenario_, *ws_);
  // 0 for a name never read here (save as): it must be free.
  const auto it = base_versions_.find(scenario_.name);
  try {
    base_versions_[scenario_.name] = io::save_scenario_checked(ws_path_, scenario_, it == base_versions_.end() ? 0 : it->second);
  } catch (const io::DocumentConflict& c) {
    // Someone saved it meanwhile: these edits were stored as a copy; the window goes on
    // with that copy (the message names it, and who saved the original and when).
    if (!c.kept_as().empty()) {
      scenario_.name = c.kept_as();
      base_versions_[c.kept_as()] = 1;
      modified_ = false;
    }
    throw;
  }
  modified_ = false;
}

std::vector<std::string> CoverageController::remote_changes() {
  std::vector<std::string> out;
  if (!has_store()) return out;
  if (!watch_tried_) {
    watch_tried_ = true;
    try {
      watcher_ = io::watch_documents(ws_path_);
    } catch (const Error& e) {
      out.push_back("changements des autres non suivis : " + e.what_text());
    }
  }
  if (!watcher_) return out;
  for (const auto& ch : watcher_->poll()) {
    if (ch.kind != coverage::kScenarioKind) continue;
    const auto it = base_versions_.find(ch.name);
    if (ch.op != "DELETE" && it != base_versions_.end() && it->second == ch.version) continue;  // our own save
    // The stored time, as the save dialog gives it (the notice may be read a while after):
    // read by the watcher on its own connection, not through a new one in the frame.
    const std::optional<io::Document>& doc = ch.stored;
    std::string line;
    if (doc && doc->version == ch.version) {
      line = "« " + ch.name + " » " + io::changed_by_text(doc);
    } else {
      const std::time_t t = std::time(nullptr);
      std::tm tm{};
      localtime_r(&t, &tm);
      char hhmm[8];
      std::strftime(hhmm, sizeof hhmm, "%H:%M", &tm);
      line = "« " + ch.name + " » " + (ch.op == "DELETE" ? "supprimé" : "modifié") + " par " + ch.author + " à " + hhmm;
    }
    if (ch.name == scenario_.name && ch.op != "DELETE")
      line += " — c’est celui affiché : à l’enregistrement, vous choisirez de garder la vôtre en copie, de prendre la leur ou de comparer";
    out.push_back(line);
  }
  return out;
}

std::string CoverageController::unsaved_scenario() const {
  if (kept_) return kept_->modified ? kept_->scenario.name : std::string();
  return modified_ ? scenario_.name : std::string();
}

void CoverageController::save_unsaved() {
  if (!kept_) {
    if (modified_) save();
    return;
  }
  if (!kept_->modified) return;
  if (!has_store()) throw Error(ErrorKind::Usage, "aucun espace de travail pour enregistrer le scénario", "scénario");
  validate(kept_->scenario, *ws_);
  const auto it = base_versions_.find(kept_->scenario.name);
  try {
    base_versions_[kept_->scenario.name] =
        io::save_scenario_checked(ws_path_, kept_->scenario, it == base_versions_.end() ? 0 : it->second);
  } catch (const io::DocumentConflict& c) {
    if (!c.kept_as().empty()) {
      kept_->scenario.name = c.kept_as();
      base_versions_[c.kept_as()] = 1;
      kept_->modified = false;
    }
    throw;
  }
  kept_->modified = false;
}

void CoverageController::save_as(const std::string& name) {
  if (trim(name).empty()) throw Error(ErrorKind::Usage, "nom de scénario vide", "scénario");
  // Another stored scenario of that name would be overwritten: refused, nothing lost.
  if (has_store() && trim(name) != scenario_.name && io::scenario_exists(ws_path_, trim(name)))
    throw Error(ErrorKind::Usage, "le scénario « " + trim(name) + " » existe déjà", ws_path_,
                "choisissez un autre nom, ou affichez-le et enregistrez-le");
  const std::string old = scenario_.name;
  scenario_.name = trim(name);
  try {
    save();
  } catch (...) {
    scenario_.name = old;
    throw;
  }
}

void CoverageController::duplicate(const std::string& from, const std::string& to) {
  io::copy_scenario(ws_path_, *ws_, from, trim(to));
}

void CoverageController::rename(const std::string& from, const std::string& to) {
  io::rename_scenario(ws_path_, *ws_, from, trim(to));
  base_versions_[trim(to)] = io::load_stored_scenario(ws_path_, *ws_, trim(to)).version;
  base_versions_.erase(from);
  if (scenario_.name == from) scenario_.name = trim(to);
}

void CoverageController::remove(const std::string& name) {
  io::delete_scenario(ws_path_, name);
  base_versions_.erase(name);
  if (scenario_.name == name) switch_to(kDefaultScenarioName);
}

ScenarioSummary CoverageController::summarize(const std::string& name) const {
  if (name == scenario_.name) {  // the edited one, as shown
    ScenarioSummary out = summarize_scenario(engine_scenario());
    out.name = name;
    return out;
  }
  ScenarioSummary out = summarize_scenario(ws_path_.empty() ? default_scenario(*ws_) : io::load_scenario(ws_path_, *ws_, name));
  out.name = name;
  return out;
}

ScenarioSummary CoverageController::summarize_scenario(Scenario s) const {
  ScenarioSummary out;
  out.name = s.name;
  std::vector<ServicePoint> pts;
  for (const auto& p : s.points)
    if (active(p)) pts.push_back(p);
  s.points = std::move(pts);
  CoverageParams par = params_;
  CoverageEngine e(ws_.get(), targets_.empty() ? build_targets(*ws_, par) : targets_, travel_for(*ws_, travel_), par);
  e.set_scenario(s);
  out.totals = e.totals();
  return out;
}

bool CoverageController::try_save() {
  if (!has_store()) throw Error(ErrorKind::Usage, "aucun espace de travail pour enregistrer le scénario", "scénario");
  if (trim(scenario_.name).empty()) throw Error(ErrorKind::Usage, "nom de scénario vide", ws_path_, "donnez un nom au scénario");
  validate(scenario_, *ws_);
  const auto it = base_versions_.find(scenario_.name);
  auto store = io::open_document_store(ws_path_);
  try {
    base_versions_[scenario_.name] =
        store->save(io::Document{kScenarioKind, scenario_.name, coverage::to_text(scenario_), ""}, it == base_versions_.end() ? 0 : it->second)
            .version;
  } catch (const io::DocumentConflict& c) {
    // Nothing written: the edits stay in the window until the user chooses.
    SaveConflict k;
    k.name = scenario_.name;
    k.changed_by = io::changed_by_text(c.theirs());
    if (c.theirs()) {
      k.author = c.theirs()->author;
      k.updated = c.theirs()->updated;
      k.their_version = c.theirs()->version;
      k.theirs = coverage::from_text(c.theirs()->body, *ws_, store->location() + ", scénario « " + k.name + " »");
      k.theirs->name = k.name;
    }
    conflict_ = std::move(k);
    return false;
  }
  conflict_.reset();
  modified_ = false;
  return true;
}

std::string CoverageController::keep_mine_as_copy() {
  if (!conflict_) throw Error(ErrorKind::Usage, "aucun conflit d’enregistrement en cours", "scénario");
  validate(scenario_, *ws_);
  auto store = io::open_document_store(ws_path_);
  const std::string base = io::conflict_copy_name(conflict_->name, store->user(), 1);
  for (int i = 1; i < 100; ++i) {
    const std::string name = io::conflict_copy_name(conflict_->name, store->user(), i);
    Scenario mine = scenario_;
    mine.name = name;
    try {
      // 0: the name must be free — a copy never overwrites anything either.
      const auto v = store->save(io::Document{kScenarioKind, name, coverage::to_text(mine), ""}, 0).version;
      scenario_.name = name;
      base_versions_[name] = v;
      modified_ = false;
      conflict_.reset();
      return name;
    } catch (const io::DocumentConflict&) {
    }
  }
  throw Error(ErrorKind::Io, "aucun nom libre pour la copie de « " + conflict_->name + " »", store->location(),
              "supprimez d’anciennes copies « " + base + " … », puis recommencez");
}

void CoverageController::take_theirs() {
  if (!conflict_) throw Error(ErrorKind::Usage, "aucun conflit d’enregistrement en cours", "scénario");
  const std::string name = conflict_->theirs ? conflict_->name : std::string(kDefaultScenarioName);
  switch_to(name);  // reads the stored version now (the latest, even if it moved again)
  conflict_.reset();
}

std::pair<ScenarioSummary, ScenarioSummary> CoverageController::compare_conflict() const {
  if (!conflict_) throw Error(ErrorKind::Usage, "aucun conflit d’enregistrement en cours", "scénario");
  if (!conflict_->theirs)
    throw Error(ErrorKind::Usage, "« " + conflict_->name + " » a été supprimé : rien à comparer", ws_path_,
                "gardez votre version en copie, ou abandonnez-la");
  ScenarioSummary a = summarize_scenario(engine_scenario());
  a.name = conflict_->name;
  ScenarioSummary b = summarize_scenario(*conflict_->theirs);
  b.name = conflict_->name;
  return {a, b};
}

}  // namespace maraude::app
