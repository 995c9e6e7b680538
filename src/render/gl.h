// OpenGL 3.3 core declarations (prototypes exported by Mesa/glvnd's libGL).
#pragma once
#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/gl.h>
#include <GL/glext.h>
