// Typed errors for Maraude. Thrown anywhere, caught only at the edges (CLI main,
// GUI modal). A message says what went wrong, where (file, layer, feature id,
// field, line) and a hint on what to do.
#pragma once
#include <stdexcept>
#include <string>

namespace maraude {

// Each kind maps to its own process exit code (see exit_code()).
enum class ErrorKind {
  Usage,       // bad command-line arguments
  MissingFile, // an input file does not exist
  BadInput,    // an input file exists but its content is wrong
  Workspace,   // the workspace is missing, corrupt or from another version
  Io,          // cannot write an output
  Infeasible,  // a planning/coverage problem has no valid answer
  Graphics,    // no OpenGL 3.3, no display...
  Conflict,    // a shared document was changed by someone else since it was read
  Internal,
};

int exit_code(ErrorKind kind);
const char* kind_name(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string what, std::string where = {}, std::string hint = {});
  ErrorKind kind() const { return kind_; }
  const std::string& what_text() const { return what_; }
  const std::string& where() const { return where_; }
  const std::string& hint() const { return hint_; }
  // "where: what (hint)" on one or two lines, for stderr and GUI modals.
  std::string format() const;

 private:
  ErrorKind kind_;
  std::string what_, where_, hint_;
};

}  // namespace maraude
