// The hues of the laureates' territories, one per Workspace::laureates index: shared by the
// window's map and posters (render/style.h palette::laureate) and the PDF pages of the
// handout and the dossier (io/pdf_atlas.cpp), which have no GL.
#pragma once
#include <cstddef>
#include <cstdint>

namespace maraude {

// 0xRRGGBB of laureate `i`; 18 distinct hues, repeated beyond. No pure red: red is the
// gaps' colour (core/cartography.h).
inline uint32_t laureate_hue(size_t i) {
  static constexpr uint32_t kHues[18] = {
      0x1f78b4, 0x33a02c, 0x01665e, 0xff7f00, 0x6a3d9a, 0xb15928, 0x1b9e77, 0xd95f02,
      0x7570b3, 0xe7298a, 0x66a61e, 0xa6761d, 0x386cb0, 0xbf5b17, 0x17becf, 0x8c564b,
      0x9467bd, 0x2ca02c};
  return kHues[i % 18];
}

}  // namespace maraude
