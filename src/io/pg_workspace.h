// The team side of a PostgreSQL workspace (io/pg.h): roles and row-level security.
//
// Three group roles (cluster-wide, created by the first import):
//   maraude_reader  reads every layer and document (view, export);
//   maraude_editor  also saves documents (scenarios, stories, plans) and changes the
//                   laureates' rows — only those of its own carrier (structure), by
//                   row-level security; the carrier of each login role is kept in
//                   maraude_team.editors and stamped on the documents it creates;
//   maraude_admin   everything (import, grants).
// The grants and policies are applied to each import's new schema before it is switched in.
#pragma once
#include <string>
#include <vector>

namespace maraude::io {

enum class TeamRole { Reader, Editor, Admin };

// Gives login role `role` (created, without password, when missing: set one with ALTER ROLE
// or use peer/cert authentication) the team role; `carrier` is required for an editor.
// Needs a connection allowed to create roles. Throws Error in French.
void team_grant(const std::string& location, const std::string& role, TeamRole what, const std::string& carrier);

struct TeamMember {
  std::string role, team_role, carrier;
};
std::vector<TeamMember> team_members(const std::string& location);

// The SQL creating the team schema, group roles and helper function (idempotent).
std::string team_setup_sql();
// The SQL granting and the row-level security policies of one workspace schema.
std::string team_policies_sql(const std::string& schema);

// The road network bytes stored in PostgreSQL (empty when none).
std::string read_pg_road_blob(const std::string& location);

}  // namespace maraude::io
