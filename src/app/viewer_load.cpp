// The workspace once the loader is done (viewer_window.h): the map's data to the renderer,
// the coverage, planner and export controllers started, the stories read, and what the
// command line asked for once loaded (--view, --story-panel, --export-dialog, --present).
// A load error goes to the modal, which offers « Ouvrir… ».
#include <algorithm>

#include "app/viewer_window.h"
#include "core/error.h"
#include "core/region_text.h"
#include "render/view_spec.h"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace maraude::app {

void Viewer::on_loader_done() {
  if (!loader_->error.empty()) {
    // The loader's message says what failed and what to do (core/error.h); the modal adds
    // the way out inside the window: « Ouvrir… ».
    error_ = std::string(s_.style.english ? "The workspace could not be opened.\n\n" : "L’espace de travail n’a pas pu être ouvert.\n\n") +
             loader_->error + "\n\n" +
             (s_.style.english ? "You can also open another workspace: the « Open… » button below, or the File menu."
                             : "Vous pouvez aussi ouvrir un autre espace de travail : le bouton « Ouvrir… » ci-dessous, ou le menu Fichier.");
    rep_.load_exit_code = exit_code(loader_->kind);
    load_failed_ = true;
  } else {
    try {
      renderer_->set_data(*loader_->ws, *loader_->data);
      s_.set_workspace(loader_->ws, loader_->data);
      rep_.window_title = window_title(*loader_->ws);
      glfwSetWindowTitle(win_, rep_.window_title.c_str());
      if (!opt_.view.empty()) s_.fly_to(render::resolve_view(*loader_->ws, opt_.view), 0.01);
      // Coverage: the engine starts on its own thread; gaps arrive in a later frame.
      cov_ = std::make_unique<CoverageController>(loader_->ws, opt_.workspace);
      cov_->on_update = [] { glfwPostEmptyEvent(); };
      cov_->on_edit = [this] { history_.record(EditSource::Coverage); };
      cov_->on_history_cleared = [this] { history_.forget(EditSource::Coverage); };
      cov_->set_travel(parse_travel_choice(opt_.travel));
      cov_->start();
      planner_ = std::make_unique<PlannerController>(loader_->ws, opt_.workspace);
      planner_->on_update = [] { glfwPostEmptyEvent(); };
      planner_->on_edit = [this] { history_.record(EditSource::Planner); };
      close_guard_.planner = planner_.get();
      load_stories(story_panel_);
      if (opt_.script_frames == 0) add_recent(menu_, opt_.workspace);  // tests leave the user's list alone
      {
        int fw = 0, fh = 0, w = 0, h = 0;
        glfwGetFramebufferSize(win_, &fw, &fh);
        glfwGetWindowSize(win_, &w, &h);
        story_panel_.thumbnails = std::make_shared<StoryThumbnails>(w > 0 && fw > 0 ? float(fw) / w : 1.0f);
      }
      if (!opt_.story_panel.empty()) {  // --story-panel STORY: the panel unfolded on its first view
        auto it = std::find_if(story_panel_.stories.begin(), story_panel_.stories.end(),
                               [&](const Story& x) { return x.name == opt_.story_panel; });
        if (it == story_panel_.stories.end())
          throw Error(ErrorKind::Usage, "récit « " + opt_.story_panel + " » introuvable", opt_.workspace,
                      "maraude story list " + opt_.workspace);
        story_panel_.selected = static_cast<int>(it - story_panel_.stories.begin());
        story_panel_.expand = true;
        if (!it->views.empty()) {
          story_panel_.selected_view = 0;
          apply_story_view(s_, it->views.front(), 0.01);
        }
      }
      exporter_ = std::make_unique<ExportController>(loader_->ws, opt_.workspace);
      exporter_->on_update = [] { glfwPostEmptyEvent(); };
      if (!opt_.export_dialog.empty())
        open_export_panel(export_panel_, opt_.export_dialog == "dossier" ? ExportKind::Dossier
                                        : opt_.export_dialog == "affiche" ? ExportKind::Poster
                                                                         : ExportKind::Handout);
      if (!opt_.present.empty()) {
        auto it = std::find_if(story_panel_.stories.begin(), story_panel_.stories.end(),
                               [&](const Story& x) { return x.name == opt_.present; });
        if (it == story_panel_.stories.end())
          throw Error(ErrorKind::Usage, "récit « " + opt_.present + " » introuvable", opt_.workspace,
                      "maraude story list " + opt_.workspace);
        story_panel_.selected = static_cast<int>(it - story_panel_.stories.begin());
        start_presenting(*it);
      }
    } catch (const Error& e) {
      error_ = e.format();
    }
  }
  loader_.reset();
  settle_frames_ = 2;
}

}  // namespace maraude::app
