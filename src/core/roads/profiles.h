// Travel profiles: which OSM ways a car or a walker may use, in which direction, how fast.
// The tables are a documented text file (data/geo/road_profiles.ini) a user may edit;
// the built-in defaults are the same values. Turn restrictions are not honoured.
#pragma once
#include <array>
#include <functional>
#include <string>

#include "core/roads/graph.h"

namespace maraude::roads {

struct ProfileTable {
  // Speed per class in km/h; 0 = the class is not routable for this profile.
  // Car: two tables, urban and rural (chosen per way by the INSEE density level at its middle).
  std::array<double, static_cast<int>(RoadClass::Count)> car_urban_kmh{};
  std::array<double, static_cast<int>(RoadClass::Count)> car_rural_kmh{};
  // Foot: foot_speed_kmh where the class is walkable (the file's oui/non column), 0 elsewhere.
  std::array<double, static_cast<int>(RoadClass::Count)> foot_kmh{};
  double foot_speed_kmh = 4.5;       // walking speed on every allowed class
  double access_walk_kmh = 4.5;      // speed of the off-network part between a point and the road
  double max_snap_m = 1000;          // a point farther than this from any road is unreachable
  double reach_buffer_m = 300;       // reached roads are buffered by this to make the reach area
  double maxspeed_factor = 0.9;      // a signed maxspeed is driven at this share on average
  std::string source;                // "défauts intégrés" or the file path

  static ProfileTable defaults();
  // Parses the text format (see data/geo/road_profiles.ini); throws Error(BadInput) naming
  // the file and line on an unknown key, class or a non-number.
  static ProfileTable parse(const std::string& text, const std::string& where);
  static ProfileTable load(const std::string& path);
  std::string to_text() const;  // the same format, round-trips through parse()
};

// Tag lookup: returns the value of a key, or nullptr.
using TagFn = std::function<const char*(const char* key)>;

// The class of a way from its highway tag, false when it has none the profiles know.
bool way_class(const TagFn& tags, RoadClass& cls);
// What `profile` may do on a way of class `cls` with these tags (access, oneway, maxspeed).
// `rural`: pick the car's rural speed table. The rules are listed in data/geo/road_profiles.ini:
// car — the most specific of motorcar, motor_vehicle, vehicle, access decides (no, private,
// agricultural, forestry, military close the way); oneway=yes|1|true forward, -1|reverse
// backward, reversible closed, implied on roundabouts and motorway(_link); a parsed maxspeed
// × maxspeed_factor, else the class speed. Foot — both directions always; foot, then access,
// decides; foot=yes|designated|permissive also opens a non-walkable class except motorways.
WayAccess way_access(const ProfileTable& t, Profile profile, RoadClass cls, const TagFn& tags, bool rural);
// Parses an OSM maxspeed value ("50", "50 km/h", "30 mph", "FR:urban"...); 0 if it does not parse.
double parse_maxspeed_kmh(const char* v);

}  // namespace maraude::roads
