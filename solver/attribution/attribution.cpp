#include "solver/attribution/attribution.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <sstream>
#include <utility>

#include "emissions/scenarios/zones.hpp"
#include "solver/core/utc_time.hpp"

namespace lantian::attribution {

namespace fs = std::filesystem;

Attribution::Attribution(TagSet tags, const state::SpeciesList& species) : tags_(std::move(tags)) {
  tracer_.assign(static_cast<size_t>(species.size()), 0);
  for (const auto& s : tags_.species) {
    TaggedSpecies t;
    t.bulk = species.index(s);
    for (const auto& name : tags_.names()) {
      const int n = species.index(tracer_name(s, name));
      t.tracers.push_back(n);
      tracer_[static_cast<size_t>(n)] = 1;
    }
    tagged_.push_back(std::move(t));
  }
}

bool Attribution::is_tracer(int n) const {
  return n >= 0 && static_cast<size_t>(n) < tracer_.size() && tracer_[static_cast<size_t>(n)];
}

std::vector<std::vector<int>> Attribution::emission_tracers(int nspecies) const {
  std::vector<std::vector<int>> out(static_cast<size_t>(nspecies));
  for (const auto& t : tagged_) {
    auto& e = out[static_cast<size_t>(t.bulk)];
    e.assign(t.tracers.begin(), t.tracers.end() - 2);  // the user's tags and other
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> Attribution::definitions() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& t : tags_.tags) {
    std::ostringstream os;
    auto date = [](std::int64_t day) { return UtcTime::from_unix_seconds(day * 86400LL).iso().substr(0, 10); };
    if (t.zone_kind != emis::ScenarioRule::ZoneKind::polygon) {
      os << "the whole domain";
    } else if (t.zones_file.empty()) {
      const auto b = emis::zone_bbox(t.zone);
      os << "box [" << b[0] << ", " << b[1] << ", " << b[2] << ", " << b[3] << "]";
    } else {
      os << "zone '" << t.zone.name << "' of " << fs::path(t.zones_file).filename().string();
    }
    os << "; sectors";
    if (t.sectors.empty()) os << " all";
    for (const auto& sector : t.sectors) os << " " << sector;
    if (t.hour0 != 0 || t.hour1 != 24) os << "; local hours [" << t.hour0 << ", " << t.hour1 << ")";
    constexpr auto k_min = std::numeric_limits<std::int64_t>::min();
    constexpr auto k_max = std::numeric_limits<std::int64_t>::max();
    if (t.first_day != k_min || t.last_day != k_max)
      os << "; local dates " << (t.first_day == k_min ? std::string("any") : date(t.first_day)) << " to "
         << (t.last_day == k_max ? std::string("any") : date(t.last_day));
    static const char* days[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    if (std::count(t.days_of_week.begin(), t.days_of_week.end(), true) != 7) {
      os << "; days";
      for (int d = 0; d < 7; ++d)
        if (t.days_of_week[static_cast<size_t>(d)]) os << " " << days[d];
    }
    out.emplace_back(t.name,
                     os.str() + " (" + fs::path(t.file).filename().string() + ":" + std::to_string(t.line) + ")");
  }
  out.emplace_back("other", "emissions that no tag selects");
  out.emplace_back("boundary", "lateral and top inflow");
  out.emplace_back("initial", "the initial state");
  return out;
}

void Attribution::set_boundaries(transport::BoundaryConditions& bc) const {
  for (const auto& t : tagged_)
    for (int n : t.tracers) {
      auto& p = bc.profile.at(static_cast<size_t>(n));
      p = bc.profile.at(static_cast<size_t>(t.bulk));
      if (n != t.boundary())
        for (double& v : p) v = 0.0;
    }
}

void Attribution::set_initial(state::ChemState& st) const {
  const auto& e = st.extents();
  for (const auto& t : tagged_) {
    const auto q = st.field(t.bulk).view();
    for (int n : t.tracers) {
      auto r = st.field(n).view();
      for (int k = 0; k < e.nz; ++k)
        for (int j = 0; j < e.ny; ++j)
          for (int i = 0; i < e.nx; ++i) r(i, j, k) = n == t.initial() ? q(i, j, k) : 0.0;
    }
  }
}

RatioStep::RatioStep(std::shared_ptr<const Attribution> a, std::string after, bool gain_to_other)
    : a_(std::move(a)), after_(std::move(after)), gain_to_other_(gain_to_other) {}

void RatioStep::advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) {
  (void)met;
  (void)dt_s;
  const auto& e = st.extents();
  for (const auto& t : a_->tagged()) {
    const auto q = st.field(t.bulk).view();
    std::vector<grid::View3D<double>> r;
    for (int n : t.tracers) r.push_back(st.field(n).view());
    const int other = static_cast<int>(t.tracers.size()) - 3;
#pragma omp parallel for schedule(static)
    for (int j = 0; j < e.ny; ++j)
      for (int k = 0; k < e.nz; ++k)
        for (int i = 0; i < e.nx; ++i) {
          double sum = 0.0;
          for (const auto& v : r) sum += v(i, j, k);
          const double bulk = q(i, j, k);
          if (sum <= 0.0) {
            for (auto& v : r) v(i, j, k) = 0.0;
            r[static_cast<size_t>(other)](i, j, k) = bulk;
          } else if (gain_to_other_ && bulk > sum) {
            r[static_cast<size_t>(other)](i, j, k) += bulk - sum;
          } else {
            const double f = bulk / sum;
            for (auto& v : r) v(i, j, k) *= f;
          }
        }
  }
}

}  // namespace lantian::attribution
