#include <cstdlib>
#include <filesystem>
#include <string>

#include "app/panels.h"
#include "imgui.h"

namespace maraude::app {

Fonts load_fonts(float size_px) {
  // Latin-1 and the French typography outside it: œ Œ ’ « » – — … narrow spaces, arrows, and
  // the mathematical signs the panels write (− minus of « B − A », ≈ ≤ ≥ ×, ✓).
  static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0152, 0x0153, 0x0178, 0x0178, 0x2009, 0x200A,
                                    0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2022,
                                    0x2026, 0x2026, 0x202F, 0x202F, 0x20AC, 0x20AC, 0x2190, 0x2193,  // ← ↑ → ↓
                                    0x2212, 0x2212, 0x2248, 0x2248, 0x2264, 0x2265, 0x00D7, 0x00D7,
                                    0x2713, 0x2713, 0};
  // Debian font packages (fonts-dejavu-core, fonts-noto-core); $MARAUDE_FONT_DIR first.
  std::vector<std::string> dirs;
  if (const char* d = std::getenv("MARAUDE_FONT_DIR"); d && *d) dirs.push_back(d);
  dirs.push_back("/usr/share/fonts/truetype/dejavu");
  dirs.push_back("/usr/share/fonts/truetype/noto");
  ImGuiIO& io = ImGui::GetIO();
  Fonts f;
  for (const auto& dir : dirs) {
    for (auto [reg, bold] : {std::pair{"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"}, std::pair{"NotoSans-Regular.ttf", "NotoSans-Bold.ttf"}}) {
      const std::string r = dir + "/" + reg, b = dir + "/" + bold;
      if (!std::filesystem::exists(r)) continue;
      f.regular = io.Fonts->AddFontFromFileTTF(r.c_str(), size_px, nullptr, kRanges);
      f.bold = std::filesystem::exists(b) ? io.Fonts->AddFontFromFileTTF(b.c_str(), size_px, nullptr, kRanges) : f.regular;
      f.found = f.regular != nullptr;
      if (f.found) return f;
    }
  }
  f.regular = f.bold = io.Fonts->AddFontDefault();
  return f;
}

}  // namespace maraude::app
