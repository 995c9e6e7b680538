// GDAL, OGR and SQLite (through GDAL's GeoPackage driver) speak English ("Warning 1:
// Self-intersection…", "database disk image is malformed", "ERROR 6: Unsupported WKB type").
// Their messages reach the user only through here: said in French, the original text kept on a
// detail line. install_gdal_message_handler() replaces GDAL's default printer (stderr).
#pragma once
#include <string>

namespace maraude::io {

// The French meaning of a GDAL/OGR/SQLite message ("base de données endommagée"), or a
// generic "message de la bibliothèque GDAL" when the text is not known.
std::string gdal_message_fr(const std::string& original);
// French text followed by the original on a detail line:
// "fichier GeoPackage endommagé\n    texte d'origine (GDAL) : database disk image is malformed".
// Empty when `original` is empty.
std::string gdal_text(const std::string& original);
// gdal_text(CPLGetLastErrorMsg()).
std::string gdal_last_error();
// Installs (once) a GDAL error handler that prints warnings and errors to stderr in French
// ("avertissement (GDAL) : auto-intersection d'un polygone…"), at most 5 times per kind of
// message, and counts the rest (gdal_messages_hidden()). Debug messages are dropped.
void install_gdal_message_handler();
int gdal_messages_hidden();

}  // namespace maraude::io
