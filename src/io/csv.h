// RFC 4180 CSV reading with precise error reporting (file, line, column).
// Quoted fields may contain the delimiter, quotes ("") and line breaks.
#pragma once
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace maraude::io {

struct CsvRow {
  std::vector<std::string> fields;
  int line = 0;  // 1-based line of the row's first character in the file
};

class CsvTable {
 public:
  // Reads the whole file. Throws maraude::Error naming the file when it is missing,
  // not UTF-8 (e.g. Latin-1 / Windows-1252 export), uses another delimiter than
  // `delimiter` (';' or tab detected in the header), or has an unterminated quote.
  static CsvTable read(const std::string& path, char delimiter = ',');
  static CsvTable parse(const std::string& text, const std::string& name_for_errors, char delimiter = ',');

  const std::string& path() const { return path_; }
  const std::vector<std::string>& header() const { return header_; }
  const std::vector<CsvRow>& rows() const { return rows_; }
  // Column index, or nullopt.
  std::optional<size_t> column(const std::string& name) const;
  // Column index; throws BadInput naming the file and the missing field.
  size_t require(const std::string& name, const std::string& hint = {}) const;
  // Field value of a row (empty string when the row is short).
  const std::string& get(const CsvRow& row, size_t col) const;

 private:
  std::string path_;
  std::vector<std::string> header_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<CsvRow> rows_;
};

}  // namespace maraude::io
