// Per-frame guard of the window's panels: an exception thrown while a panel is drawn (between
// an ImGui Begin and its End) must not reach ImGui::Render with windows still open (Dear
// ImGui aborts on the mismatch). guard_panels runs the panels, and on an exception closes
// every window, child window, popup, table, group and pushed style/ID that was left open,
// then hands back the message for the error modal; the session keeps running.
#pragma once
#include <functional>
#include <string>

namespace maraude::app {

// Runs `panels` (call between ImGui::NewFrame and ImGui::Render). Returns true when it ran
// to the end; false when it threw: `error` holds the French message (Error::format(), or
// « erreur interne » for any other exception) and ImGui's stacks are unwound.
bool guard_panels(const std::function<void()>& panels, std::string& error);

// Unwinds what is still open in ImGui's stacks down to the frame's implicit window
// (used by guard_panels; callable after any other caught exception within a frame).
void recover_imgui_frame();

}  // namespace maraude::app
