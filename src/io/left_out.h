// The candidates a plan leaves out, with their reason and value, in one list: those the
// stop rules removed (io/stop_rules.h) and those the planner could not or would not serve
// (no room, too far, driving limit, value too low). The report and the Tournées panel count
// the reasons and show the most valuable losses; exclus.csv holds the whole list.
#pragma once
#include <string>
#include <vector>

#include "io/plan_request.h"

namespace maraude::io {

struct LeftOutEntry {
  std::string code;    // QPV code, or INSEE code of the commune
  std::string name;    // the candidate's label
  std::string reason;  // French, shared by every candidate left out for it
  std::string detail;  // this candidate's figures and explanation
  double value = 0;    // estimated uncovered NEETs
  bool by_rule = false;
  int stop = -1;       // index into result.input.stops (planner's left-outs), else -1
};

// Rule exclusions first (most valuable first), then the planner's left-outs in its order.
std::vector<LeftOutEntry> left_out_entries(const PlanResult& result, const PlanRequest& request);

struct ReasonCount {
  std::string reason;
  int count = 0;
  double value = 0;  // NEETs of those candidates
  bool by_rule = false;
};
// One line per reason, most frequent first (ties: most value first).
std::vector<ReasonCount> count_reasons(const std::vector<LeftOutEntry>& entries);
// The `n` most valuable entries.
std::vector<LeftOutEntry> top_losses(const std::vector<LeftOutEntry>& entries, size_t n = 10);

// The report's sections on the rules (applied, conflicts) and the left-out candidates
// (counts per reason, the 10 largest losses, the pointer to exclus.csv).
std::string rules_report(const PlanResult& result);
std::string left_out_report(const PlanResult& result, const PlanRequest& request);

// exclus.csv (code, nom, raison, valeur_neet, detail), one row per left-out candidate.
std::string write_left_out_csv(const std::string& dir, const PlanResult& result, const PlanRequest& request);

}  // namespace maraude::io
