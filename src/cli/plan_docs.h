// `maraude plan list|show|export|delete` (saved plans, io/plan_store.h) and the options of
// `maraude plan` that act on the computed plan (--save NAME, --add-to-scenario NAME),
// kept out of cmd_plan.cpp, which only dispatches to them.
#pragma once
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
// After the files: --save and --add-to-scenario (prints what was done).
void finish_plan_options(const Args& a, const std::string& ws_path, const Workspace& ws, const io::PlanResult& res,
                         const io::PlanRequest& req);

extern const char* kPlanDocsUsage;

}  // namespace maraude::cli
