// Text helpers (core/text.h): Unicode case mapping and accent folding, the one place for both;
// and the region texts (core/region_text.h) of a workspace without Hauts-de-France.
#include <gtest/gtest.h>

#include "core/region_text.h"
#include "core/text.h"

using namespace maraude;

TEST(Text, UpperCaseKeepsAccentsAsCapitals) {
  EXPECT_EQ(to_upper("Lozère"), "LOZÈRE");
  EXPECT_EQ(to_upper("Ariège"), "ARIÈGE");
  EXPECT_EQ(to_upper("Pyrénées-Orientales"), "PYRÉNÉES-ORIENTALES");
  EXPECT_EQ(to_upper("Côtes-d’Armor"), "CÔTES-D’ARMOR");
  EXPECT_EQ(to_upper("Haÿ-les-Roses, œuvre, Ægir, ça"), "HAŸ-LES-ROSES, ŒUVRE, ÆGIR, ÇA");
  EXPECT_EQ(to_upper("Straße"), "STRASSE");
  EXPECT_EQ(to_upper("Łódź Kraków"), "ŁÓDŹ KRAKÓW");
  EXPECT_EQ(to_upper("αθηνα"), "ΑΘΗΝΑ");
  EXPECT_EQ(to_upper("москва"), "МОСКВА");
  EXPECT_EQ(to_upper("×÷ 12"), "×÷ 12");  // not letters
}

TEST(Text, LowerCaseIsTheInverse) {
  for (const char* s : {"Lozère", "PYRÉNÉES-ORIENTALES", "Œuvre", "ŁÓDŹ", "Ÿ"}) EXPECT_EQ(to_lower(to_upper(s)), to_lower(s)) << s;
  EXPECT_EQ(to_lower("ÉCOLE ŒUVRE Ÿ"), "école œuvre ÿ");
  for (char32_t c = 0x20; c < 0x250; ++c)
    if (upper_cp(c) != c) {
      EXPECT_EQ(lower_cp(upper_cp(c)), c == 0x131 ? U'i' : c == 0x17F ? U's' : c) << static_cast<int>(c);
    }
}

TEST(Text, FoldIgnoresCaseAndAccents) {
  EXPECT_EQ(fold("SAINT-ÉTIENNE"), fold("Saint-Étienne"));
  EXPECT_EQ(fold("Saint-Étienne"), "saint-etienne");
  EXPECT_EQ(fold("ŒUVRE Œuvre œuvre"), "oeuvre oeuvre oeuvre");
  EXPECT_EQ(fold("Łódź"), "lodz");
  EXPECT_EQ(fold("LOZÈRE"), "lozere");
  EXPECT_EQ(fold("Ÿ ÿ Ç ç"), "y y c c");
  EXPECT_EQ(fold(to_upper("Pyrénées-Orientales")), fold("pyrenees-orientales"));
}

TEST(RegionText, ComesFromTheWorkspace) {
  Workspace ws;
  ws.region.code = "99";
  ws.region.name = "Test Monaco";
  EXPECT_EQ(map_title(ws), "Test Monaco — repérer les publics invisibles");
  EXPECT_EQ(window_title(ws), "Maraude — Test Monaco");
  EXPECT_EQ(starter_story_name(ws), "Récit de départ — Test Monaco");
  // No NEET figure of its own: the default share is said to be borrowed, no other region named.
  EXPECT_DOUBLE_EQ(neet_share(ws), 0.128);
  EXPECT_EQ(neet_source(ws).find("Hauts-de-France"), std::string::npos);
  EXPECT_NE(neet_source(ws).find("neet_share"), std::string::npos);
  ws.meta["neet.share"] = "0.11";
  ws.meta["neet.source"] = "enquête locale";
  EXPECT_DOUBLE_EQ(neet_share(ws), 0.11);
  EXPECT_EQ(neet_source(ws), "enquête locale");
  // Sources name only what was imported.
  EXPECT_EQ(sources_line(ws), "Sources : IGN ADMIN EXPRESS, INSEE — Licence Ouverte");
  Service s;
  s.kind = ServiceKind::MissionLocale;
  ws.services.push_back(s);
  ws.qpvs.push_back({});
  ws.meta["qpv.vintage"] = "2030";
  EXPECT_EQ(sources_line(ws), "Sources : IGN ADMIN EXPRESS, INSEE, ANCT (QPV 2030), UNML — Licence Ouverte");
  EXPECT_EQ(service_kinds_words(ws), "missions locales");
  // Hauts-de-France keeps today's texts.
  Workspace hdf;
  hdf.region = {"32", "Hauts-de-France", {}};
  EXPECT_EQ(neet_source(hdf), "Apprentis d'Auteuil : 12,8 % des 16-29 ans sont NEET en Hauts-de-France");
}

TEST(Text, FrenchDateSaysPremierOnTheFirst) {
  EXPECT_EQ(french_date(2027, 2, 1), "1er février 2027");
  EXPECT_EQ(french_date(2026, 12, 7), "7 décembre 2026");
  EXPECT_EQ(french_date(2026, 8, 15), "15 août 2026");
}
