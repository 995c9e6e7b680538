#include "render/gl_program.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace maraude::render {

struct EmbeddedShader { const char* name; const char* text; };
extern const EmbeddedShader kEmbeddedShaders[];

std::string shader_source(const std::string& file) {
  if (const char* dir = std::getenv("MARAUDE_SHADER_DIR"); dir && *dir) {
    std::ifstream f(std::string(dir) + "/" + file);
    if (f) {
      std::stringstream ss;
      ss << f.rdbuf();
      return ss.str();
    }
  }
  for (const EmbeddedShader* s = kEmbeddedShaders; s->name; ++s)
    if (file == s->name) return s->text;
  throw Error(ErrorKind::Graphics, "shader " + file + " introuvable", "shaders/",
              "recompilez maraude (les shaders sont intégrés à la compilation) ou corrigez $MARAUDE_SHADER_DIR");
}

static GLuint compile(GLenum type, const std::string& file) {
  const std::string src = shader_source(file);
  GLuint sh = glCreateShader(type);
  const char* p = src.c_str();
  glShaderSource(sh, 1, &p, nullptr);
  glCompileShader(sh);
  GLint ok = 0;
  glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[4096] = {0};
    glGetShaderInfoLog(sh, sizeof log, nullptr, log);
    glDeleteShader(sh);
    throw Error(ErrorKind::Graphics, std::string("échec de la compilation du shader : ") + log, "shaders/" + file,
                "le pilote OpenGL doit prendre en charge GLSL 3.30 (profil core)");
  }
  return sh;
}

Program::Program(const std::string& name) : name_(name) {
  const GLuint vs = compile(GL_VERTEX_SHADER, name + ".vert.glsl");
  GLuint fs = 0;
  try {
    fs = compile(GL_FRAGMENT_SHADER, name + ".frag.glsl");
  } catch (...) {
    glDeleteShader(vs);
    throw;
  }
  id_ = glCreateProgram();
  glAttachShader(id_, vs);
  glAttachShader(id_, fs);
  glLinkProgram(id_);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(id_, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[4096] = {0};
    glGetProgramInfoLog(id_, sizeof log, nullptr, log);
    glDeleteProgram(id_);
    id_ = 0;
    throw Error(ErrorKind::Graphics, std::string("échec de l’édition de liens du shader : ") + log, "shaders/" + name + ".*.glsl");
  }
}

Program::~Program() {
  if (id_) glDeleteProgram(id_);
}

GLint Program::loc(const char* uniform) {
  auto it = locs_.find(uniform);
  if (it != locs_.end()) return it->second;
  const GLint l = glGetUniformLocation(id_, uniform);
  locs_.emplace(uniform, l);
  return l;
}

void check_gl(const char* what) {
  const GLenum e = glGetError();
  if (e != GL_NO_ERROR) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%04x", e);
    throw Error(ErrorKind::Graphics, std::string("erreur OpenGL ") + buf, what);
  }
}

}  // namespace maraude::render
