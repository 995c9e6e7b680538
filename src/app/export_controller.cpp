#include "app/export_controller.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <new>
#include <optional>

#include "core/coverage/scenario.h"
#include "core/error.h"
#include "core/text.h"
#include "io/pg.h"
#include "io/pdf_atlas.h"
#include "io/present_export.h"

namespace maraude::app {

namespace fs = std::filesystem;

namespace {
// Tiles of a poster rendered from the window: one per frame, small enough for a frame's work
// (about 0.17 s a tile on llvmpipe with 2 cores, against 0.3 s for 2048-px tiles).
constexpr int kWindowTile = 1024;

// Bytes the system can still give (MemAvailable), or 0 when unknown.
double available_memory() {
  std::ifstream f("/proc/meminfo");
  std::string key;
  double kb = 0;
  std::string unit;
  while (f >> key >> kb >> unit)
    if (key == "MemAvailable:") return kb * 1024;
  return 0;
}

std::string gigabytes(double bytes) { return format_fr(bytes / (1024.0 * 1024 * 1024), 1) + " Go"; }

// A library error as one paragraph for the window: the French message, where when it is a
// file, and what to do (the command-line hints that name options are left out).
std::string error_text(const Error& e, ExportKind kind) {
  std::string t = e.what_text();
  const std::string& where = e.where();
  if (!where.empty() && where.rfind("--", 0) != 0 && where != "ligne de commande" && where != "pilote OpenGL" &&
      t.find(where) == std::string::npos)
    t += " — " + where;
  if (e.kind() == ErrorKind::Io)
    t += ". Choisissez un dossier existant où vous pouvez écrire, ou un autre nom de fichier.";
  else if (kind == ExportKind::Poster && e.kind() == ErrorKind::Usage)
    t += ". Choisissez une résolution jusqu'à 1200 dpi (300 pour imprimer, 150 pour une épreuve) ; "
         "baissez-la pour un grand format.";
  else if (e.kind() == ErrorKind::Graphics)
    t += ". Essayez une résolution plus basse.";
  else if (!e.hint().empty() && e.hint().find("--") == std::string::npos)
    t += " (" + e.hint() + ")";
  return t;
}

std::string slug(const std::string& name) {
  std::string s;
  for (char c : fold_words(name)) s += (c == ' ') ? '_' : c;
  while (!s.empty() && s.back() == '_') s.pop_back();
  return s.empty() ? "recit" : s.substr(0, 60);
}
}  // namespace

std::string default_export_dir(const std::string& ws_path) {
  if (io::pg::is_location(ws_path)) return ".";  // a team database: beside the user, not "inside" it
  const fs::path p(ws_path);
  return p.has_parent_path() ? p.parent_path().string() : ".";
}

std::string default_export_path(const ExportRequest& r, const std::string& dir) {
  std::string name;
  switch (r.kind) {
    case ExportKind::Handout: {
      const std::string n = slug(r.story.name);
      name = (starts_with(n, "recit") ? n : "recit_" + n) + ".pdf";
      break;
    }
    case ExportKind::Dossier: name = "dossier_" + r.by + ".pdf"; break;
    case ExportKind::Poster: {
      const std::string f = to_upper(r.poster.format);
      name = "affiche_" + f + (r.poster.landscape ? "_paysage" : "") + (r.pdf ? ".pdf" : ".png");
      break;
    }
  }
  return (fs::path(dir.empty() ? "." : dir) / name).string();
}

ExportController::ExportController(std::shared_ptr<const Workspace> ws, std::string ws_path)
    : ws_(std::move(ws)), ws_path_(std::move(ws_path)) {}

ExportController::~ExportController() {
  cancel_ = true;
  if (worker_.joinable()) worker_.join();
  poster_.reset();
}

std::string ExportController::refusal(const std::string& what) const {
  return (request_.english ? "Export not started: " : "Export non lancé : ") + what;
}

bool ExportController::start(const ExportRequest& r, render::MapRenderer* renderer) {
  if (running()) return false;
  if (worker_.joinable()) worker_.join();
  poster_.reset();
  request_ = r;
  request_.path = trim(r.path);
  cancel_ = false;
  worker_done_ = false;
  {
    std::lock_guard<std::mutex> l(m_);
    stage_.clear();
    done_ = total_ = 0;
    worker_state_ = State::Idle;
    worker_message_.clear();
  }
  const ExportRequest& q = request_;
  auto refuse = [&](const std::string& what) {
    finish(State::Failed, refusal(what));
    return false;
  };
  if (!ws_) return refuse("aucun espace de travail chargé.");
  if (q.path.empty()) return refuse("indiquez le fichier de sortie.");
  const std::string want = q.kind == ExportKind::Poster && !q.pdf ? ".png" : ".pdf";
  if (!ends_with(fold(q.path), want))
    return refuse("le nom du fichier doit finir par « " + want + " » (" + q.path + ").");
  try {
    switch (q.kind) {
      case ExportKind::Handout:
        if (q.story.name.empty())
          return refuse("choisissez un récit (créez-en un dans le panneau « Récits et présentation »).");
        if (q.story.views.empty())
          return refuse("le récit « " + q.story.name + " » n'a aucune vue : ajoutez-en avec « + Vue actuelle ».");
        io::check_output_writable(q.path);
        break;
      case ExportKind::Dossier:
        if (!io::is_dossier_level(q.by)) return refuse("découpage « " + q.by + " » inconnu (zone, epci, departement).");
        io::check_output_writable(q.path);
        break;
      case ExportKind::Poster: {
        if (!renderer) return refuse("pas de rendu OpenGL pour l'affiche.");
        render::validate_poster(q.poster);
        const render::PosterLayout L = render::poster_layout(q.poster);
        const double px = q.pdf ? L.map.width() * L.map.height() : static_cast<double>(L.width) * L.height;
        const double need = px * 4 * (q.pdf ? 2.0 : 1.0) + 64.0 * 1024 * 1024;
        const double avail = available_memory();
        if (avail > 0 && need > 0.8 * avail)
          return refuse("l'affiche " + q.poster.format + " à " + format_fr(q.poster.dpi, 0) + " dpi (" +
                        format_thousands(L.width) + " × " + format_thousands(L.height) + " px) demande environ " +
                        gigabytes(need) + " de mémoire et " + gigabytes(avail) +
                        " sont libres : baissez la résolution ou choisissez un format plus petit.");
        poster_ = std::make_unique<render::PosterJob>(*renderer, *ws_, q.style, q.extent, q.poster, q.path,
                                                      q.pdf ? render::PosterJob::Output::Pdf
                                                            : render::PosterJob::Output::Png,
                                                      kWindowTile);
        break;
      }
    }
  } catch (const Error& e) {
    poster_.reset();
    return refuse(error_text(e, q.kind));
  } catch (const std::bad_alloc&) {
    poster_.reset();
    return refuse("mémoire insuffisante : baissez la résolution ou choisissez un format plus petit.");
  }

  state_ = State::Running;
  message_.clear();
  if (q.kind == ExportKind::Poster) return true;  // step() renders the tiles

  auto progress = [this](const std::string& stage, int done, int total) {
    {
      std::lock_guard<std::mutex> l(m_);
      stage_ = stage;
      done_ = done;
      total_ = total;
    }
    if (on_update) on_update();
  };
  run_worker([this, q, progress]() -> std::string {
    io::ExportProgress pr;
    pr.report = progress;
    pr.cancel = &cancel_;
    io::ExportResult res;
    if (q.kind == ExportKind::Handout)
      res = io::export_handout(ws_path_, *ws_, q.story, q.path, pr, q.shown ? &*q.shown : nullptr,
                               q.style.laureate_visible.empty() ? nullptr : &q.style.laureate_visible);
    else if (q.edited)
      res = io::export_dossier(ws_path_, *ws_, q.by, *q.edited, q.path, pr);
    else
      res = io::export_dossier(ws_path_, *ws_, q.by, q.scenario.empty() ? coverage::kDefaultScenarioName : q.scenario,
                               q.path, pr);
    if (res.cancelled) return {};
    return (q.english ? "Written: " : "Document écrit : ") + q.path + " (" + std::to_string(res.pages) + " pages).";
  });
  return true;
}

void ExportController::run_worker(std::function<std::string()> work) {
  worker_done_ = false;
  worker_ = std::thread([this, work = std::move(work)] {
    State st = State::Done;
    std::string msg;
    try {
      msg = work();
      if (msg.empty()) st = State::Cancelled;
    } catch (const Error& e) {
      st = State::Failed;
      msg = error_text(e, request_.kind);
    } catch (const std::bad_alloc&) {
      st = State::Failed;
      msg = "mémoire insuffisante pour cet export : baissez la résolution ou choisissez un format plus petit.";
    } catch (const std::exception& e) {
      st = State::Failed;
      msg = std::string("erreur interne : ") + e.what();
    }
    {
      std::lock_guard<std::mutex> l(m_);
      worker_state_ = st;
      worker_message_ = msg;
    }
    worker_done_ = true;
    if (on_update) on_update();
  });
}

void ExportController::finish(State s, const std::string& msg) {
  state_ = s;
  const bool en = request_.english;
  if (s == State::Cancelled) {
    std::error_code ec;
    message_ = en ? "Export cancelled: no file written." : "Export annulé : aucun fichier écrit.";
    if (fs::exists(request_.path, ec))
      message_ += (en ? " « " : " « ") + request_.path + (en ? " » is unchanged." : " » est inchangé.");
  } else if (s == State::Failed && msg.rfind(refusal(""), 0) != 0) {
    message_ = (en ? "Export failed, no file written: " : "Échec de l'export, aucun fichier écrit : ") + msg;
  } else {
    message_ = msg;
  }
}

void ExportController::cancel() {
  if (running()) cancel_ = true;
}

bool ExportController::step() {
  if (state_ != State::Running) return false;
  if (poster_ && !poster_->rendered()) {
    if (cancel_) {
      poster_.reset();  // frees the framebuffers here, on the GL thread
      finish(State::Cancelled, {});
      return false;
    }
    try {
      poster_->render_step();
    } catch (const Error& e) {
      poster_.reset();
      finish(State::Failed, error_text(e, ExportKind::Poster));
      return false;
    } catch (const std::bad_alloc&) {
      poster_.reset();
      finish(State::Failed, "mémoire insuffisante : baissez la résolution.");
      return false;
    }
    {
      std::lock_guard<std::mutex> l(m_);
      stage_ = "tuile";
      done_ = poster_->tiles_done();
      total_ = poster_->tiles();
    }
    if (poster_->rendered()) {
      {
        std::lock_guard<std::mutex> l(m_);
        stage_ = "écriture";
      }
      render::PosterJob* job = poster_.get();
      const ExportRequest q = request_;
      run_worker([this, job, q]() -> std::string {
        if (!job->write(&cancel_)) return {};
        const auto& L = job->stats().layout;
        return (q.english ? "Poster written: " : "Affiche écrite : ") + q.path + " (" + q.poster.format + ", " +
               format_fr(q.poster.dpi, 0) + " dpi, " + format_thousands(L.width) + " × " +
               format_thousands(L.height) + " px).";
      });
    }
    return true;
  }
  if (worker_done_) {
    if (worker_.joinable()) worker_.join();
    State st;
    std::string msg;
    {
      std::lock_guard<std::mutex> l(m_);
      st = worker_state_;
      msg = worker_message_;
    }
    poster_.reset();
    finish(st, msg);
    return false;
  }
  return true;
}

void ExportController::wait() {
  while (step())
    if (!poster_ || poster_->rendered()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

float ExportController::fraction() const {
  if (state_ == State::Done) return 1.0f;
  std::lock_guard<std::mutex> l(m_);
  if (total_ <= 0) return 0.0f;
  const float f = std::clamp(static_cast<float>(done_) / total_, 0.0f, 1.0f);
  if (request_.kind != ExportKind::Poster) return stage_ == "fin" ? 0.99f : f;
  return stage_ == "écriture" ? 0.9f : 0.9f * f;
}

std::string ExportController::progress_text() const {
  std::lock_guard<std::mutex> l(m_);
  const bool en = request_.english;
  if (state_ != State::Running) return {};
  if (stage_ == "lacunes") return en ? "computing the scenario's gaps…" : "calcul des lacunes du scénario…";
  if (stage_ == "fin") return en ? "completing the PDF…" : "finalisation du PDF…";
  if (stage_ == "écriture") return en ? "writing the file…" : "écriture du fichier…";
  if (stage_ == "page" && total_ > 0)
    return "page " + std::to_string(std::min(done_ + 1, total_)) + "/" + std::to_string(total_);
  if (stage_ == "tuile" && total_ > 0)
    return (en ? "tile " : "tuile ") + std::to_string(std::min(done_ + 1, total_)) + "/" + std::to_string(total_);
  return en ? "starting…" : "préparation…";
}

}  // namespace maraude::app
