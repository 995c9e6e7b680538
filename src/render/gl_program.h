// Shader programs built from shaders/<name>.vert.glsl and <name>.frag.glsl.
#pragma once
#include <string>
#include <unordered_map>

#include "render/gl.h"

namespace maraude::render {

// Source text of a shader file ("fill.vert.glsl"): $MARAUDE_SHADER_DIR/<file> when that
// variable is set, else the copy embedded at build time. Throws Error(Graphics).
std::string shader_source(const std::string& file);

class Program {
 public:
  explicit Program(const std::string& name);  // compiles and links; throws Error(Graphics)
  ~Program();
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;
  void use() const { glUseProgram(id_); }
  GLint loc(const char* uniform);
  GLuint id() const { return id_; }

 private:
  GLuint id_ = 0;
  std::string name_;
  std::unordered_map<std::string, GLint> locs_;
};

// Throws Error(Graphics) naming `what` if glGetError() reports an error.
void check_gl(const char* what);

}  // namespace maraude::render
