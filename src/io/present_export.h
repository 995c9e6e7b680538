// The printable exports of "presenting" (issue 6), shared by the command line
// (`maraude story export`, `maraude dossier`) and the viewer's export dialog:
//  - the coverage gaps of a stored scenario as a drawable layer (ScenarioGaps, GapsCache);
//  - the handout of a story (one A4 page per view) and the dossier atlas (one page per
//    zone d'emploi, EPCI or department), written with io::PdfAtlas.
// Both report their progress (stage, pages done / total) and stop at the next page when
// the cancel flag is set: the temporary file is removed and a previous file of the same
// name stays as it was.
#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/coverage/engine.h"
#include "core/coverage/scenario.h"
#include "core/model.h"
#include "core/story.h"
#include "io/pdf_atlas.h"

namespace maraude::io {

struct ScenarioGaps {
  std::unique_ptr<coverage::CoverageEngine> engine;
  GapLayer layer;
};

// Runs the coverage engine on the stored scenario `name` (the default scenario
// "services publics existants" is always available). Throws what load_scenario throws.
std::unique_ptr<ScenarioGaps> compute_scenario_gaps(const std::string& ws_path, const Workspace& ws,
                                                    const std::string& name);

// The same for a scenario given as is (the viewer's edited scenario, saved or not).
std::unique_ptr<ScenarioGaps> compute_scenario_gaps(const Workspace& ws, const coverage::Scenario& scenario);

// Caches one ScenarioGaps per scenario name; a scenario that cannot be loaded maps to null.
class GapsCache {
 public:
  GapsCache(const std::string& ws_path, const Workspace& ws) : path_(ws_path), ws_(ws) {}
  const ScenarioGaps* get(const std::string& name);
  bool exists(const std::string& name);
  // The scenario the window's map shows, as edited: its name gets these points rather than
  // the stored ones (computed when first asked for).
  void set_shown(const coverage::Scenario& s) { shown_ = s; }
  // The scenario a view naming none shows: the map's, else the default one.
  std::string shown_name() const;

 private:
  std::string path_;
  const Workspace& ws_;
  std::optional<coverage::Scenario> shown_;
  std::map<std::string, std::unique_ptr<ScenarioGaps>> cache_;
};

// Progress of a long export. `report` is called from the exporting thread before each
// unit of work: a stage ("lacunes" while the coverage is computed, "page" for pages, "fin"
// while the file is completed), the units done and their total (0 when not known yet).
// `cancel`, when set by another thread, stops the export before its next page.
struct ExportProgress {
  std::function<void(const std::string& stage, int done, int total)> report;
  const std::atomic<bool>* cancel = nullptr;

  bool cancelled() const { return cancel && cancel->load(); }
  void operator()(const std::string& stage, int done, int total) const {
    if (report) report(stage, done, total);
  }
};

struct ExportResult {
  int pages = 0;
  bool cancelled = false;  // nothing written (the previous file, if any, is untouched)
};

// Key figures of a story view (the handout's table): of the territory the view frames
// (zone, EPCI, department, commune) or of the frame itself.
std::vector<std::pair<std::string, std::string>> view_figures(const Workspace& ws, const StoryView& v, const BBox& e,
                                                              const ScenarioGaps* gaps);

// Page `i` of the handout of `story` (what export_handout draws): its map has the layers the
// presenter shows the view with from a fresh window (story_view_layers of the default stack:
// the view's order and visibility, no gaps when its scenario is missing), its extent,
// highlights, gaps (the view's scenario, else the map's one — GapsCache::shown_name — when the
// gaps layer shows), warnings, figures and notes.
AtlasPage handout_page(const Workspace& ws, const Story& story, size_t i, GapsCache& gaps);

// The handout of `story`: one A4 landscape page per view (map, legend, title, notes, key
// figures). Throws Error(Io) naming the path when it cannot be written (before any work),
// Error(BadInput) for a story without views. `shown`: the scenario the window's map shows,
// unsaved edits included (the window's Exporter), as the presenter would show it in views
// naming it or naming none; null (the command line) = the stored scenarios, the default one
// for views naming none. `laureates_shown`: the window's per-laureate switches of the
// laureates layer (per Workspace::laureates index), kept by the presenter; null = all.
ExportResult export_handout(const std::string& ws_path, const Workspace& ws, const Story& story,
                            const std::string& pdf_path, const ExportProgress& progress = {},
                            const coverage::Scenario* shown = nullptr,
                            const std::vector<char>* laureates_shown = nullptr);

// Territory levels of the dossier: "zone", "epci", "departement".
bool is_dossier_level(const std::string& by);
// The dossier atlas: one page per territory of level `by` with its map and gap figures under
// the stored scenario `scenario`. Throws Error(Usage) for an unknown level, Error(Io) for an
// unwritable path (before any work), what load_scenario throws for an unknown scenario.
ExportResult export_dossier(const std::string& ws_path, const Workspace& ws, const std::string& by,
                            const std::string& scenario, const std::string& pdf_path,
                            const ExportProgress& progress = {});

// The same for a scenario given as is (the viewer's edited scenario, with unsaved edits).
ExportResult export_dossier(const std::string& ws_path, const Workspace& ws, const std::string& by,
                            const coverage::Scenario& scenario, const std::string& pdf_path,
                            const ExportProgress& progress = {});

}  // namespace maraude::io
