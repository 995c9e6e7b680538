#include "io/gdal_messages.h"

#include <cpl_error.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>

#include "core/text.h"

namespace maraude::io {

namespace {
struct Known {
  const char* needle;  // folded (lower case, no accents)
  const char* fr;
};
// Ordered: the first match wins.
constexpr Known kKnown[] = {
    {"database disk image is malformed", "fichier GeoPackage/SQLite endommagé (base de données corrompue)"},
    {"file is not a database", "ce fichier n'est pas une base SQLite/GeoPackage"},
    {"file is encrypted or is not a database", "ce fichier n'est pas une base SQLite/GeoPackage"},
    {"database is locked", "base verrouillée : un autre programme l'utilise"},
    {"attempt to write a readonly database", "base en lecture seule : écriture refusée"},
    {"disk i/o error", "erreur d'entrée-sortie disque"},
    {"unique constraint failed", "identifiant en double dans la base"},
    {"no such table", "table absente de la base"},
    {"ring self-intersection", "auto-intersection d'un anneau de polygone (géométrie invalide)"},
    {"self-intersection", "auto-intersection d'un polygone (géométrie invalide)"},
    {"too few points", "géométrie avec trop peu de points"},
    {"unsupported wkb type", "type de géométrie (WKB) non pris en charge"},
    {"failed to read geojson data", "lecture du GeoJSON impossible (fichier tronqué ou JSON invalide)"},
    {"geojson object too complex", "objet GeoJSON trop volumineux"},
    {"json parsing error", "JSON invalide"},
    {"not recognized as a supported file format", "format de fichier non reconnu"},
    {"not recognized as being in a supported file format", "format de fichier non reconnu"},
    {"no such file or directory", "fichier ou dossier introuvable"},
    {"permission denied", "permission refusée"},
};
std::mutex g_mutex;
std::map<std::string, int> g_seen;  // French text → times reported
std::atomic<int> g_hidden{0};

void CPL_STDCALL handler(CPLErr cls, CPLErrorNum, const char* msg) {
  if (cls == CE_Debug || cls == CE_None || !msg) return;
  const std::string fr = gdal_message_fr(msg);
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    if (++g_seen[fr] > 5) {
      ++g_hidden;
      return;
    }
  }
  std::fprintf(stderr, "%s (GDAL) : %s\n    texte d'origine : %s\n", cls == CE_Warning ? "avertissement" : "erreur", fr.c_str(),
               msg);
}
}  // namespace

std::string gdal_message_fr(const std::string& original) {
  const std::string f = fold(original);
  for (const auto& k : kKnown)
    if (f.find(k.needle) != std::string::npos) return k.fr;
  return "message de la bibliothèque GDAL";
}

std::string gdal_text(const std::string& original) {
  const std::string o = trim(original);
  if (o.empty()) return {};
  return gdal_message_fr(o) + "\n    texte d'origine (GDAL) : " + o;
}

std::string gdal_last_error() { return gdal_text(CPLGetLastErrorMsg()); }

void install_gdal_message_handler() {
  static std::once_flag once;
  std::call_once(once, [] { CPLSetErrorHandler(handler); });
}

int gdal_messages_hidden() { return g_hidden.load(); }

}  // namespace maraude::io
