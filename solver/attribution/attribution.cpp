#include "solver/attribution/attribution.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <sstream>
#include <utility>

#include "emissions/scenarios/zones.hpp"
#include "meteo/met_fields.hpp"
#include "solver/core/error.hpp"
#include "solver/core/utc_time.hpp"

namespace lantian::attribution {

namespace fs = std::filesystem;

std::shared_ptr<const Attribution> Attribution::create(const config::CaseConfig& cfg, TagSet tags,
                                                       state::SpeciesList& species, bool grouped) {
  std::shared_ptr<Attribution> a(new Attribution);
  try {
    a->families_ = plan_families(tags.species, species, grouped);
  } catch (const Error& e) {
    throw cfg.error_at("attribution.species", e.what());
  }
  const auto names = tags.names();
  for (auto& f : a->families_)
    for (const auto& t : names) {
      state::SpeciesInfo info = species[f.members[0]];
      info.name = tracer_name(f.name, t);
      info.long_name = (f.direct() ? f.name : "family " + f.name + " [" + f.units + "]") + " attributed to tag " + t;
      if (species.find(info.name) >= 0)
        throw cfg.error_at("attribution.species", "the tracer name '" + info.name + "' is already a species");
      species.add(info);
      f.tracers.push_back(species.index(info.name));
    }
  a->tracer_.assign(static_cast<size_t>(species.size()), 0);
  for (const auto& f : a->families_)
    for (int n : f.tracers) a->tracer_[static_cast<size_t>(n)] = 1;
  for (const auto& s : tags.species) {
    const int n = species.index(s);
    a->tagged_.push_back({s, n, family_of(a->families_, n)});
  }
  for (const auto& f : a->families_)
    if (f.gain == GainRule::ozone) {
      a->oh_ = species.index("OH");
      a->ho2_ = species.index("HO2");
      a->no2_ = species.index("NO2");
    }
  a->tags_ = std::move(tags);
  return a;
}

bool Attribution::is_tracer(int n) const {
  return n >= 0 && static_cast<size_t>(n) < tracer_.size() && tracer_[static_cast<size_t>(n)];
}

std::vector<std::vector<emis::EmissionProcess::TagTarget>> Attribution::emission_targets(int nspecies) const {
  std::vector<std::vector<emis::EmissionProcess::TagTarget>> out(static_cast<size_t>(nspecies));
  for (const auto& f : families_)
    for (size_t m = 0; m < f.members.size(); ++m)  // the user's tags and other
      out[static_cast<size_t>(f.members[m])].push_back({{f.tracers.begin(), f.tracers.end() - 2}, f.weights[m]});
  return out;
}

std::string Attribution::method(const TaggedSpecies& t) const {
  const Family& f = families_[static_cast<size_t>(t.family)];
  std::string out;
  if (f.direct()) out = "the tracers of " + f.name + " (one per tag)";
  else out = t.name + " times each tag's share of the tracer family " + f.name + " [" + f.units + "]";
  switch (f.gain) {
    case GainRule::own: out += "; chemical gains by the family's own shares"; break;
    case GainRule::other: out += "; chemical gains (if any) to 'other'"; break;
    case GainRule::precursor:
      out += "; chemical and aerosol gains by the shares of " + families_[static_cast<size_t>(f.precursors[0])].name;
      break;
    case GainRule::ozone:
      out += "; ozone production by the shares of NOX where P(H2O2)/P(HNO3) > 0.35 (NOx-limited), else of VOC (OSAT)";
      break;
  }
  return out + " (docs/attribution.md)";
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
  for (const auto& f : families_) {
    const int boundary = f.tracers[f.tracers.size() - 2];
    for (int n : f.tracers)
      if (n == boundary) bc.set_weighted_sum(n, f.members, f.weights);
      else bc.set_zero(n);
  }
}

void Attribution::set_initial(state::ChemState& st) const {
  const auto& e = st.extents();
  for (const auto& f : families_) {
    std::vector<grid::View3D<double>> q;
    for (int n : f.members) q.push_back(st.field(n).view());
    const int initial = f.tracers.back();
    for (int n : f.tracers) {
      auto r = st.field(n).view();
      for (int k = 0; k < e.nz; ++k)
        for (int j = 0; j < e.ny; ++j)
          for (int i = 0; i < e.nx; ++i) {
            double total = 0.0;
            if (n == initial)
              for (size_t m = 0; m < q.size(); ++m) total += f.weights[m] * q[m](i, j, k);
            r(i, j, k) = total;
          }
    }
  }
}

RatioStep::RatioStep(std::shared_ptr<const Attribution> a, std::string after, bool apply_gains,
                     const process::Process* before)
    : a_(std::move(a)), after_(std::move(after)), apply_gains_(apply_gains), before_(before) {}

std::vector<int> RatioStep::written_species(const state::ChemState& st) const {
  (void)st;
  std::vector<int> out;
  for (const auto& f : a_->families()) out.insert(out.end(), f.tracers.begin(), f.tracers.end());
  return out;
}

void RatioStep::advance_impl(state::ChemState& st, const process::MetStep& met, double dt_s) {
  (void)dt_s;
  const auto& e = st.extents();
  const auto& fams = a_->families();
  struct Views {
    std::vector<grid::View3D<double>> q, c;
    const std::vector<double>* w;
  };
  std::vector<Views> v;
  for (const auto& f : fams) {
    Views x{{}, {}, &f.weights};
    for (int n : f.members) x.q.push_back(st.field(n).view());
    for (int n : f.tracers) x.c.push_back(st.field(n).view());
    v.push_back(std::move(x));
  }
  const bool regime = apply_gains_ && a_->oh() >= 0;
  grid::View3D<double> oh, ho2, no2;
  if (regime) {
    oh = st.field(a_->oh()).view();
    ho2 = st.field(a_->ho2()).view();
    no2 = st.field(a_->no2()).view();
  }
  if (visit_.size() != fams.size()) {
    std::vector<char> written(static_cast<size_t>(st.nspecies()), before_ ? 0 : 1);
    if (before_)
      for (int n : before_->written_species(st)) written[static_cast<size_t>(n)] = 1;
    visit_.assign(fams.size(), 0);
    for (size_t fi = 0; fi < fams.size(); ++fi)
      for (int n : fams[fi].members) visit_[fi] = visit_[fi] || written[static_cast<size_t>(n)];
  }
  const meteo::MetFields& m = met.mid;
  const int nx = e.nx, nz = std::min(e.nz, layers_written());
  const std::vector<char>* written_cols = before_ ? before_->columns_written() : nullptr;
  const size_t ncol = static_cast<size_t>(nx) * static_cast<size_t>(e.ny);
  const std::vector<char>* columns = written_cols && written_cols->size() == ncol ? written_cols : nullptr;
  // Row by row (i contiguous; layer by layer, so that a species' rows follow each other in
  // memory), family by family (precursors before the families they feed): the family totals
  // and tracer sums, and the ratio, run along the row; the cells that need more (no tracers
  // yet, a gain) follow one by one. Each cell's arithmetic is the same as a cell-by-cell
  // loop's: sums in member and tracer order, scaling by the ratio (1 leaves a value unchanged).
#pragma omp parallel
  {
    std::vector<double> bulk(static_cast<size_t>(nx)), sum(static_cast<size_t>(nx)), ratio(static_cast<size_t>(nx));
    std::vector<int> special;
#pragma omp for schedule(static) collapse(2)
    for (int k = 0; k < nz; ++k)
      for (int j = 0; j < e.ny; ++j) {
        const char* here = columns ? columns->data() + static_cast<size_t>(j) * static_cast<size_t>(nx) : nullptr;
        if (here && std::find(here, here + nx, 1) == here + nx) continue;  // no column of the row changed
        for (size_t fi = 0; fi < fams.size(); ++fi) {
          if (!visit_[fi]) continue;
          const Family& f = fams[fi];
          const auto& c = v[fi].c;
          const std::vector<double>& w = *v[fi].w;
          const size_t nt = c.size(), other = nt - 3;
          double* __restrict b = bulk.data();
          double* __restrict s = sum.data();
          double* __restrict r = ratio.data();
          for (int i = 0; i < nx; ++i) b[i] = 0.0;
          for (size_t n = 0; n < v[fi].q.size(); ++n) {
            const double* __restrict q = v[fi].q[n].row(j, k);
            const double wn = w[n];
            for (int i = 0; i < nx; ++i) b[i] += wn * q[i];
          }
          for (int i = 0; i < nx; ++i) s[i] = 0.0;
          for (size_t t = 0; t < nt; ++t) {
            const double* __restrict ct = c[t].row(j, k);
            for (int i = 0; i < nx; ++i) s[i] += ct[i];
          }
          special.clear();
          for (int i = 0; i < nx; ++i) {
            const bool changed = !here || here[i] != 0;
            const bool by_ratio = changed && s[i] > 0.0 && (!apply_gains_ || b[i] <= s[i] || f.gain == GainRule::own);
            r[i] = by_ratio ? b[i] / s[i] : 1.0;
            if (changed && !by_ratio) special.push_back(i);
          }
          for (size_t t = 0; t < nt; ++t) {
            double* __restrict ct = c[t].row(j, k);
            for (int i = 0; i < nx; ++i) ct[i] *= r[i];
          }
          for (const int i : special) {
            if (s[i] <= 0.0) {
              for (auto& t : c) t(i, j, k) = 0.0;
              c[other](i, j, k) = b[i];
              continue;
            }
            // A gain from chemistry or aerosol: from which family?
            int from = -1;
            if (f.gain == GainRule::precursor) from = f.precursors[0];
            if (f.gain == GainRule::ozone)
              from = peroxide_nitric_ratio(oh(i, j, k), ho2(i, j, k), no2(i, j, k), m.temp_k(i, j, k),
                                           m.press_pa(i, j, k), m.qv_kg_kg(i, j, k)) > k_osat_regime_threshold
                         ? f.precursors[0]
                         : f.precursors[1];
            const double gain = b[i] - s[i];
            double from_sum = 0.0;
            if (from >= 0)
              for (auto& t : v[static_cast<size_t>(from)].c) from_sum += t(i, j, k);
            if (from < 0 || from_sum <= 0.0) {
              c[other](i, j, k) += gain;
              continue;
            }
            const auto& src = v[static_cast<size_t>(from)].c;
            const double per = gain / from_sum;
            for (size_t t = 0; t < nt; ++t) c[t](i, j, k) += per * src[t](i, j, k);
          }
        }
      }
  }
}

}  // namespace lantian::attribution
