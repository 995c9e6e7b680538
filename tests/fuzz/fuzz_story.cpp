// Story documents (core/story): the text format, and its round trip (what is accepted is
// written back and read again to the same story).
#include "core/error.h"
#include "core/story.h"
#include "fuzz_support.h"

using namespace maraude;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (std::getenv("FUZZ_WRITE_SEEDS")) {
    StarterOptions opt;
    fuzz::write_seed("starter.story", story_to_text(starter_story(fuzz::monaco(), opt)));
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string t = fuzz::text(data, size);
  Story s;
  try {
    s = story_from_text(t, "fuzz.story");
  } catch (const Error&) {
    return 0;
  }
  const std::string again = story_to_text(s);
  Story back;
  try {
    back = story_from_text(again, "round trip");
  } catch (const Error& e) {
    fuzz::require(false, ("a story written by story_to_text is refused: " + e.format()).c_str(), t);
  }
  fuzz::require(back == s, "a story changes through story_to_text / story_from_text", t);
  return 0;
}
