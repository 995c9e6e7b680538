#include "core/error.h"

namespace maraude {

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Usage: return 2;
    case ErrorKind::MissingFile: return 3;
    case ErrorKind::BadInput: return 4;
    case ErrorKind::Workspace: return 5;
    case ErrorKind::Io: return 6;
    case ErrorKind::Infeasible: return 7;
    case ErrorKind::Graphics: return 8;
    case ErrorKind::Conflict: return 9;
    case ErrorKind::Internal: return 70;
  }
  return 1;
}

const char* kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Usage: return "utilisation";
    case ErrorKind::MissingFile: return "fichier absent";
    case ErrorKind::BadInput: return "donnée invalide";
    case ErrorKind::Workspace: return "espace de travail";
    case ErrorKind::Io: return "lecture/écriture";
    case ErrorKind::Infeasible: return "irréalisable";
    case ErrorKind::Graphics: return "affichage";
    case ErrorKind::Conflict: return "conflit";
    case ErrorKind::Internal: return "interne";
  }
  return "erreur";
}

static std::string compose(const std::string& what, const std::string& where, const std::string& hint) {
  std::string s;
  if (!where.empty()) s += where + ": ";
  s += what;
  if (!hint.empty()) s += "\n  (que faire : " + hint + ")";
  return s;
}

Error::Error(ErrorKind kind, std::string what, std::string where, std::string hint)
    : std::runtime_error(compose(what, where, hint)),
      kind_(kind), what_(std::move(what)), where_(std::move(where)), hint_(std::move(hint)) {}

std::string Error::format() const { return std::runtime_error::what(); }

}  // namespace maraude
