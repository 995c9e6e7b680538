// Forced include for Debian's imgui_impl_opengl3.cpp (built with
// IMGUI_IMPL_OPENGL_LOADER_CUSTOM): the OpenGL 3.3 entry points come from the system's
// prototypes (Mesa / glvnd export them), not from the bundled gl3w loader, whose 1.86
// copy writes one function pointer past its table (UBSan: index 53 out of bounds).
#pragma once
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
