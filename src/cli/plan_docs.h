// `maraude plan list|show|export|delete` (saved plans, io/plan_store.h) and the options of
// `maraude plan` that act on the computed plan (--save NAME, --add-to-scenario NAME),
// kept out of cmd_plan.cpp, which only dispatches to them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cli/command.h"
#include "io/plan_request.h"

namespace maraude::cli {

// True when argv[0] is list, show, export or delete (a workspace is never given as these words).
bool is_plan_doc_command(const std::vector<std::string>& argv);
int run_plan_docs(const std::vector<std::string>& argv);
// Before any computation: --save / --add-to-scenario name something (Error(Usage) otherwise).
void check_plan_options(const Args& a);
// Before the files are written: a plan to be saved takes its ICS stamp now, so its later
// exports write the same bytes.
void prepare_plan_save(const Args& a, io::PlanResult& res);
// Before the computation: the stored version of the --save plan (0: none, or no --save), the
// one the new revision goes on top of — a save by someone else during the computation is
// then a conflict (exit 9, the plan kept as a copy), never overwritten.
std::int64_t plan_save_base(const Args& a, const std::string& ws_path);
// After the files: --save and --add-to-scenario (prints what was done).
void finish_plan_options(const Args& a, const std::string& ws_path, const Workspace& ws, const io::PlanResult& res,
                         const io::PlanRequest& req, std::int64_t save_base);

extern const char* kPlanDocsUsage;

}  // namespace maraude::cli
