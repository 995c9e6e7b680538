#include "app/frame_guard.h"

#include <cstdarg>
#include <cstdio>
#include <exception>
#include <new>

#include "core/error.h"
#include "imgui.h"
#include "imgui_internal.h"

namespace maraude::app {

namespace {
void log_recovery(void*, const char* fmt, ...) {
  // What was left open, for whoever reads stderr; the user sees the error modal.
  va_list args;
  va_start(args, fmt);
  std::fputs("maraude (fenêtre) : ", stderr);
  std::vfprintf(stderr, fmt, args);
  std::fputc('\n', stderr);
  va_end(args);
}
}  // namespace

void recover_imgui_frame() {
  if (!ImGui::GetCurrentContext()) return;
  ImGui::ErrorCheckEndFrameRecover(log_recovery, nullptr);
}

bool guard_panels(const std::function<void()>& panels, std::string& error) {
  try {
    panels();
    return true;
  } catch (const Error& e) {
    error = e.format();
  } catch (const std::bad_alloc&) {
    error = "mémoire insuffisante pendant l'affichage d'un panneau : l'opération est abandonnée, "
            "le travail en cours est conservé";
  } catch (const std::exception& e) {
    error = std::string("erreur interne pendant l'affichage d'un panneau : ") + e.what() +
            "\nL'opération est abandonnée, le travail en cours est conservé.";
  }
  recover_imgui_frame();
  return false;
}

}  // namespace maraude::app
