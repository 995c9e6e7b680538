#include "io/document_store.h"

#include <pwd.h>
#include <unistd.h>

#include <ctime>
#include <cstdlib>

#include "io/pg.h"

namespace maraude::io {

namespace {

// "2026-12-05T14:32:10Z" → "14:32" in local time ("" when unreadable).
std::string local_hhmm(const std::string& iso_utc) {
  std::tm tm{};
  if (!strptime(iso_utc.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return iso_utc;
  const std::time_t t = timegm(&tm);
  std::tm local{};
  localtime_r(&t, &local);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M", &local);
  return buf;
}

std::string conflict_message(const Document& mine, const std::optional<Document>& theirs, const std::string& kept_as) {
  std::string m = "« " + mine.name + " » a été " + changed_by_text(theirs) + " depuis que vous l’avez ouvert : votre enregistrement n’a rien écrasé";
  if (!kept_as.empty()) m += " ; votre version est gardée sous « " + kept_as + " »";
  return m;
}

}  // namespace

std::string changed_by_text(const std::optional<Document>& theirs) {
  if (!theirs) return "supprimé";
  return "modifié par " + (theirs->author.empty() ? std::string("quelqu’un") : theirs->author) + " à " + local_hhmm(theirs->updated);
}

namespace {
std::string conflict_hint(const Document& mine, const std::string& kept_as) {
  if (kept_as.empty()) return "rechargez la version enregistrée, puis refaites vos changements";
  if (mine.kind == "plan") return "comparez les deux plans (maraude plan show), gardez l’un ou supprimez l’autre";
  if (mine.kind == "story") return "comparez les deux récits (maraude story show), gardez l’un ou fusionnez à la main";
  return "comparez les deux versions (maraude scenario compare), gardez l’une ou fusionnez à la main";
}
}  // namespace

std::string conflict_copy_name(const std::string& name, const std::string& user, int n) {
  const std::string base = name + " (copie de " + (user.empty() ? std::string("inconnu") : user) + ")";
  return n <= 1 ? base : base + " " + std::to_string(n);
}

Document save_or_keep_copy(DocumentStore& store, const Document& mine, std::int64_t expected) {
  try {
    return store.save(mine, expected);
  } catch (const DocumentConflict& c) {
    const std::string user = store.user();
    for (int i = 1; i < 100; ++i) {
      Document copy = mine;
      copy.name = conflict_copy_name(mine.name, user, i);
      try {
        store.save(copy, 0);  // a free name only: a copy overwrites nothing either
      } catch (const DocumentConflict&) {
        continue;
      }
      throw DocumentConflict(mine, c.theirs(), store.location(), copy.name);
    }
    throw;
  }
}

DocumentConflict::DocumentConflict(const Document& mine, std::optional<Document> theirs, const std::string& where, const std::string& kept_as)
    : Error(ErrorKind::Conflict, conflict_message(mine, theirs, kept_as), where, conflict_hint(mine, kept_as)),
      mine_(mine),
      theirs_(std::move(theirs)),
      kept_as_(kept_as) {}

std::string local_author() {
  if (const char* u = std::getenv("USER"); u && *u) return u;
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name) return pw->pw_name;
  return "inconnu";
}

std::unique_ptr<DocumentWatcher> watch_documents(const std::string& location) {
  if (pg::is_location(location)) return detail::watch_pg_documents(location);
  return nullptr;
}

std::unique_ptr<DocumentStore> open_document_store(const std::string& location) {
  if (pg::is_location(location)) return detail::open_pg_document_store(location);
  return detail::open_gpkg_document_store(location);
}

}  // namespace maraude::io
