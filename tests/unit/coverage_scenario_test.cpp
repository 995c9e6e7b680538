// Scenario text format, default scenario and bad input.
#include <gtest/gtest.h>

#include "core/coverage/scenario.h"
#include "core/error.h"
#include "coverage_synthetic.h"

using namespace maraude;
using namespace maraude::coverage;

TEST(CoverageReach, ParsesAndRefusesAbsurdValues) {
  EXPECT_EQ(Reach::parse("15km").value, 15000);
  EXPECT_EQ(Reach::parse("15 km").mode, ReachMode::Distance);
  EXPECT_EQ(Reach::parse("800m").value, 800);
  EXPECT_EQ(Reach::parse("20min").value, 1200);
  EXPECT_EQ(Reach::parse("20 min").mode, ReachMode::Time);
  EXPECT_EQ(Reach::parse("1,5h").value, 5400);
  EXPECT_EQ(Reach::parse("12,5km").value, 12500);
  for (const char* bad : {"0km", "-5km", "150km", "200min", "abc", "", "15", "15 parsecs", "nankm"})
    EXPECT_THROW(Reach::parse(bad), Error) << bad;
  EXPECT_EQ(Reach::km(15).label(), "15 km");
  EXPECT_EQ(Reach::minutes(20).token(), "20min");
}

TEST(CoverageScenario, TextRoundTrip) {
  Workspace ws = maraude::test::grid_workspace(2, 10000);
  Service sv;
  sv.id = "fs-1";
  sv.kind = ServiceKind::FranceServices;
  sv.name = "France services Test";
  sv.pos = {705000, 7005000};
  ws.services.push_back(sv);
  Scenario s;
  s.name = "Essai\tavec tab";
  s.description = "desc";
  s.default_reach = Reach::minutes(20);
  ServicePoint p = maraude::test::point("perm-1", {712345.5, 7011111.25});
  p.kind = ServiceKind::MobileStop;
  p.vehicle = "camping-car";
  p.days = "lun,jeu";
  p.hours = "09:00-12:00";
  p.carrier = "tour_emploi";
  p.reach = Reach::km(10);
  s.points.push_back(p);
  ServicePoint r;
  r.id = r.ref = "fs-1";
  s.points.push_back(r);
  const std::string text = to_text(s);
  Scenario back = from_text(text, ws, "test");
  EXPECT_EQ(back.name, "Essai avec tab");
  EXPECT_EQ(back.default_reach, Reach::minutes(20));
  ASSERT_EQ(back.points.size(), 2u);
  EXPECT_EQ(back.points[0].id, "perm-1");
  EXPECT_EQ(back.points[0].kind, ServiceKind::MobileStop);
  EXPECT_DOUBLE_EQ(back.points[0].pos.x, 712345.5);
  EXPECT_EQ(back.points[0].vehicle, "camping-car");
  EXPECT_EQ(*back.points[0].reach, Reach::km(10));
  EXPECT_EQ(back.points[1].name, "France services Test");  // resolved from the workspace
  EXPECT_DOUBLE_EQ(back.points[1].pos.y, 7005000);
  EXPECT_FALSE(back.points[1].reach.has_value());
  EXPECT_NO_THROW(validate(back, ws));
}

TEST(CoverageScenario, MissingReferencedPointIsAnErrorWithTheLine) {
  Workspace ws = maraude::test::grid_workspace(1, 10000);
  try {
    from_text("nom\tx\nportee\t15km\nref\tfs-404\t-\n", ws, "scénario x");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadInput);
    EXPECT_NE(e.where().find("ligne 3"), std::string::npos);
    EXPECT_NE(e.what_text().find("fs-404"), std::string::npos);
  }
  EXPECT_THROW(from_text("point\ta\tpermanence\tabc\t7000000\n", ws, "s"), Error);
  EXPECT_THROW(from_text("point\ta\tpermanence\t\t7000000\n", ws, "s"), Error);
  EXPECT_THROW(from_text("point\ta\tbateau\t700000\t7000000\n", ws, "s"), Error);
  EXPECT_THROW(from_text("portee\t0km\n", ws, "s"), Error);
  EXPECT_THROW(from_text("zorglub\t1\n", ws, "s"), Error);
}

TEST(CoverageScenario, PointOutsideTheRegionIsRefused) {
  Workspace ws = maraude::test::grid_workspace(2, 10000);
  Scenario s;
  s.name = "x";
  s.points = {maraude::test::point("paris", {652000, 6862000})};
  try {
    validate(s, ws);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.what_text().find("hors de la région"), std::string::npos);
    EXPECT_NE(e.where().find("paris"), std::string::npos);
  }
  s.points = {maraude::test::point("lonlat", {3.06, 50.63})};  // lon/lat given as x/y
  EXPECT_THROW(validate(s, ws), Error);
  s.points = {maraude::test::point("border", {721000, 7005000})};  // 1 km outside: tolerated
  EXPECT_NO_THROW(validate(s, ws));
}

TEST(CoverageScenario, DefaultScenarioTakesEveryPublicService) {
  Workspace ws = maraude::test::grid_workspace(1, 10000);
  for (int k = 0; k < 6; ++k) {
    Service sv;
    sv.id = "s" + std::to_string(k);
    sv.kind = static_cast<ServiceKind>(k);
    sv.pos = {705000, 7005000};
    ws.services.push_back(sv);
  }
  Scenario s = default_scenario(ws, Reach::km(15));
  EXPECT_EQ(s.name, kDefaultScenarioName);
  EXPECT_EQ(s.points.size(), 4u);  // FS, FS bus, FT, ML; not user permanences/stops
  EXPECT_EQ(s.points[0].ref, "s0");
}
