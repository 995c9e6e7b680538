// Whether a route fits its slot with the lunch break somewhere in it: the one simulation
// behind check_route() (route_check.cpp, a route given as its sequence) and the search's
// insertion test (solver.cpp, a route with one job inserted, legs read from its cache).
// The part before the break, which every break position shares, is run once (so the times
// are the same to the last bit as a full simulation), and break positions are tried from the
// likeliest one (the first leg starting after the break opens); any feasible position
// answers yes, so the order does not change the answer.
#pragma once
#include <algorithm>
#include <cstddef>
#include <vector>

#include "core/routing/problem.h"

namespace maraude::routing {

// L: the route's number of jobs; job_at(k): the job index at position k (k < L);
// leg(k): the travel time of leg k, from position k - 1 (the start for k = 0) to position k
// (the end for k = L). `pre` is scratch space kept by the caller between calls.
template <class JobAt, class Leg>
bool break_fits(const Problem& p, const RouteSlot& s, size_t L, JobAt job_at, Leg leg, std::vector<double>& pre) {
  pre.resize(L + 2);
  // pre[k]: the time before leg k (k <= L), pre[L + 1]: the return, all without a break;
  // valid up to `upto` (a visit's window missed before leg upto + 1 fails every later break).
  size_t upto = L + 1;
  {
    double t = s.open_s;
    for (size_t k = 0; k <= L; ++k) {
      pre[k] = t;
      t += leg(k);
      if (k < L) {
        const Job& jb = p.jobs[static_cast<size_t>(job_at(k))];
        const double st = std::max(t, jb.open_s);
        if (st > jb.close_s + 1e-9) {
          upto = k;
          break;
        }
        t = st + jb.service_s;
      }
    }
    if (upto == L + 1) pre[L + 1] = t;
  }
  auto try_break = [&](size_t b) {
    if (b == L + 1) {
      const double t = pre[L + 1];
      if (t > s.close_s + 1e-9) return false;
      const double bs = std::max(t, s.break_open_s);
      return !(bs + s.break_s > s.break_close_s + 1e-9);
    }
    const double bs = std::max(pre[b], s.break_open_s);
    if (bs + s.break_s > s.break_close_s + 1e-9) return false;
    double t = bs + s.break_s;
    for (size_t k = b; k <= L; ++k) {
      t += leg(k);
      if (k < L) {
        const Job& jb = p.jobs[static_cast<size_t>(job_at(k))];
        const double st = std::max(t, jb.open_s);
        if (st > jb.close_s + 1e-9) return false;
        t = st + jb.service_s;
      }
    }
    return !(t > s.close_s + 1e-9);
  };
  size_t first = 0;
  while (first < upto && pre[first] < s.break_open_s) ++first;
  if (try_break(first)) return true;
  if (first > 0 && try_break(first - 1)) return true;
  for (size_t b = 0; b <= upto; ++b)
    if (b != first && b + 1 != first && try_break(b)) return true;
  return false;
}

}  // namespace maraude::routing
