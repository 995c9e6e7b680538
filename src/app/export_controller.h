// The viewer's exports — the handout of a story, the dossier atlas, the poster of the
// current view — with progress and cancel, as plain C++ with no ImGui so tests drive them
// headless. The same library functions as the command line do the work
// (io::export_handout, io::export_dossier, render::PosterJob):
//  - handout and dossier (cairo only) run on a worker thread, page by page;
//  - a poster's map is rendered one GL tile per step() on the GL thread (the window keeps
//    drawing between tiles), then its file is written on a worker thread.
// Every file goes to a temporary name renamed when complete: a cancelled or failed export
// leaves no file, and a previous file of that name stays byte for byte.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/coverage/scenario.h"
#include "core/model.h"
#include "core/story.h"
#include "render/poster.h"
#include "render/style.h"

namespace maraude::render {
class MapRenderer;
}

namespace maraude::app {

enum class ExportKind { Handout, Dossier, Poster };

struct ExportRequest {
  ExportKind kind = ExportKind::Handout;
  std::string path;            // the output file
  bool english = false;        // language of the messages
  Story story;                 // handout
  std::string by = "zone";     // dossier: zone, epci, departement
  std::string scenario;        // dossier: stored scenario ("" = the default one)
  std::optional<coverage::Scenario> edited;  // dossier: the window's scenario as edited (wins over `scenario`)
  std::optional<coverage::Scenario> shown;   // handout: the map's scenario as edited (views naming it or none)
  render::PosterSpec poster;   // poster: format, orientation, dpi, title
  bool pdf = false;            // poster: PDF instead of PNG
  BBox extent;                 // poster: what the map frames (the window's view)
  render::MapStyle style;      // poster: visible layers, selection, language; handout: its laureate switches
};

// The folder proposed for exports: the workspace's folder ("." when it has none).
std::string default_export_dir(const std::string& ws_path);
// A file name for the request in `dir`: "recit_<story>.pdf", "dossier_zone.pdf",
// "affiche_A3.png"... (accents and spaces folded to keep the name portable).
std::string default_export_path(const ExportRequest& r, const std::string& dir);

class ExportController {
 public:
  enum class State { Idle, Running, Done, Cancelled, Failed };

  // `ws` must outlive the controller; `ws_path` is the workspace file (stored scenarios).
  ExportController(std::shared_ptr<const Workspace> ws, std::string ws_path);
  ~ExportController();  // cancels and joins; on the GL thread (a poster's framebuffers)
  ExportController(const ExportController&) = delete;
  ExportController& operator=(const ExportController&) = delete;

  // Checks the request and starts it. Refused up front (returns false, state Failed,
  // message() says why in French; nothing written): an empty or unwritable path, a story
  // without views, an unknown dossier level, an absurd poster DPI or size, a poster larger
  // than the free memory. A poster needs the window's `renderer` (its GL context current).
  // An export already running is not replaced (returns false).
  bool start(const ExportRequest& r, render::MapRenderer* renderer = nullptr);
  // One frame's work, on the GL thread: renders one poster tile, takes a finished worker.
  // True while the export runs.
  bool step();
  void cancel();  // stops at the next page / tile / write; no file is left
  void wait();    // tests: step()s until the export is over

  State state() const { return state_; }
  bool running() const { return state_ == State::Running; }
  float fraction() const;                 // 0..1, 1 once done
  std::string progress_text() const;      // "page 7/24", "tuile 12/40", "calcul des lacunes…"
  const std::string& message() const { return message_; }  // outcome or refusal, one paragraph
  const std::string& output_path() const { return request_.path; }
  ExportKind kind() const { return request_.kind; }

  std::function<void()> on_update;  // called from the worker when step() has news

 private:
  void finish(State s, const std::string& msg);
  void run_worker(std::function<std::string()> work);
  std::string refusal(const std::string& what) const;

  std::shared_ptr<const Workspace> ws_;
  std::string ws_path_;
  ExportRequest request_;
  State state_ = State::Idle;
  std::string message_;
  std::unique_ptr<render::PosterJob> poster_;
  std::thread worker_;
  std::atomic<bool> cancel_{false}, worker_done_{false};
  mutable std::mutex m_;  // guards what the worker reports
  std::string stage_;
  int done_ = 0, total_ = 0;
  State worker_state_ = State::Idle;
  std::string worker_message_;
};

}  // namespace maraude::app
